import { type RunningService, startEventSourcedService } from "@hr/kit";
import { dropDatabase, serviceOverrides, type TestNamespace, testInfra } from "@hr/testing";
import { skillsService } from "../../skills/src/skills.service";
import { trainingService } from "../src/training.service";

/**
 * The training service with the real skills service beside it (eligibility follows the job types skills
 * publishes on hr.skills.v1), each in a database of the namespace; `stop` stops both and drops them.
 */
export async function startTrainingWithSkills(ns: TestNamespace) {
  const skills: RunningService = await startEventSourcedService(skillsService, {
    ...serviceOverrides(ns),
    dbName: `${ns.dbName}s`,
  });
  const training: RunningService = await startEventSourcedService(trainingService, serviceOverrides(ns));
  return {
    skills,
    training,
    stop: async () => {
      await training.stop();
      await skills.stop();
      await dropDatabase(testInfra().mongoUri, ns.dbName);
      await dropDatabase(testInfra().mongoUri, `${ns.dbName}s`);
    },
  };
}

/** Hosts of an overseas dispatch training plan, as the tests over the APIs send them. */
export const COPENHAGEN = {
  name: "City of Copenhagen",
  kind: "DESTINATION_KIND_GOVERNMENT_BODY",
  countryCode: "DK",
  city: "Copenhagen",
};

export const DTU = {
  name: "Technical University of Denmark",
  kind: "DESTINATION_KIND_GRADUATE_SCHOOL",
  countryCode: "DK",
  city: "Lyngby",
};
