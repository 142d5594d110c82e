import { skillsV1 } from "@hr/proto";
import { describe, expect, it } from "vitest";
import { consumedEventsCodec, REFERENCE_DATA_TYPES } from "../src/api/events.codec";
import { Projector } from "../src/application/projector";
import {
  type Classification,
  DEFAULT_CLASSIFICATION,
  employeeHistory,
  evaluationRecords,
  type Fact,
  rotationRecordAsOf,
  rotationTimeline,
} from "../src/domain";
import {
  assessed,
  completion,
  E,
  fact,
  jobTypeChanged,
  posting,
  secondmentEnded,
  secondmentStarted,
  shuffled,
} from "./facts.fixtures";

/** Given these facts (in any delivery order), then these records. */
const project = (facts: readonly Fact[], c: Classification = DEFAULT_CLASSIFICATION) => {
  const history = employeeHistory(E, facts);
  return { rotation: rotationTimeline(history), evaluations: evaluationRecords(history, c) };
};
const year = (facts: readonly Fact[], fy: number, c?: Classification) =>
  project(facts, c).evaluations.find((r) => r.fiscalYear === fy);

describe("order tolerance: the records are a function of the set of facts", () => {
  const hired = jobTypeChanged("j1", "2019-04-01", "ELECTRICAL");
  const ict = jobTypeChanged("j2", "2023-04-01", "ICT", "ELECTRICAL");
  const p1 = posting("p1", "2019-04-01");
  const p2 = posting("p2", "2023-04-01", { department: "デジタルサービス局", rank: "RANK_SECTION_CHIEF" });
  const started = secondmentStarted("s1", "2024-04-01", "2025-03-31");
  const ended = secondmentEnded("s1", "2024-12-31");
  const c1 = completion("c1", "2024-06-01");
  const c2 = completion("c2", "2024-07-01");
  const voided = fact("hr.training.v1.CompletionVoided", { completionId: "c2", effectiveDate: "2024-07-01" });
  const a1 = assessed("a1", "2024-05-01", "data-engineering", 2);
  const corrected = fact("hr.skills.v1.SkillAssessmentCorrected", {
    assessmentId: "a1",
    effectiveDate: "2024-05-01",
    skillId: "data-engineering",
    level: 3,
  });
  const inOrder = [hired, p1, ict, p2, started, ended, c1, c2, voided, a1, corrected];

  it("given a shuffled and duplicated copy (an end before its start, a correction before its fact), then the same records", () => {
    const expected = project(inOrder);
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const disordered = shuffled([...inOrder, ...inOrder.slice(0, 5)], seed);
      expect(project(disordered)).toEqual(expected);
    }
  });

  it("given the in-order facts, then corrections and voidings are applied", () => {
    const fy2024 = year(inOrder, 2024);
    expect(fy2024?.completionList.map((c) => c.completionId)).toEqual(["c1"]);
    expect(fy2024?.skillLevels).toEqual([
      expect.objectContaining({ skillId: "data-engineering", levelAtStart: 0, levelAtEnd: 3, change: 3 }),
    ]);
    expect(fy2024?.skillLevels[0]?.evidence.map((r) => r.eventId)).toEqual([a1.id, corrected.id]);
  });

  it("given a late fact with an earlier effective date, then it lands in its own fiscal year", () => {
    const late = completion("c-late", "2023-09-01");
    const records = project([...inOrder, late]).evaluations;
    expect(records.find((r) => r.fiscalYear === 2023)?.completionList.map((c) => c.completionId)).toEqual([
      "c-late",
    ]);
    expect(records.find((r) => r.fiscalYear === 2024)?.completionCount).toBe(1);
  });
});

