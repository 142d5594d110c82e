import "./instrument";
import { startEventSourcedService, stopOnSignals } from "@hr/kit";
import { stopTelemetry } from "@hr/kit/telemetry";
import { secondmentService } from "./secondment.service";

startEventSourcedService(secondmentService).then(
  (service) => stopOnSignals(service, service.app.log, { flush: stopTelemetry }),
  (error: Error) => {
    console.error(`secondment service could not start: ${error.message}`);
    process.exit(1);
  },
);
