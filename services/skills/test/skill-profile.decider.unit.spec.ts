import { describe, expect, it } from "vitest";
import type { SkillMap } from "../src/domain/skill-map";
import type { SkillProfileCommand } from "../src/domain/skill-profile.commands";
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
  TODAY,
} from "./domain-fixtures";

describe("RecordAssessment", () => {
  it("records the level against the skill map version in force on the assessment date", () => {
    given([])
      .when(record({ note: "Led the open data pipeline rebuild" }))
      .thenEvents([
        {
          type: "SkillAssessed",
          data: {
            employeeId: EMPLOYEE,
            effectiveDate: "2024-06-01",
            assessmentId: "a1",
            skillId: "data-engineering",
            level: 3,
            assessor: "MANAGER",
            catalogueFiscalYear: 2024,
            note: "Led the open data pipeline rebuild",
          },
        },
      ]);
  });

  it("uses the later version once its fiscal year has begun", () => {
    const [event] = given([])
      .when(record({ assessedOn: "2025-04-01", today: "2025-04-02" }))
      .events();
    expect(event?.data).toMatchObject({ catalogueFiscalYear: 2025 });
  });

  it.each([0, 8])("refuses level %i, off the 1..7 scale of the map in force, as a rule", (level) => {
    given([]).when(record({ level })).thenRefused("LEVEL_NOT_ON_SCALE");
  });

  it("refuses a skill the map in force does not have, though an earlier map had it", () => {
    given([])
      .when(record({ skillId: "network", assessedOn: "2025-06-01", today: "2025-06-02" }))
      .events();
    given([])
      .when(record({ skillId: "network", assessedOn: "2026-06-01", today: "2026-06-02" }))
      .thenRefused("SKILL_NOT_ON_SKILL_MAP");
  });

  it("lets a career mentor assess government (GQ) skills and an expert digital (DQ) ones, not the other way", () => {
    given([])
      .when(record({ skillId: "policy-planning", assessor: "CAREER_MENTOR" }))
      .events();
    given([])
      .when(record({ skillId: "data-engineering", assessor: "CAREER_MENTOR" }))
      .thenRefused("ASSESSOR_OUTSIDE_CAPABILITY");
    given([])
      .when(record({ skillId: "policy-planning", assessor: "EXPERT" }))
      .thenRefused("ASSESSOR_OUTSIDE_CAPABILITY");
    // The manager and the employee may assess either.
    given([])
      .when(record({ skillId: "policy-planning", assessor: "SELF" }))
      .events();
  });

  it("records the revision checked against; a correction checks against it, not a later revision", () => {
    const rev1 = { ...(CATALOGUES[0] as SkillMap), revision: 1 };
    // Revision 2 of FY2024 drops data analysis.
    const rev2 = { ...rev1, revision: 2, skills: rev1.skills.filter((x) => x.id !== "data-analysis") };
    const assessed = historyOf(record({ skillId: "data-analysis", catalogues: [rev1] }));
    expect(assessed[0]?.data).toMatchObject({ catalogueFiscalYear: 2024, catalogueRevision: 1 });
    const [corrected] = given(assessed)
      .when({
        type: "CorrectAssessment",
        employeeId: EMPLOYEE,
        assessmentId: "a1",
        level: 2,
        reason: "typo",
        catalogues: [rev1, rev2],
      })
      .events();
    expect(corrected?.data).toMatchObject({ catalogueFiscalYear: 2024, catalogueRevision: 1 });
    given([])
      .when(record({ skillId: "data-analysis", catalogues: [rev1, rev2] }))
      .thenRefused("SKILL_NOT_ON_SKILL_MAP");
  });

  it("refuses a date before any skill map version", () => {
    given([])
      .when(record({ assessedOn: "2023-06-01" }))
      .thenRefused("NO_SKILL_MAP_IN_FORCE");
  });

  it("refuses an assessment dated after today", () => {
    given([])
      .when(record({ assessedOn: "2024-06-15" }))
      .thenRefused("ASSESSMENT_DATE_IN_FUTURE");
  });

  it("refuses a reused assessment id", () => {
    given(historyOf(record()))
      .when(record({ level: 4 }))
      .thenRefused("ASSESSMENT_ID_ALREADY_USED");
  });

  it("does not trust the edge: lists every malformed field", () => {
    const command = {
      ...record(),
      employeeId: " ",
      assessmentId: "",
      level: 2.5,
      assessor: "PEER",
      assessedOn: "2024-02-30",
    } as unknown as SkillProfileCommand;
    given([]).when(command).thenInvalid("employeeId", "assessmentId", "level", "assessor", "assessedOn");
  });
});

