/** Given/when/then support for the skills domain's unit tests (pure: no store, no broker). */
import { deciderSpec } from "@hr/testing";
import { defaultSkillMaps } from "../src/domain/default-catalogue";
import type { SkillMap } from "../src/domain/skill-map";
import type { SkillProfileCommand } from "../src/domain/skill-profile.commands";
import { skillProfileDecider } from "../src/domain/skill-profile.decider";

export const EMPLOYEE = "E1900123";
export const TODAY = "2024-06-14";

/** FY2024 and FY2025 defaults, plus a FY2026 version without the `network` skill and role `cloud-engineer-sre`. */
export const CATALOGUES: SkillMap[] = [...defaultSkillMaps(), fy2026WithoutNetwork()];

function fy2026WithoutNetwork(): SkillMap {
  const [, fy2025] = defaultSkillMaps();
  const map = structuredClone(fy2025!);
  map.fiscalYear = 2026;
  map.skills = map.skills.filter((s) => s.id !== "network");
  map.roles = map.roles
    .filter((r) => r.id !== "cloud-engineer-sre")
    .map((r) => ({ ...r, requirements: r.requirements.filter((q) => q.skillId !== "network") }));
  return map;
}

export const { given, historyOf } = deciderSpec(skillProfileDecider);

// Command builders with sensible defaults, overridable per test.

export const record = (over: Partial<Extract<SkillProfileCommand, { type: "RecordAssessment" }>> = {}) =>
  ({
    type: "RecordAssessment",
    employeeId: EMPLOYEE,
    assessmentId: "a1",
    skillId: "data-engineering",
    level: 3,
    assessor: "MANAGER",
    assessedOn: "2024-06-01",
    today: TODAY,
    catalogues: CATALOGUES,
    ...over,
  }) satisfies SkillProfileCommand;

export const changeJobType = (over: Partial<Extract<SkillProfileCommand, { type: "ChangeJobType" }>> = {}) =>
  ({
    type: "ChangeJobType",
    employeeId: EMPLOYEE,
    changeId: "c1",
    toJobType: "ELECTRICAL",
    effectiveDate: "2019-04-01",
    basis: "HIRING",
    ...over,
  }) satisfies SkillProfileCommand;

/** Hired as electrical engineer in 2019; passed the job type change selection to ICT in April 2023. */
export const electricalToIct = () =>
  historyOf(
    changeJobType(),
    changeJobType({
      changeId: "c2",
      toJobType: "ICT",
      effectiveDate: "2023-04-01",
      basis: "PASSED_SELECTION",
      basisDetail: "Qualified as Registered Information Security Specialist",
    }),
  );

export const setTarget = (over: Partial<Extract<SkillProfileCommand, { type: "SetTargetRole" }>> = {}) =>
  ({
    type: "SetTargetRole",
    employeeId: EMPLOYEE,
    targetRoleId: "t1",
    roleId: "data-engineer",
    effectiveDate: "2024-04-01",
    catalogues: CATALOGUES,
    ...over,
  }) satisfies SkillProfileCommand;

export const chooseTrack = (
  over: Partial<Extract<SkillProfileCommand, { type: "ChooseCareerTrack" }>> = {},
) =>
  ({
    type: "ChooseCareerTrack",
    employeeId: EMPLOYEE,
    choiceId: "k1",
    track: "SPECIALIST",
    effectiveDate: "2024-04-01",
    ...over,
  }) satisfies SkillProfileCommand;
