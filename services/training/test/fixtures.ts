import { signToken, startEventSourcedService } from "@hr/kit";
import { serviceUnderTest, type TestNamespace } from "@hr/testing";
import { skillsService } from "../../skills/src/skills.service";
import { trainingService } from "../src/training.service";

/**
 * The training service with the real skills service beside it (eligibility follows the job types skills
 * publishes on hr.skills.v1), each in a database of the namespace, started before this file's tests and
 * stopped (their databases dropped) after them. Training's REST calls default to the admin roles.
 */
export function trainingWithSkills(ns: TestNamespace) {
  const kit = { start: startEventSourcedService, sign: signToken };
  const skills = serviceUnderTest(skillsService, ns, { ...kit, dbName: `${ns.dbName}s` });
  const training = serviceUnderTest(trainingService, ns, { ...kit, roles: ["training-admin", "hr-admin"] });
  return { skills, training };
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