describe("CorrectAssessment and VoidAssessment", () => {
  const history = () => historyOf(record());
  const correct = (over: Partial<Extract<SkillProfileCommand, { type: "CorrectAssessment" }>>) =>
    ({
      type: "CorrectAssessment",
      employeeId: EMPLOYEE,
      assessmentId: "a1",
      reason: "Entered level 3, the evaluation sheet says 2",
      catalogues: CATALOGUES,
      ...over,
    }) satisfies SkillProfileCommand;
  const voidIt = (over: Partial<Extract<SkillProfileCommand, { type: "VoidAssessment" }>> = {}) =>
    ({
      type: "VoidAssessment",
      employeeId: EMPLOYEE,
      assessmentId: "a1",
      reason: "Recorded for the wrong employee",
      ...over,
    }) satisfies SkillProfileCommand;

  it("corrects the level, keeping the skill, with the full corrected values", () => {
    given(history())
      .when(correct({ level: 2 }))
      .thenEvents([
        {
          type: "SkillAssessmentCorrected",
          data: {
            employeeId: EMPLOYEE,
            effectiveDate: "2024-06-01",
            assessmentId: "a1",
            skillId: "data-engineering",
            level: 2,
            catalogueFiscalYear: 2024,
            reason: "Entered level 3, the evaluation sheet says 2",
            reasonCode: "OTHER",
          },
        },
      ]);
  });

  it("corrects the skill against the map in force on the assessment date", () => {
    const [event] = given(history())
      .when(correct({ skillId: "data-analysis" }))
      .events();
    expect(event?.data).toMatchObject({ skillId: "data-analysis", level: 3 });
    given(history())
      .when(correct({ skillId: "astrology" }))
      .thenRefused("SKILL_NOT_ON_SKILL_MAP");
    given(history())
      .when(correct({ level: 9 }))
      .thenRefused("LEVEL_NOT_ON_SCALE");
    // An expert's assessment cannot be moved to a GQ skill, which experts do not assess.
    given(historyOf(record({ assessor: "EXPERT" })))
      .when(correct({ skillId: "policy-planning" }))
      .thenRefused("ASSESSOR_OUTSIDE_CAPABILITY");
  });

  it("refuses a correction that changes nothing", () => {
    given(history())
      .when(correct({ level: 3 }))
      .thenRefused("CORRECTION_CHANGES_NOTHING");
    given(history()).when(correct({})).thenRefused("CORRECTION_CHANGES_NOTHING");
  });

  it("needs a reason", () => {
    given(history())
      .when(correct({ level: 2, reason: "  " }))
      .thenInvalid("reason");
    given(history())
      .when(voidIt({ reason: "" }))
      .thenInvalid("reason");
  });

  it("voids an assessment with its date as effective date", () => {
    given(history())
      .when(voidIt())
      .thenEvents([
        {
          type: "SkillAssessmentVoided",
          data: {
            employeeId: EMPLOYEE,
            effectiveDate: "2024-06-01",
            assessmentId: "a1",
            reason: "Recorded for the wrong employee",
            reasonCode: "OTHER",
          },
        },
      ]);
  });

  it("refuses to correct or void an unknown or voided assessment", () => {
    given(history())
      .when(voidIt({ assessmentId: "a9" }))
      .thenNotFound();
    given(history())
      .when(correct({ assessmentId: "a9", level: 2 }))
      .thenNotFound();
    const voided = historyOf(record(), voidIt());
    given(voided).when(voidIt()).thenRefused("ASSESSMENT_VOIDED");
    given(voided)
      .when(correct({ level: 2 }))
      .thenRefused("ASSESSMENT_VOIDED");
  });

  it("allows a second correction of a corrected assessment", () => {
    const [event] = given(historyOf(record(), correct({ level: 2 })))
      .when(correct({ level: 4 }))
      .events();
    expect(event?.data).toMatchObject({ level: 4 });
  });
});