describe("fiscal year placement by effective date", () => {
  it.each([
    ["2025-03-31", 2024],
    ["2025-04-01", 2025],
  ])("given a completion on %s, then it counts in FY%i", (date, fy) => {
    expect(year([completion("c", date)], fy)?.completionCount).toBe(1);
  });

  it("given a job type change corrected from 31 March to 1 April, then it moves to the next year and the old year keeps an empty record", () => {
    const change = jobTypeChanged("j2", "2024-03-31", "ICT", "ELECTRICAL");
    const correction = fact("hr.skills.v1.JobTypeChangeCorrected", {
      changeId: "j2",
      effectiveDate: "2024-04-01",
      fromJobType: "ELECTRICAL",
      toJobType: "ICT",
      basis: "JOB_TYPE_CHANGE_BASIS_PASSED_SELECTION",
    });
    const before = project([change]).evaluations;
    expect(before.map((r) => [r.fiscalYear, r.jobTypeChanges.length])).toEqual([[2023, 1]]);
    const after = project([correction, change]).evaluations;
    expect(after.map((r) => [r.fiscalYear, r.jobTypeChanges.length])).toEqual([
      [2023, 0],
      [2024, 1],
    ]);
    expect(after[1]?.jobTypeChanges[0]?.evidence.map((r) => r.eventId)).toEqual([change.id, correction.id]);
  });

  it("given a secondment from October to the next September, then six months count in each fiscal year", () => {
    const facts = [secondmentStarted("s1", "2024-10-01", "2025-09-30")];
    expect(year(facts, 2024)?.secondmentMonths).toBe(6);
    expect(year(facts, 2025)?.secondmentMonthsByHostKind).toEqual([
      expect.objectContaining({ hostKind: "HOST_KIND_GOVTECH_TOKYO", months: 6 }),
    ]);
  });
});

describe("training facts", () => {
  it("given overseas training steps, then each is named after its event, also a step added later", () => {
    const steps = year(
      [
        fact("hr.training.v1.OverseasTrainingTraineeCertified", {
          applicationId: "ap1",
          effectiveDate: "2024-06-01",
        }),
        fact("hr.training.v1.OverseasTrainingReportPresented", {
          applicationId: "ap1",
          effectiveDate: "2025-01-10",
        }),
      ],
      2024,
    )?.overseasTrainingSteps;
    expect(steps?.map((s) => [s.step, s.reachedOn])).toEqual([
      ["TRAINEE_CERTIFIED", "2024-06-01"],
      ["REPORT_PRESENTED", "2025-01-10"],
    ]);
  });

  it("given a subsidy refused after it was approved, then it does not count", () => {
    const decided = (approved: boolean) =>
      fact("hr.training.v1.CertificationSubsidyDecided", {
        subsidyId: "s1",
        effectiveDate: "2024-07-01",
        approved,
        approvedAmountYen: approved ? 5000 : 0,
      });
    expect(year([decided(true)], 2024)?.subsidies).toHaveLength(1);
    expect(year([decided(true), decided(false)], 2024)?.subsidies).toEqual([]);
  });

  it("given a subsidy corrected or voided, then it counts as corrected, under its decision year, or not at all", () => {
    const decided = fact(
      "hr.training.v1.CertificationSubsidyDecided",
      {
        subsidyId: "s1",
        effectiveDate: "2025-03-20",
        kind: "SUBSIDY_KIND_EXAM_FEE",
        approved: true,
        approvedAmountYen: 7500,
      },
      { recordedAt: "2025-03-20T01:00:00.000Z" },
    );
    const corrected = (changes: Record<string, unknown>, recordedAt: string) =>
      fact(
        "hr.training.v1.CertificationSubsidyCorrected",
        {
          subsidyId: "s1",
          effectiveDate: "2025-04-02",
          kind: "SUBSIDY_KIND_EXAM_FEE",
          decided: true,
          approved: true,
          approvedAmountYen: 5000,
          decidedOn: "2025-04-02",
          previousEffectiveDate: "2025-03-20",
          ...changes,
        },
        { recordedAt },
      );
    const moved = corrected({}, "2025-04-03T01:00:00.000Z");
    const refused = corrected({ approved: false, approvedAmountYen: 0 }, "2025-04-04T01:00:00.000Z");
    const voided = fact(
      "hr.training.v1.CertificationSubsidyVoided",
      { subsidyId: "s1", effectiveDate: "2025-04-02" },
      { recordedAt: "2025-04-05T01:00:00.000Z" },
    );
    for (const facts of [
      [decided, moved],
      [moved, decided],
    ]) {
      expect(year(facts, 2024)?.subsidies ?? []).toEqual([]);
      expect(year(facts, 2025)?.subsidies).toEqual([
        expect.objectContaining({ subsidyId: "s1", amountYen: 5000, grantedOn: "2025-04-02" }),
      ]);
    }
    expect(year([decided, moved, refused], 2025)?.subsidies ?? []).toEqual([]);
    expect(year([voided, moved, decided], 2025)?.subsidies ?? []).toEqual([]);
    expect(year([decided, voided], 2024)?.subsidies ?? []).toEqual([]);
  });
});

