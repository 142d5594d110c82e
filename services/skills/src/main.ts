import "./instrument";
import { startEventSourcedService, stopOnSignals } from "@hr/kit";
import { stopTelemetry } from "@hr/kit/telemetry";
import { skillsService } from "./skills.service";

startEventSourcedService(skillsService).then(
  (service) => stopOnSignals(service, service.app.log, { flush: stopTelemetry }),
  (error: Error) => {
    console.error(`skills service could not start: ${error.message}`);
    process.exit(1);
  },
);