describe("SetTargetRole", () => {
  let n = 0;
  const set = (roleId: string, effectiveDate = "2024-04-01") =>
    setTarget({ targetRoleId: `t${++n}`, roleId, effectiveDate });

  it("sets a role of the map in force", () => {
    given([])
      .when(setTarget())
      .thenEvents([
        {
          type: "TargetRoleSet",
          data: {
            employeeId: EMPLOYEE,
            effectiveDate: "2024-04-01",
            targetRoleId: "t1",
            roleId: "data-engineer",
            catalogueFiscalYear: 2024,
          },
        },
      ]);
  });

  it("refuses a role the map in force does not have", () => {
    given([]).when(set("astronaut")).thenRefused("ROLE_NOT_ON_SKILL_MAP");
    given([]).when(set("cloud-engineer-sre", "2026-04-01")).thenRefused("ROLE_NOT_ON_SKILL_MAP");
  });

  it("refuses the same role again, a date no map covers, and backdating before the current one", () => {
    const history = historyOf(set("data-engineer"));
    given(history).when(set("data-engineer", "2024-10-01")).thenRefused("TARGET_ROLE_UNCHANGED");
    given(history).when(set("data-scientist", "2024-03-01")).thenRefused("NO_SKILL_MAP_IN_FORCE");
    given(history).when(set("data-scientist", "2024-03-31")).thenRefused("NO_SKILL_MAP_IN_FORCE");
    given(historyOf(set("data-engineer", "2024-10-01")))
      .when(set("data-scientist", "2024-05-01"))
      .thenRefused("TARGET_ROLE_PREDATES_PREVIOUS");
  });
});

describe("ClearTargetRole, CorrectTargetRole and VoidTargetRole", () => {
  const clear = (targetRoleId: string, effectiveDate: string) =>
    ({ type: "ClearTargetRole", employeeId: EMPLOYEE, targetRoleId, effectiveDate }) as const;
  const correct = (over: { targetRoleId: string; roleId?: string; effectiveDate?: string }) =>
    ({
      type: "CorrectTargetRole",
      employeeId: EMPLOYEE,
      reason: "Ms Sato chose data scientist, not data engineer",
      reasonCode: "ENTRY_ERROR",
      catalogues: CATALOGUES,
      ...over,
    }) as const;
  const voidIt = (targetRoleId: string) =>
    ({ type: "VoidTargetRole", employeeId: EMPLOYEE, targetRoleId, reason: "Recorded twice" }) as const;
  const engineerThenCleared = () => historyOf(setTarget(), clear("t2", "2025-01-01"));

  it("clears the target role from a date, and refuses a clearing with nothing to clear or backdated", () => {
    given(historyOf(setTarget()))
      .when(clear("t2", "2025-01-01"))
      .thenEvents([
        {
          type: "TargetRoleCleared",
          data: { employeeId: EMPLOYEE, effectiveDate: "2025-01-01", targetRoleId: "t2" },
        },
      ]);
    given([]).when(clear("t2", "2025-01-01")).thenRefused("TARGET_ROLE_NOT_SET");
    given(engineerThenCleared()).when(clear("t3", "2025-02-01")).thenRefused("TARGET_ROLE_NOT_SET");
    given(historyOf(setTarget()))
      .when(clear("t2", "2024-01-01"))
      .thenRefused("TARGET_ROLE_PREDATES_PREVIOUS");
    given(historyOf(setTarget())).when(clear("t1", "2025-01-01")).thenRefused("TARGET_ROLE_ID_ALREADY_USED");
  });

  it("corrects the role against the map in force on its date, carrying the values it replaces", () => {
    given(engineerThenCleared())
      .when(correct({ targetRoleId: "t1", roleId: "data-scientist" }))
      .thenEvents([
        {
          type: "TargetRoleCorrected",
          data: {
            employeeId: EMPLOYEE,
            effectiveDate: "2024-04-01",
            targetRoleId: "t1",
            roleId: "data-scientist",
            catalogueFiscalYear: 2024,
            reason: "Ms Sato chose data scientist, not data engineer",
            reasonCode: "ENTRY_ERROR",
            replacedEffectiveDate: "2024-04-01",
            replacedRoleId: "data-engineer",
          },
        },
      ]);
    given(engineerThenCleared())
      .when(correct({ targetRoleId: "t1", roleId: "astronaut" }))
      .thenRefused("ROLE_NOT_ON_SKILL_MAP");
  });

  it("corrects a clearing's date, but never gives a clearing a role", () => {
    const [event] = given(engineerThenCleared())
      .when(correct({ targetRoleId: "t2", effectiveDate: "2025-03-01" }))
      .events();
    expect(event?.data).toMatchObject({ effectiveDate: "2025-03-01", replacedEffectiveDate: "2025-01-01" });
    expect(event?.data).not.toHaveProperty("roleId");
    given(engineerThenCleared())
      .when(correct({ targetRoleId: "t2", roleId: "data-scientist" }))
      .thenRefused("TARGET_ROLE_CLEARING_HAS_NO_ROLE");
  });

  it("refuses a correction that changes nothing or leaves a clearing before any setting", () => {
    given(engineerThenCleared())
      .when(correct({ targetRoleId: "t1", roleId: "data-engineer" }))
      .thenRefused("CORRECTION_CHANGES_NOTHING");
    given(engineerThenCleared())
      .when(correct({ targetRoleId: "t1", effectiveDate: "2025-02-01" }))
      .thenRefused("TARGET_ROLE_NOT_SET");
    given(engineerThenCleared())
      .when(correct({ targetRoleId: "nope", effectiveDate: "2025-02-01" }))
      .thenNotFound();
  });

  it("voids a setting or clearing, unless what remains breaks the timeline; a voided one stays voided", () => {
    given(engineerThenCleared())
      .when(voidIt("t2"))
      .thenEvents([
        {
          type: "TargetRoleVoided",
          data: {
            employeeId: EMPLOYEE,
            effectiveDate: "2025-01-01",
            targetRoleId: "t2",
            reason: "Recorded twice",
            reasonCode: "OTHER",
          },
        },
      ]);
    given(engineerThenCleared()).when(voidIt("t1")).thenRefused("TARGET_ROLE_NOT_SET");
    given(historyOf(setTarget(), voidIt("t1")))
      .when(voidIt("t1"))
      .thenRefused("TARGET_ROLE_VOIDED");
  });
});

