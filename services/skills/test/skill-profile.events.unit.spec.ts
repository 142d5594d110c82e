/**
 * The contract between domain events and proto messages: every event type names a message of
 * hr.skills.v1, and every data field is a field of that message (same name in camelCase), so the codec
 * is `Message.fromPartial(data)` plus the enum mapping (`AssessorKind[data.assessor]`).
 */

import { describe, expect, it } from "vitest";
import { skillsEventCodec } from "../src/api/events.codec";
import { SKILL_PROFILE_EVENT_TYPES, type SkillProfileEvent } from "../src/domain/skill-profile.events";
import {
  CATALOGUES,
  changeJobType,
  chooseTrack,
  EMPLOYEE,
  electricalToIct,
  given,
  historyOf,
  record,
  setTarget,
} from "./domain-fixtures";

function everyEventType(): SkillProfileEvent[] {
  const jobTypes = electricalToIct();
  const assessments = historyOf(
    record(),
    record({ assessmentId: "a2", note: "Led the incident review well" }),
  );
  const state = [...jobTypes, ...assessments];
  const targetRoles = historyOf(setTarget(), {
    type: "ClearTargetRole",
    employeeId: EMPLOYEE,
    targetRoleId: "t2",
    effectiveDate: "2025-01-01",
  });
  const tracks = historyOf(chooseTrack(), {
    type: "ClearCareerTrack",
    employeeId: EMPLOYEE,
    choiceId: "k2",
    effectiveDate: "2025-01-01",
  });
  const decide = (command: Parameters<ReturnType<typeof given>["when"]>[0]) =>
    given(state).when(command).events();
  return [
    ...jobTypes,
    ...assessments,
    ...decide({
      type: "CorrectAssessment",
      employeeId: EMPLOYEE,
      assessmentId: "a1",
      level: 2,
      reason: "Entered level 3; the evaluation sheet of Mr Sato says 2",
      reasonCode: "ENTRY_ERROR",
      catalogues: CATALOGUES,
    }),
    ...decide({
      type: "VoidAssessment",
      employeeId: EMPLOYEE,
      assessmentId: "a2",
      reason: "Recorded for Ms Ito by mistake",
    }),
    ...targetRoles,
    ...given(targetRoles)
      .when({
        type: "CorrectTargetRole",
        employeeId: EMPLOYEE,
        targetRoleId: "t1",
        roleId: "data-scientist",
        reason: "Mr Sato asked for data scientist",
        reasonCode: "ENTRY_ERROR",
        catalogues: CATALOGUES,
      })
      .events(),
    ...given(targetRoles)
      .when({
        type: "VoidTargetRole",
        employeeId: EMPLOYEE,
        targetRoleId: "t2",
        reason: "Mr Sato did not ask",
      })
      .events(),
    ...decide({
      type: "CorrectJobTypeChange",
      employeeId: EMPLOYEE,
      changeId: "c2",
      effectiveDate: "2023-05-01",
      reason: "The decision took effect a month later",
    }),
    ...decide({
      type: "VoidJobTypeChange",
      employeeId: EMPLOYEE,
      changeId: "c2",
      reason: "Selection annulled after appeal",
    }),
    ...tracks,
    ...given(tracks)
      .when({
        type: "CorrectCareerTrackChoice",
        employeeId: EMPLOYEE,
        choiceId: "k1",
        effectiveDate: "2024-05-01",
        reason: "Ms Ito's choice took effect in May",
      })
      .events(),
    ...given(tracks)
      .when({ type: "VoidCareerTrackChoice", employeeId: EMPLOYEE, choiceId: "k2", reason: "Ms Ito did not" })
      .events(),
    ...given([])
      .when(changeJobType({ basisDetail: "Hired through career-use selection" }))
      .events(),
  ];
}

/** Data the skills service keeps but does not publish: free text about a person stays in the service. */
const NOT_PUBLISHED = ["note", "reason", "basisDetail", "replacedBasisDetail"];

describe("domain events and hr.skills.v1 messages", () => {
  const events = everyEventType();

  it("covers every event type", () => {
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(SKILL_PROFILE_EVENT_TYPES));
  });

  it("includes an assessment with a note and job type changes with a basis detail, so leaving them out is tested", () => {
    expect(events.some((e) => e.type === "SkillAssessed" && "note" in e.data)).toBe(true);
    expect(events.some((e) => e.type === "JobTypeChanged" && "basisDetail" in e.data)).toBe(true);
    expect(events.some((e) => e.type === "JobTypeChangeCorrected" && "replacedBasisDetail" in e.data)).toBe(
      true,
    );
  });

  it("publishes the reason of a correction or voiding as a code, never its text", () => {
    const withReason = events.filter((e) => "reason" in e.data);
    expect(withReason).toHaveLength(8);
    for (const event of withReason) {
      const value = skillsEventCodec.encode(event);
      const { reason } = event.data as { reason: string };
      expect(Buffer.from(value).toString("utf8")).not.toContain(reason);
      const decoded = skillsEventCodec.decode(skillsEventCodec.ceType(event.type), value);
      expect(decoded.data).toMatchObject({
        reasonCode: ["SkillAssessmentCorrected", "TargetRoleCorrected"].includes(event.type)
          ? "ENTRY_ERROR"
          : "OTHER",
      });
    }
  });

  it("carries a skill map revision whole (reference data: no employee id in the message)", () => {
    const event = {
      type: "SkillMapRevisionLoaded",
      data: {
        employeeId: "",
        effectiveDate: "2024-04-01",
        fiscalYear: 2024,
        revision: 2,
        skillMap: CATALOGUES[0],
      },
    };
    const decoded = skillsEventCodec.decode(
      skillsEventCodec.ceType(event.type),
      skillsEventCodec.encode(event as never),
    );
    expect(decoded.data).toMatchObject({
      effectiveDate: "2024-04-01",
      fiscalYear: 2024,
      revision: 2,
      skillMap: {
        fiscalYear: 2024,
        categories: expect.arrayContaining([expect.objectContaining({ capability: "GQ" })]),
      },
    });
  });

  it.each(events.map((e) => [e.type, e] as const))(
    "%s survives the hr.skills.v1 codec unchanged, less what is not published",
    (type, event) => {
      const decoded = skillsEventCodec.decode(skillsEventCodec.ceType(type), skillsEventCodec.encode(event));
      const published = Object.fromEntries(
        Object.entries(event.data).filter(([k]) => !NOT_PUBLISHED.includes(k)),
      );
      const received = Object.fromEntries(Object.entries(decoded.data).filter(([, v]) => v !== undefined));
      expect(decoded.type).toBe(type);
      expect(received).toEqual(published);
    },
  );
});
