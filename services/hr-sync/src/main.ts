import "./instrument";
import { startEventSourcedService, stopOnSignals } from "@hr/kit";
import { stopTelemetry } from "@hr/kit/telemetry";
import { hrSyncService } from "./hr-sync.service";

startEventSourcedService(hrSyncService).then(
  (service) => stopOnSignals({ stop: () => service.stop().finally(stopTelemetry) }, service.app.log),
  (error: Error) => {
    console.error(`hr-sync service could not start: ${error.message}`);
    process.exit(1);
  },
);
