import "./instrument";
import { startEventSourcedService, stopOnSignals } from "@hr/kit";
import { stopTelemetry } from "@hr/kit/telemetry";
import { trainingService } from "./training.service";

startEventSourcedService(trainingService).then(
  (service) => stopOnSignals(service, service.app.log, { flush: stopTelemetry }),
  (error: Error) => {
    console.error(`training service could not start: ${error.message}`);
    process.exit(1);
  },
);
