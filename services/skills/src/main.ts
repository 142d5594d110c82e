import "./instrument";
import { startEventSourcedService, stopOnSignals } from "@hr/kit";
import { stopTelemetry } from "@hr/kit/telemetry";
import { skillsService } from "./skills.service";

startEventSourcedService(skillsService).then(
  (service) => stopOnSignals({ stop: () => service.stop().finally(stopTelemetry) }, service.app.log),
  (error: Error) => {
    console.error(`skills service could not start: ${error.message}`);
    process.exit(1);
  },
);