describe("evaluation at transfer (異動時評定)", () => {
  const manager = posting("p1", "2022-04-01", { rank: "RANK_SECTION_CHIEF", department: "財務局" });

  it("given a manager posted elsewhere, then an evaluation is due the day before, in that day's fiscal year", () => {
    const moved = posting("p2", "2024-04-01", { rank: "RANK_SECTION_CHIEF" });
    const due = year([manager, moved], 2023)?.evaluationsAtTransfer;
    expect(due).toEqual([
      expect.objectContaining({
        dueOn: "2024-03-31",
        transferOn: "2024-04-01",
        trigger: "TRANSFER_TRIGGER_POSTING",
        rank: "RANK_SECTION_CHIEF",
        department: "財務局",
      }),
    ]);
    expect(year([manager, moved], 2024)?.evaluationsAtTransfer).toEqual([]);
  });

  it("given a chief (not a manager) posted elsewhere, then none is due", () => {
    const chief = posting("p1", "2022-04-01", { rank: "RANK_CHIEF" });
    expect(
      project([chief, posting("p2", "2024-04-01")]).evaluations.flatMap((r) => r.evaluationsAtTransfer),
    ).toEqual([]);
  });

  it("given a manager seconded and returning with a posting on the same day, then one evaluation per move", () => {
    const facts = [
      manager,
      secondmentStarted("s1", "2023-07-01", "2024-06-30"),
      secondmentEnded("s1", "2024-06-30"),
      posting("p2", "2024-07-01", {
        kind: "POSTING_KIND_RETURN_FROM_SECONDMENT",
        rank: "RANK_SECTION_CHIEF",
      }),
    ];
    const due = project(facts).evaluations.flatMap((r) => r.evaluationsAtTransfer);
    expect(due.map((d) => [d.dueOn, d.trigger, d.evidence.length])).toEqual([
      ["2023-06-30", "TRANSFER_TRIGGER_SECONDMENT_START", 2],
      ["2024-06-30", "TRANSFER_TRIGGER_SECONDMENT_END", 3],
    ]);
  });

  it("given the manager ranks configured differently, then a chief's move makes one due", () => {
    const chief = posting("p1", "2022-04-01", { rank: "RANK_CHIEF" });
    const c = { ...DEFAULT_CLASSIFICATION, managerRanks: ["RANK_CHIEF"] } as Classification;
    expect(year([chief, posting("p2", "2024-04-01")], 2023, c)?.evaluationsAtTransfer).toHaveLength(1);
  });
});

