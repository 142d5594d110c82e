import { startEventSourcedService, stopOnSignals } from "@hr/kit";
import { telemetry } from "./instrument";
import { skillsService } from "./skills.service";

startEventSourcedService(skillsService).then(
  (service) =>
    stopOnSignals({ stop: () => service.stop().finally(() => telemetry.shutdown()) }, service.app.log),
  (error: Error) => {
    console.error(`skills service could not start: ${error.message}`);
    process.exit(1);
  },
);