describe("ClearCareerTrack, CorrectCareerTrackChoice and VoidCareerTrackChoice", () => {
  const clear = (choiceId: string, effectiveDate: string) =>
    ({ type: "ClearCareerTrack", employeeId: EMPLOYEE, choiceId, effectiveDate }) as const;
  const correct = (over: { choiceId: string; track?: "MANAGEMENT" | "SPECIALIST"; effectiveDate?: string }) =>
    ({
      type: "CorrectCareerTrackChoice",
      employeeId: EMPLOYEE,
      reason: "Wrong track entered",
      ...over,
    }) as const;
  const voidIt = (choiceId: string) =>
    ({ type: "VoidCareerTrackChoice", employeeId: EMPLOYEE, choiceId, reason: "Never chosen" }) as const;
  const specialistThenManagement = () =>
    historyOf(
      chooseTrack(),
      chooseTrack({ choiceId: "k2", track: "MANAGEMENT", effectiveDate: "2025-04-01" }),
    );

  it("clears the track from a date", () => {
    given(historyOf(chooseTrack()))
      .when(clear("k2", "2025-04-01"))
      .thenEvents([
        {
          type: "CareerTrackCleared",
          data: { employeeId: EMPLOYEE, effectiveDate: "2025-04-01", choiceId: "k2" },
        },
      ]);
    given([]).when(clear("k2", "2025-04-01")).thenRefused("CAREER_TRACK_NOT_SET");
  });

  it("corrects the track with the values it replaces, refusing one that repeats its neighbour", () => {
    given(historyOf(chooseTrack()))
      .when(correct({ choiceId: "k1", track: "MANAGEMENT" }))
      .thenEvents([
        {
          type: "CareerTrackChoiceCorrected",
          data: {
            employeeId: EMPLOYEE,
            effectiveDate: "2024-04-01",
            choiceId: "k1",
            track: "MANAGEMENT",
            reason: "Wrong track entered",
            reasonCode: "OTHER",
            replacedEffectiveDate: "2024-04-01",
            replacedTrack: "SPECIALIST",
          },
        },
      ]);
    given(specialistThenManagement())
      .when(correct({ choiceId: "k1", track: "MANAGEMENT" }))
      .thenRefused("CAREER_TRACK_UNCHANGED");
    given(specialistThenManagement())
      .when(correct({ choiceId: "k1", track: "DIRECTOR" as "MANAGEMENT" }))
      .thenInvalid("track");
  });

  it("voids a choice; what follows is judged against what remains", () => {
    const [event] = given(specialistThenManagement()).when(voidIt("k2")).events();
    expect(event).toMatchObject({
      type: "CareerTrackChoiceVoided",
      data: { choiceId: "k2", effectiveDate: "2025-04-01" },
    });
    given(historyOf(chooseTrack(), clear("k2", "2025-04-01")))
      .when(voidIt("k1"))
      .thenRefused("CAREER_TRACK_NOT_SET");
    given(historyOf(chooseTrack(), voidIt("k1")))
      .when(chooseTrack({ choiceId: "k3", track: "SPECIALIST", effectiveDate: "2023-04-01" }))
      .events();
  });
});

