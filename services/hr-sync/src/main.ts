import "./instrument";
import { startEventSourcedService, stopOnSignals } from "@hr/kit";
import { stopTelemetry } from "@hr/kit/telemetry";
import { hrSyncService } from "./hr-sync.service";

startEventSourcedService(hrSyncService).then(
  (service) => stopOnSignals(service, service.app.log, { flush: stopTelemetry }),
  (error: Error) => {
    console.error(`hr-sync service could not start: ${error.message}`);
    process.exit(1);
  },
);
