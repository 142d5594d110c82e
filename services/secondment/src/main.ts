import "./instrument";
import { startEventSourcedService, stopOnSignals } from "@hr/kit";
import { stopTelemetry } from "@hr/kit/telemetry";
import { secondmentService } from "./secondment.service";

startEventSourcedService(secondmentService).then(
  (service) => stopOnSignals({ stop: () => service.stop().finally(stopTelemetry) }, service.app.log),
  (error: Error) => {
    console.error(`secondment service could not start: ${error.message}`);
    process.exit(1);
  },
);