describe("ChangeJobType", () => {
  it("records the hiring as the first change, with no 'from'", () => {
    given([])
      .when(changeJobType())
      .thenEvents([
        {
          type: "JobTypeChanged",
          data: {
            employeeId: EMPLOYEE,
            effectiveDate: "2019-04-01",
            changeId: "c1",
            toJobType: "ELECTRICAL",
            basis: "HIRING",
          },
        },
      ]);
  });

  it("records a change after passing the selection, from the current job type", () => {
    given(historyOf(changeJobType()))
      .when(
        changeJobType({
          changeId: "c2",
          toJobType: "ICT",
          effectiveDate: "2023-04-01",
          basis: "QUALIFICATION",
          basisDetail: "Registered Information Security Specialist",
        }),
      )
      .thenEvents([
        {
          type: "JobTypeChanged",
          data: {
            employeeId: EMPLOYEE,
            effectiveDate: "2023-04-01",
            changeId: "c2",
            fromJobType: "ELECTRICAL",
            toJobType: "ICT",
            basis: "QUALIFICATION",
            basisDetail: "Registered Information Security Specialist",
          },
        },
      ]);
  });

  it("accepts a first change that is not a hiring (staff hired before the records begin)", () => {
    const [event] = given([])
      .when(changeJobType({ basis: "REORGANISATION", toJobType: "ADMINISTRATIVE" }))
      .events();
    expect(event?.data).not.toHaveProperty("fromJobType");
  });

  it("refuses a change to the current job type", () => {
    given(electricalToIct())
      .when(
        changeJobType({
          changeId: "c3",
          toJobType: "ICT",
          effectiveDate: "2024-04-01",
          basis: "REORGANISATION",
        }),
      )
      .thenRefused("JOB_TYPE_UNCHANGED");
  });

  it("refuses a change on or before the previous one", () => {
    const later = { changeId: "c3", toJobType: "ADMINISTRATIVE", basis: "PASSED_SELECTION" } as const;
    given(electricalToIct())
      .when(changeJobType({ ...later, effectiveDate: "2023-03-31" }))
      .thenRefused("JOB_TYPE_CHANGE_PREDATES_PREVIOUS");
    given(electricalToIct())
      .when(changeJobType({ ...later, effectiveDate: "2023-04-01" }))
      .thenRefused("JOB_TYPE_CHANGE_PREDATES_PREVIOUS");
  });

  it("refuses a change to ICT effective before FY2021, when the ICT job type was created", () => {
    given(historyOf(changeJobType()))
      .when(
        changeJobType({
          changeId: "c2",
          toJobType: "ICT",
          effectiveDate: "2021-03-31",
          basis: "PASSED_SELECTION",
        }),
      )
      .thenRefused("JOB_TYPE_NOT_YET_CREATED");
    given(historyOf(changeJobType()))
      .when(
        changeJobType({
          changeId: "c2",
          toJobType: "ICT",
          effectiveDate: "2021-04-01",
          basis: "PASSED_SELECTION",
        }),
      )
      .events();
    given([])
      .when(changeJobType({ toJobType: "ICT", effectiveDate: "2020-04-01", basis: "HIRING" }))
      .thenRefused("JOB_TYPE_NOT_YET_CREATED");
  });

  it("refuses a second hiring", () => {
    given(historyOf(changeJobType()))
      .when(changeJobType({ changeId: "c2", toJobType: "ICT", effectiveDate: "2021-04-01" }))
      .thenRefused("HIRING_ONLY_FIRST_JOB_TYPE");
  });

  it("refuses a reused change id", () => {
    given(historyOf(changeJobType()))
      .when(changeJobType({ toJobType: "ICT", effectiveDate: "2021-04-01", basis: "PASSED_SELECTION" }))
      .thenRefused("JOB_TYPE_CHANGE_ID_ALREADY_USED");
  });

  it("needs the detail of a qualification or other basis, and a known job type", () => {
    given([])
      .when(changeJobType({ basis: "QUALIFICATION" }))
      .thenInvalid("basisDetail");
    given([])
      .when(changeJobType({ basis: "OTHER", basisDetail: " " }))
      .thenInvalid("basisDetail");
    given([])
      .when(changeJobType({ toJobType: "ASTRONAUT", effectiveDate: "2024-02-30", basis: "LUCK" as "OTHER" }))
      .thenInvalid("toJobType", "effectiveDate", "basis");
  });
});

