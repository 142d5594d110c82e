import { NotFoundError, RuleViolation, ValidationError } from "@hr/kit";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_CLASSIFICATION,
  departmentKpis,
  EVALUATION_CSV_COLUMNS,
  employeeHistory,
  evaluationRecord,
  evaluationRecordsCsv,
  type PostingCommand,
  postingsDecider,
} from "../src/domain";
import { assessed, completion, E, fact, jobTypeChanged, posting, secondmentStarted } from "./facts.fixtures";

const DEPT = 'デジタルサービス局 総務部, "DX" 推進課';
const recordOf = (employeeId: string, facts: ReturnType<typeof fact>[]) =>
  evaluationRecord(employeeHistory(employeeId, facts), 2024, DEFAULT_CLASSIFICATION);

describe("department KPIs", () => {
  it("given two members' records, then outcomes are counted per kind", () => {
    const a = recordOf(E, [
      posting("p1", "2024-04-01", { department: DEPT }),
      completion("c1", "2024-05-01", 2),
      completion("c2", "2024-06-01", 4),
      fact("hr.training.v1.CertificationAcquired", {
        certificationId: "x1",
        effectiveDate: "2024-07-01",
        certificationCode: "IPA-SC",
      }),
      fact("hr.training.v1.CertificationSubsidyDecided", {
        subsidyId: "sub1",
        effectiveDate: "2024-07-10",
        kind: "SUBSIDY_KIND_EXAM_FEE",
        approved: true,
        approvedAmountYen: 7500,
      }),
      fact("hr.training.v1.SurveyRecorded", {
        surveyId: "sv1",
        courseId: "dx-basics",
        effectiveDate: "2024-05-01",
        phase: "SURVEY_PHASE_PRE",
        answers: [{ score: 2 }, { score: 3 }],
      }),
      fact("hr.training.v1.SurveyRecorded", {
        surveyId: "sv2",
        courseId: "dx-basics",
        effectiveDate: "2024-08-01",
        phase: "SURVEY_PHASE_POST",
        answers: [{ score: 4 }, { score: 4 }],
      }),
      fact("hr.training.v1.OverseasTrainingCompleted", { applicationId: "ap1", effectiveDate: "2024-11-01" }),
      assessed("a0", "2023-05-01", "security", 1),
      assessed("a1", "2024-09-01", "security", 3),
    ]);
    const b = recordOf("E2", [secondmentStarted("s1", "2024-10-01", "2025-09-30")]);
    expect(departmentKpis(DEPT, 2024, [a, b])).toMatchObject({
      employeeCount: 2,
      completions: 2,
      trainingHours: 6,
      certifications: 1,
      certificationsByCode: [{ code: "IPA-SC", count: 1 }],
      subsidies: 1,
      subsidyAmountYen: 7500,
      surveyResults: 1,
      averageSurveyChange: 1.5,
      overseasTrainees: 1,
      secondmentsByHostKind: [{ hostKind: "HOST_KIND_GOVTECH_TOKYO", count: 1 }],
      employeesWithSkillGains: 1,
      employeesWithAssessedSkills: 1,
    });
  });
});

describe("CSV export", () => {
  it("given records with Japanese text, commas and quotes, then a spreadsheet-ready CSV that a CSV parser reads back", () => {
    const csv = evaluationRecordsCsv([
      recordOf(E, [posting("p1", "2024-04-01", { department: DEPT }), completion("c1", "2024-05-01", 2)]),
      recordOf("E2", [posting("p2", "2024-04-01", { department: DEPT })]),
    ]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toContain("\r\n");
    const rows = parse(csv, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual([...EVALUATION_CSV_COLUMNS]);
    expect(rows.map((r) => [r.employee_id, r.department, r.completions, r.training_hours])).toEqual([
      [E, DEPT, "1", "2"],
      ["E2", DEPT, "0", "0"],
    ]);
  });

  it("given text cells a spreadsheet would run as formulas, then each is written as text, and a first job type has no leading dash", () => {
    const formulas = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"];
    const records = formulas.map((department, i) =>
      recordOf(`E${i}`, [posting(`p${i}`, "2024-04-01", { department })]),
    );
    const rows = parse(evaluationRecordsCsv(records), { bom: true, columns: true }) as Array<
      Record<string, string>
    >;
    expect(rows.map((r) => r.department)).toEqual(formulas.map((f) => `'${f}`));
    const firstJobType = parse(
      evaluationRecordsCsv([recordOf(E, [jobTypeChanged("j1", "2024-04-01", "ICT")])]),
      { bom: true, columns: true },
    ) as Array<Record<string, string>>;
    expect(firstJobType[0]?.job_type_changes).toBe("ICT@2024-04-01");
  });
});

describe("postings (HR core's commands)", () => {
  const record: PostingCommand = {
    type: "RecordPosting",
    postingId: "p1",
    employeeId: E,
    effectiveDate: "2024-04-01",
    department: "総務局",
    post: "課長",
    kind: "POSTING_KIND_REGULAR_TRANSFER" as never,
    rank: "RANK_SECTION_CHIEF" as never,
  };
  const given = (commands: PostingCommand[]) =>
    commands.reduce(
      (state, c) => postingsDecider.decide(c, state).reduce(postingsDecider.evolve, state),
      postingsDecider.initialState(),
    );

  it("given nothing, when a posting is recorded, then PostingRecorded with its rank", () => {
    expect(postingsDecider.decide(record, given([]))).toEqual([
      {
        type: "PostingRecorded",
        data: expect.objectContaining({ postingId: "p1", rank: "RANK_SECTION_CHIEF" }),
      },
    ]);
  });

  it("when the input is bad, then every bad field is named", () => {
    const bad = {
      ...record,
      effectiveDate: "2024-02-30",
      department: " ",
      kind: "POSTING_KIND_UNSPECIFIED" as never,
    };
    try {
      postingsDecider.decide(bad, given([]));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).violations.map((v) => v.field)).toEqual([
        "effectiveDate",
        "department",
        "kind",
      ]);
    }
  });

  it("given a posting, when it is corrected into another year, then PostingCorrected with the full new values", () => {
    const events = postingsDecider.decide(
      {
        ...record,
        type: "CorrectPosting",
        effectiveDate: "2025-04-01",
        reason: "POSTING_CORRECTION_REASON_WRONG_DATE" as never,
      },
      given([record]),
    );
    expect(events[0]).toMatchObject({
      type: "PostingCorrected",
      data: { postingId: "p1", effectiveDate: "2025-04-01" },
    });
  });

  it("given a voided posting, when it is corrected, then refused; an unknown posting is not found", () => {
    const voided = given([
      record,
      { type: "VoidPosting", employeeId: E, postingId: "p1", reason: "X" as never },
    ]);
    expect(() =>
      postingsDecider.decide({ ...record, type: "CorrectPosting", reason: "X" as never }, voided),
    ).toThrow(RuleViolation);
    expect(() =>
      postingsDecider.decide(
        { type: "VoidPosting", employeeId: E, postingId: "nope", reason: "X" as never },
        given([]),
      ),
    ).toThrow(NotFoundError);
  });

  it("when a voiding is decided, then it carries the posting's effective date, so it lands in its fiscal year", () => {
    const [event] = postingsDecider.decide(
      { type: "VoidPosting", employeeId: E, postingId: "p1", reason: "X" as never },
      given([record]),
    );
    expect(event?.data.effectiveDate).toBe("2024-04-01");
  });
});