describe("rotation record", () => {
  const facts = [
    jobTypeChanged("j1", "2019-04-01", "ELECTRICAL"),
    jobTypeChanged("j2", "2023-04-01", "ICT", "ELECTRICAL"),
    posting("p1", "2019-04-01", { department: "建設局" }),
    posting("p2", "2023-04-01", { department: "デジタルサービス局" }),
    fact("hr.secondment.v1.SecondmentStarted", {
      secondmentId: "s1",
      effectiveDate: "2023-10-01",
      startsOn: "2023-10-01",
      plannedEndOn: "2024-09-30",
      hostKind: "HOST_KIND_DIGITAL_AGENCY",
      hostName: "デジタル庁",
      hostTitle: "課長補佐",
    }),
    secondmentEnded("s1", "2024-09-30"),
    secondmentStarted("s2", "2024-10-01", "2029-09-30"),
  ];
  const timeline = rotationTimeline(employeeHistory(E, facts));

  it("given a secondment followed at once by another, then the first ends in the next secondment", () => {
    expect(timeline.secondments.map((s) => [s.secondmentId, s.outcome, s.titleAtHost])).toEqual([
      ["s1", "SECONDMENT_OUTCOME_NEXT_SECONDMENT", "課長補佐"],
      ["s2", "SECONDMENT_OUTCOME_ONGOING", "deputy group leader"],
    ]);
    expect(timeline.jobTypeHistory.map((p) => [p.jobType, p.effectiveDate, p.endedOn])).toEqual([
      ["ELECTRICAL", "2019-04-01", "2023-03-31"],
      ["ICT", "2023-04-01", ""],
    ]);
  });

  it("given a day, then the status, totals and DQ/GQ balance as of that day", () => {
    const record = rotationRecordAsOf(timeline, "2025-03-31", DEFAULT_CLASSIFICATION);
    expect(record.currentStatus).toMatchObject({
      status: "EMPLOYMENT_STATUS_ON_SECONDMENT",
      since: "2024-10-01",
      hostName: "GovTech Tokyo",
    });
    expect(record.monthsSeconded).toEqual([
      { hostKind: "HOST_KIND_DIGITAL_AGENCY", months: 12 },
      { hostKind: "HOST_KIND_GOVTECH_TOKYO", months: 6 },
    ]);
    expect(record.yearsByJobType).toEqual([
      { jobType: "ELECTRICAL", years: 4 },
      { jobType: "ICT", years: 2 },
    ]);
    // 建設局 4 years (GQ); デジタルサービス局 6 months, the Digital Agency 12 and GovTech 6 (DQ).
    expect(record.capabilityBalance).toMatchObject({ gqMonths: 48, dqMonths: 24, unclassifiedMonths: 0 });
    expect(record.capabilityBalance?.dqPercent).toBeCloseTo(33.3, 0);
  });

  it("given another classification, then the balance follows it", () => {
    const c: Classification = { ...DEFAULT_CLASSIFICATION, hostKinds: {}, otherDepartments: undefined };
    const record = rotationRecordAsOf(timeline, "2025-03-31", c);
    expect(record.capabilityBalance).toMatchObject({ dqMonths: 6, gqMonths: 0, unclassifiedMonths: 66 });
  });

  it("given a transfer of employment after the secondment, then the employee is transferred out", () => {
    const out = [
      ...facts,
      secondmentEnded("s2", "2025-06-30"),
      fact("hr.secondment.v1.SecondmentTransferredOut", {
        secondmentId: "s2",
        effectiveDate: "2025-07-01",
        transferredOn: "2025-07-01",
      }),
    ];
    const record = rotationRecordAsOf(
      rotationTimeline(employeeHistory(E, out)),
      "2025-08-01",
      DEFAULT_CLASSIFICATION,
    );
    expect(record.secondments.at(-1)?.outcome).toBe("SECONDMENT_OUTCOME_TRANSFER_OF_EMPLOYMENT");
    expect(record.currentStatus?.status).toBe("EMPLOYMENT_STATUS_TRANSFERRED_OUT");
  });

  it("given a cancelled secondment, then it is not a period", () => {
    const cancelled = [
      ...facts,
      fact("hr.secondment.v1.SecondmentCancelled", { secondmentId: "s2", effectiveDate: "2024-10-01" }),
    ];
    expect(rotationTimeline(employeeHistory(E, cancelled)).secondments.map((s) => s.secondmentId)).toEqual([
      "s1",
    ]);
  });
});

describe("surveys per course and fiscal year", () => {
  const survey = (phase: string, effectiveDate: string, score: number) =>
    fact("hr.training.v1.SurveyRecorded", {
      surveyId: `sv-${effectiveDate}`,
      effectiveDate,
      courseId: "dx-basics",
      phase,
      answers: [{ itemId: "i1", kind: "SURVEY_ITEM_KIND_AWARENESS", score }],
    });

  it("given a course measured in FY2024 and retaken in FY2025, then each year has its own effect", () => {
    const facts = [
      survey("SURVEY_PHASE_PRE", "2024-05-01", 2),
      survey("SURVEY_PHASE_POST", "2024-06-01", 3),
      survey("SURVEY_PHASE_PRE", "2025-05-01", 3),
      survey("SURVEY_PHASE_POST", "2025-06-01", 5),
    ];
    for (const order of [facts, shuffled(facts, 3)]) {
      expect(year(order, 2024)?.surveyEffects).toMatchObject([
        { courseId: "dx-basics", preScore: 2, postScore: 3 },
      ]);
      expect(year(order, 2025)?.surveyEffects).toMatchObject([
        { courseId: "dx-basics", preScore: 3, postScore: 5 },
      ]);
    }
  });
});

