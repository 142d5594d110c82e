import { fold } from "@hr/kit";
import { describe, expect, it } from "vitest";
import { heldLevels, profileView } from "../src/domain/profile";
import { skillProfileDecider } from "../src/domain/skill-profile.decider";
import type { SkillProfileEvent } from "../src/domain/skill-profile.events";
import {
  CATALOGUES,
  changeJobType,
  chooseTrack,
  EMPLOYEE,
  electricalToIct,
  historyOf,
  record,
  setTarget,
} from "./domain-fixtures";

const viewOf = (events: SkillProfileEvent[], asOf: string) =>
  profileView(fold(skillProfileDecider, events), asOf);

describe("profile: job type", () => {
  it("shows the current job type, since when, and whole years in it", () => {
    const profile = viewOf(electricalToIct(), "2025-03-31");
    expect(profile.employeeId).toBe(EMPLOYEE);
    expect(profile.jobType).toEqual({
      jobType: "ICT",
      since: "2023-04-01",
      basis: "PASSED_SELECTION",
      basisDetail: "Qualified as Registered Information Security Specialist",
      wholeYears: 1,
      fiscalYearInJobType: 2,
    });
    expect(profile.jobTypeHistory.map((c) => [c.fromJobType, c.toJobType])).toEqual([
      [undefined, "ELECTRICAL"],
      ["ELECTRICAL", "ICT"],
    ]);
    expect(viewOf(electricalToIct(), "2025-04-01").jobType).toMatchObject({
      wholeYears: 2,
      fiscalYearInJobType: 3,
    });
  });

  it("counts fiscal years in the job type from the fiscal year of a mid-year change", () => {
    const events = historyOf(
      changeJobType(),
      changeJobType({
        changeId: "c2",
        toJobType: "ICT",
        effectiveDate: "2023-10-01",
        basis: "PASSED_SELECTION",
      }),
    );
    expect(viewOf(events, "2024-03-31").jobType).toMatchObject({ wholeYears: 0, fiscalYearInJobType: 1 });
    expect(viewOf(events, "2024-04-01").jobType).toMatchObject({ wholeYears: 0, fiscalYearInJobType: 2 });
  });

  it("refuses a malformed as-of date, naming it", () => {
    expect(() => viewOf([], "2024-02-30")).toThrow(
      expect.objectContaining({ violations: [expect.objectContaining({ field: "asOf" })] }),
    );
  });

  it("as of a date before a change, shows the job type then and the change as scheduled", () => {
    const profile = viewOf(electricalToIct(), "2023-03-31");
    expect(profile.jobType).toMatchObject({ jobType: "ELECTRICAL", since: "2019-04-01", wholeYears: 3 });
    expect(profile.scheduledJobTypeChanges.map((c) => c.changeId)).toEqual(["c2"]);
  });

  it("follows a correction of the effective date, with its reason", () => {
    const events = [
      ...electricalToIct(),
      {
        type: "JobTypeChangeCorrected" as const,
        data: {
          employeeId: EMPLOYEE,
          effectiveDate: "2022-04-01",
          changeId: "c2",
          fromJobType: "ELECTRICAL",
          toJobType: "ICT",
          basis: "PASSED_SELECTION" as const,
          reason: "Typed the wrong year",
          reasonCode: "LATE_CHANGE" as const,
          replacedEffectiveDate: "2023-04-01",
          replacedFromJobType: "ELECTRICAL",
          replacedToJobType: "ICT",
          replacedBasis: "PASSED_SELECTION" as const,
        },
      },
    ];
    const profile = viewOf(events, "2024-06-01");
    expect(profile.jobType).toEqual({
      jobType: "ICT",
      since: "2022-04-01",
      basis: "PASSED_SELECTION",
      wholeYears: 2,
      fiscalYearInJobType: 3,
    });
    expect(profile.jobTypeHistory[1]?.correctionReasons).toEqual(["Typed the wrong year"]);
  });

  it("leaves a voided change out", () => {
    const events = [
      ...electricalToIct(),
      {
        type: "JobTypeChangeVoided" as const,
        data: {
          employeeId: EMPLOYEE,
          effectiveDate: "2023-04-01",
          changeId: "c2",
          reason: "Selection was annulled",
          reasonCode: "OTHER" as const,
        },
      },
    ];
    const profile = viewOf(events, "2024-06-01");
    expect(profile.jobType).toMatchObject({ jobType: "ELECTRICAL", since: "2019-04-01", wholeYears: 5 });
    expect(profile.jobTypeHistory).toHaveLength(1);
  });

  it("has no job type before any change", () => {
    const profile = viewOf(historyOf(changeJobType()), "2019-03-31");
    expect(profile.jobType).toBeUndefined();
    expect(profile.jobTypeHistory).toEqual([]);
  });
});