describe("CorrectJobTypeChange and VoidJobTypeChange", () => {
  const correct = (over: Partial<Extract<SkillProfileCommand, { type: "CorrectJobTypeChange" }>>) =>
    ({
      type: "CorrectJobTypeChange",
      employeeId: EMPLOYEE,
      changeId: "c2",
      reason: "The change took effect a year later",
      ...over,
    }) satisfies SkillProfileCommand;
  const voidIt = (changeId: string) =>
    ({ type: "VoidJobTypeChange", employeeId: EMPLOYEE, changeId, reason: "Entered twice" }) as const;

  it("corrects the effective date, keeping the rest, with the 'from' that follows and the values it replaces", () => {
    given(electricalToIct())
      .when(correct({ effectiveDate: "2024-04-01" }))
      .thenEvents([
        {
          type: "JobTypeChangeCorrected",
          data: {
            employeeId: EMPLOYEE,
            effectiveDate: "2024-04-01",
            changeId: "c2",
            fromJobType: "ELECTRICAL",
            toJobType: "ICT",
            basis: "PASSED_SELECTION",
            basisDetail: "Qualified as Registered Information Security Specialist",
            reason: "The change took effect a year later",
            reasonCode: "OTHER",
            replacedEffectiveDate: "2023-04-01",
            replacedFromJobType: "ELECTRICAL",
            replacedToJobType: "ICT",
            replacedBasis: "PASSED_SELECTION",
            replacedBasisDetail: "Qualified as Registered Information Security Specialist",
          },
        },
      ]);
  });

  it("can clear the basis detail with an empty text", () => {
    const [event] = given(electricalToIct())
      .when(correct({ basisDetail: "" }))
      .events();
    expect(event?.data).not.toHaveProperty("basisDetail");
  });

  it("refuses a correction that changes nothing, or breaks the history", () => {
    given(electricalToIct())
      .when(correct({ toJobType: "ICT" }))
      .thenRefused("CORRECTION_CHANGES_NOTHING");
    given(electricalToIct())
      .when(correct({ toJobType: "ELECTRICAL" }))
      .thenRefused("JOB_TYPE_UNCHANGED");
    given(electricalToIct())
      .when(correct({ changeId: "c1", effectiveDate: "2023-04-01" }))
      .thenRefused("JOB_TYPE_CHANGE_PREDATES_PREVIOUS");
    given(electricalToIct())
      .when(correct({ changeId: "c1", effectiveDate: "2023-05-01" }))
      .thenRefused("JOB_TYPE_CHANGE_PREDATES_PREVIOUS");
    given(electricalToIct())
      .when(correct({ basis: "HIRING" }))
      .thenRefused("HIRING_ONLY_FIRST_JOB_TYPE");
    given(electricalToIct())
      .when(correct({ basis: "OTHER", basisDetail: "" }))
      .thenRefused("BASIS_DETAIL_REQUIRED");
    given(electricalToIct())
      .when(correct({ toJobType: "ICT", reason: "" }))
      .thenInvalid("reason");
  });

  it("refuses a correction that backdates an ICT change before FY2021", () => {
    given(electricalToIct())
      .when(correct({ effectiveDate: "2020-10-01" }))
      .thenRefused("JOB_TYPE_NOT_YET_CREATED");
  });

  it("voids a change with its effective date", () => {
    given(electricalToIct())
      .when(voidIt("c2"))
      .thenEvents([
        {
          type: "JobTypeChangeVoided",
          data: {
            employeeId: EMPLOYEE,
            effectiveDate: "2023-04-01",
            changeId: "c2",
            reason: "Entered twice",
            reasonCode: "OTHER",
          },
        },
      ]);
  });

  it("refuses a voiding that would leave a change to the same job type (void the later one first)", () => {
    const backToElectrical = changeJobType({
      changeId: "c3",
      toJobType: "ELECTRICAL",
      effectiveDate: "2024-04-01",
      basis: "PASSED_SELECTION",
    });
    const back = [...electricalToIct(), ...given(electricalToIct()).when(backToElectrical).events()];
    given(back).when(voidIt("c2")).thenRefused("JOB_TYPE_UNCHANGED");
    const laterVoided = [...back, ...given(back).when(voidIt("c3")).events()];
    expect(given(laterVoided).when(voidIt("c2")).events()).toHaveLength(1);
  });

  it("refuses to touch an unknown or voided change", () => {
    given(electricalToIct()).when(voidIt("c9")).thenNotFound();
    given(electricalToIct())
      .when(correct({ changeId: "c9", toJobType: "ADMINISTRATIVE" }))
      .thenNotFound();
    const voided = [...electricalToIct(), ...given(electricalToIct()).when(voidIt("c2")).events()];
    given(voided).when(voidIt("c2")).thenRefused("JOB_TYPE_CHANGE_VOIDED");
    given(voided)
      .when(correct({ toJobType: "ADMINISTRATIVE" }))
      .thenRefused("JOB_TYPE_CHANGE_VOIDED");
  });

  it("after a voiding, the next change is judged against what remains", () => {
    const voided = [...electricalToIct(), ...given(electricalToIct()).when(voidIt("c2")).events()];
    const [event] = given(voided)
      .when(
        changeJobType({
          changeId: "c3",
          toJobType: "ICT",
          effectiveDate: "2024-04-01",
          basis: "PASSED_SELECTION",
        }),
      )
      .events();
    expect(event?.data).toMatchObject({ fromJobType: "ELECTRICAL", toJobType: "ICT" });
  });
});