describe("certifications on the rotation record", () => {
  const acquired = fact("hr.training.v1.CertificationAcquired", {
    certificationId: "x1",
    effectiveDate: "2024-06-01",
    certificationCode: "IPA-SC",
    certificationName: "情報処理安全確保支援士",
  });
  const voided = fact("hr.training.v1.CertificationVoided", {
    certificationId: "x1",
    effectiveDate: "2024-06-01",
    certificationCode: "IPA-SC",
  });

  it("given a certification acquired, then the rotation record lists it with the event behind it", () => {
    expect(project([acquired]).rotation.certifications).toEqual([
      {
        certificationId: "x1",
        certificationCode: "IPA-SC",
        certificationName: "情報処理安全確保支援士",
        acquiredOn: "2024-06-01",
        evidence: [expect.objectContaining({ eventType: "hr.training.v1.CertificationAcquired" })],
        examFeeSubsidised: false,
      },
    ]);
  });

  it("given its subsidy approved after it (CertificationExamFeeSubsidisedChanged), then it reads as subsidised, in any order", () => {
    // Recorded after the acquisition (whose fact the fixture dates in 2025).
    const changed = (examFeeSubsidised: boolean, recordedAt: string) =>
      fact(
        "hr.training.v1.CertificationExamFeeSubsidisedChanged",
        {
          certificationId: "x1",
          effectiveDate: "2024-06-01",
          certificationCode: "IPA-SC",
          examFeeSubsidised,
          subsidyId: "s1",
        },
        { recordedAt },
      );
    const approved = changed(true, "2026-07-01T00:00:00.000Z");
    const unflagged = changed(false, "2026-08-01T00:00:00.000Z");
    for (const facts of [
      [acquired, approved],
      [approved, acquired],
    ]) {
      expect(project(facts).rotation.certifications).toEqual([
        expect.objectContaining({ certificationId: "x1", examFeeSubsidised: true }),
      ]);
      expect(year(facts, 2024)?.certificationList).toEqual([
        expect.objectContaining({ certificationId: "x1", examFeeSubsidised: true }),
      ]);
    }
    expect(project([unflagged, acquired, approved]).rotation.certifications).toEqual([
      expect.objectContaining({ examFeeSubsidised: false }),
    ]);
    // A change for a certification never recorded creates nothing.
    expect(project([approved]).rotation.certifications).toEqual([]);
  });

  it("given the certification then its voiding (in either order), then it is gone", () => {
    expect(project([acquired, voided]).rotation.certifications).toEqual([]);
    expect(project([voided, acquired]).rotation.certifications).toEqual([]);
  });

  it("given a timeline stored before certifications joined the record, then it reads as none", () => {
    const { certifications: _, ...stored } = project([acquired]).rotation;
    const record = rotationRecordAsOf(stored as never, "2025-01-01", DEFAULT_CLASSIFICATION);
    expect(record.certifications).toEqual([]);
  });
});

describe("events about no employee", () => {
  it("given a skill map revision on hr.skills.v1, then it decodes (no dead letter) and is acknowledged without a fact", async () => {
    const ceType = "hr.skills.v1.SkillMapRevisionLoaded";
    const value = skillsV1.SkillMapRevisionLoaded.encode(
      skillsV1.SkillMapRevisionLoaded.fromPartial({
        effectiveDate: "2024-04-01",
        fiscalYear: 2024,
        revision: 2,
      }),
    ).finish();
    const event = consumedEventsCodec.decode(ceType, value);
    expect(event.data).toMatchObject({ fiscalYear: 2024, revision: 2 });
    expect(REFERENCE_DATA_TYPES.has(ceType)).toBe(true);
    // No store is given: touching it would throw, so resolving means nothing was written.
    const projector = new Projector(undefined as never, DEFAULT_CLASSIFICATION);
    const received = {
      id: "e1",
      source: "/hr/skills",
      type: ceType,
      subject: "skill-map-FY2024",
      time: "2024-04-01T00:00:00Z",
      event,
      key: "skill-map-FY2024",
      topic: "hr.skills.v1",
      partition: 0,
      offset: "0",
    };
    await expect(projector.handle(received)).resolves.toBeUndefined();
  });
});