describe("profile: skill levels", () => {
  const assessments = () =>
    historyOf(
      record({ assessmentId: "a1", level: 2, assessor: "SELF", assessedOn: "2024-04-10" }),
      record({ assessmentId: "a2", level: 3, assessor: "MANAGER", assessedOn: "2024-05-20" }),
      record({ assessmentId: "a3", level: 4, assessor: "SELF", assessedOn: "2024-06-01" }),
      record({ assessmentId: "a4", skillId: "cloud-infrastructure", level: 2, assessedOn: "2024-04-15" }),
      // recorded later but dated earlier: it does not override the newer assessments
      record({ assessmentId: "a5", level: 1, assessor: "EXPERT", assessedOn: "2024-04-01" }),
    );

  it("shows the latest assessment per skill by assessment date, with history", () => {
    const profile = viewOf(assessments(), "2024-06-14");
    expect(profile.skills.map((s) => [s.skillId, s.level, s.assessor])).toEqual([
      ["cloud-infrastructure", 2, "MANAGER"],
      ["data-engineering", 4, "SELF"],
    ]);
    expect(profile.skills[1]?.history.map((a) => a.assessmentId)).toEqual(["a5", "a1", "a2", "a3"]);
  });

  it("counts only the chosen assessor kinds when asked (e.g. no self-assessments)", () => {
    const profile = viewOf(assessments(), "2024-06-14");
    expect(heldLevels(profile, ["MANAGER", "EXPERT"])).toEqual(
      new Map([
        ["cloud-infrastructure", 2],
        ["data-engineering", 3],
      ]),
    );
  });

  it("follows corrections and leaves voided assessments out", () => {
    const events = historyOf(
      record({ assessmentId: "a1", level: 2, assessedOn: "2024-04-10" }),
      record({ assessmentId: "a2", level: 3, assessedOn: "2024-05-20" }),
      {
        type: "CorrectAssessment",
        employeeId: EMPLOYEE,
        assessmentId: "a1",
        level: 1,
        reason: "Evaluation sheet says 1",
        catalogues: CATALOGUES,
      },
      { type: "VoidAssessment", employeeId: EMPLOYEE, assessmentId: "a2", reason: "Wrong employee" },
    );
    const [skill] = viewOf(events, "2024-06-14").skills;
    expect(skill).toMatchObject({ skillId: "data-engineering", level: 1, assessedOn: "2024-04-10" });
    expect(skill?.history).toHaveLength(1);
    expect(skill?.history[0]?.corrections).toEqual([
      { skillId: "data-engineering", level: 2, reason: "Evaluation sheet says 1" },
    ]);
  });

  it("moves a level to another skill when the skill is corrected", () => {
    const events = historyOf(record(), {
      type: "CorrectAssessment",
      employeeId: EMPLOYEE,
      assessmentId: "a1",
      skillId: "data-analysis",
      reason: "Wrong row of the sheet",
      catalogues: CATALOGUES,
    });
    expect(viewOf(events, "2024-06-14").skills.map((s) => s.skillId)).toEqual(["data-analysis"]);
  });

  it("shows only what was assessed by the as-of date", () => {
    expect(viewOf(assessments(), "2024-04-12").skills.map((s) => [s.skillId, s.level])).toEqual([
      ["data-engineering", 2],
    ]);
  });
});

describe("profile: target role and career track", () => {
  const settings = [
    setTarget(),
    setTarget({ targetRoleId: "t2", roleId: "data-scientist", effectiveDate: "2025-04-01" }),
    chooseTrack(),
  ];
  const events = () => historyOf(...settings);

  it("shows the latest in effect on the as-of date, with its id", () => {
    expect(viewOf(events(), "2024-12-01")).toMatchObject({
      targetRole: {
        targetRoleId: "t1",
        roleId: "data-engineer",
        since: "2024-04-01",
        catalogueFiscalYear: 2024,
      },
      careerTrack: { choiceId: "k1", track: "SPECIALIST", since: "2024-04-01" },
    });
    expect(viewOf(events(), "2025-04-01").targetRole).toMatchObject({
      roleId: "data-scientist",
      catalogueFiscalYear: 2025,
    });
    expect(viewOf(events(), "2024-03-31")).not.toHaveProperty("careerTrack");
  });

  it("shows none after a clearing, follows a correction with its reason, and leaves a voided one out", () => {
    const history = historyOf(
      ...settings,
      { type: "ClearCareerTrack", employeeId: EMPLOYEE, choiceId: "k2", effectiveDate: "2025-01-01" },
      {
        type: "CorrectTargetRole",
        employeeId: EMPLOYEE,
        targetRoleId: "t1",
        effectiveDate: "2024-06-01",
        reason: "set in June, not April",
        catalogues: CATALOGUES,
      },
      { type: "VoidTargetRole", employeeId: EMPLOYEE, targetRoleId: "t2", reason: "never asked for" },
    );
    expect(viewOf(history, "2025-02-01")).not.toHaveProperty("careerTrack");
    expect(viewOf(history, "2024-05-01")).not.toHaveProperty("targetRole");
    expect(viewOf(history, "2025-06-01").targetRole).toEqual({
      targetRoleId: "t1",
      roleId: "data-engineer",
      since: "2024-06-01",
      catalogueFiscalYear: 2024,
      correctionReasons: ["set in June, not April"],
    });
    // Every record that counts, with the id a correction or voiding names (the voided t2 left out).
    const view = viewOf(history, "2024-05-01");
    expect(view.targetRoleHistory).toEqual([
      {
        targetRoleId: "t1",
        roleId: "data-engineer",
        effectiveDate: "2024-06-01",
        correctionReasons: ["set in June, not April"],
      },
    ]);
    expect(view.careerTrackHistory).toEqual([
      { choiceId: "k1", track: "SPECIALIST", effectiveDate: "2024-04-01", correctionReasons: [] },
      { choiceId: "k2", effectiveDate: "2025-01-01", correctionReasons: [] },
    ]);
  });

  it("gives settings recorded before ids existed an id by position", () => {
    const old = [
      {
        type: "TargetRoleSet",
        data: {
          employeeId: EMPLOYEE,
          effectiveDate: "2024-04-01",
          roleId: "data-engineer",
          catalogueFiscalYear: 2024,
        },
      },
      {
        type: "CareerTrackChosen",
        data: { employeeId: EMPLOYEE, effectiveDate: "2024-04-01", track: "SPECIALIST" },
      },
    ] as SkillProfileEvent[];
    expect(viewOf(old, "2024-05-01")).toMatchObject({
      targetRole: { targetRoleId: "target-role-1" },
      careerTrack: { choiceId: "career-track-1" },
    });
  });
});
