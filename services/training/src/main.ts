import "./instrument";
import { startEventSourcedService, stopOnSignals } from "@hr/kit";
import { stopTelemetry } from "@hr/kit/telemetry";
import { trainingService } from "./training.service";

startEventSourcedService(trainingService).then(
  (service) => stopOnSignals({ stop: () => service.stop().finally(stopTelemetry) }, service.app.log),
  (error: Error) => {
    console.error(`training service could not start: ${error.message}`);
    process.exit(1);
  },
);