describe("ChooseCareerTrack", () => {
  let n = 0;
  const choose = (track: "MANAGEMENT" | "SPECIALIST", effectiveDate = "2024-04-01") =>
    chooseTrack({ choiceId: `k${++n}`, track, effectiveDate });

  it("records the chosen track", () => {
    given([])
      .when(chooseTrack())
      .thenEvents([
        {
          type: "CareerTrackChosen",
          data: { employeeId: EMPLOYEE, effectiveDate: "2024-04-01", choiceId: "k1", track: "SPECIALIST" },
        },
      ]);
  });

  it("refuses the same track again, a backdated switch and an unknown track", () => {
    given(historyOf(choose("SPECIALIST")))
      .when(choose("SPECIALIST", "2025-04-01"))
      .thenRefused("CAREER_TRACK_UNCHANGED");
    given(historyOf(choose("SPECIALIST")))
      .when(choose("MANAGEMENT", "2023-04-01"))
      .thenRefused("CAREER_TRACK_PREDATES_PREVIOUS");
    given([])
      .when(choose("DIRECTOR" as "MANAGEMENT", "2024-04-31"))
      .thenInvalid("track", "effectiveDate");
  });

  it("allows switching tracks later", () => {
    expect(
      given(historyOf(choose("SPECIALIST")))
        .when(choose("MANAGEMENT", TODAY))
        .events(),
    ).toHaveLength(1);
  });
});
