import { DATE_HORIZON, ValidationError } from "@hr/kit";
import { TRAINING_LIMITS } from "@hr/proto";
import { describe, expect, it } from "vitest";
import { checkEventInput, type EventEnvelope } from "../src/application/event-input";
import { DEFAULT_CLASSIFICATION, employeeHistory, evaluationRecords, rotationTimeline } from "../src/domain";
import { assessed, E, posting, secondmentEnded, secondmentStarted } from "./facts.fixtures";

/** The fields checkEventInput refuses, as `field: message` prefixes. */
function refused(
  employeeId: unknown,
  effectiveDate: unknown,
  data: Record<string, unknown> = {},
  envelope?: EventEnvelope,
): string[] {
  try {
    checkEventInput(employeeId, effectiveDate, data, envelope);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).violations.map((v) => v.field);
  }
}

describe("an event's employee id and dates, by the APIs' rules", () => {
  it("accepts what every API accepts, with unset (empty) dates left out", () => {
    const data = { startsOn: "2024-04-01", plannedEndOn: "", yearPlan: [{ startsOn: "2024-04-01" }] };
    expect(refused("E2300001", "2024-04-01", data)).toEqual([]);
  });

  it.each(["Z9.DOT9", "Z9\u0000NUL", "Z9\u202eRLO", "a/../b", "", "x".repeat(33)])(
    "refuses the employee id %j",
    (employeeId) => {
      expect(refused(employeeId, "2024-04-01")).toEqual(["employee_id"]);
    },
  );

  it("refuses every date outside the horizon, nested ones too, naming each", () => {
    const data = {
      plannedEndOn: "9999-04-01",
      yearPlan: [{ startsOn: "2024-04-01", endsOn: "0001-03-31" }],
      returnTo: { returnedOn: "2024-02-30" },
      reason: "ignored: not a date field",
    };
    expect(refused("E1", "0001-04-01", data)).toEqual([
      "effective_date",
      "plannedEndOn",
      "yearPlan[0].endsOn",
      "returnTo.returnedOn",
    ]);
  });
});

describe("an event's values and envelope, by the producing APIs' rules", () => {
  const envelope: EventEnvelope = {
    type: "hr.postings.v1.PostingRecorded",
    topic: "ns.hr.postings.v1",
    time: "2024-04-01T09:00:00.123+09:00",
    key: "E1",
  };
  const posting = {
    employeeId: "E1",
    effectiveDate: "2024-04-01",
    postingId: "pst-1",
    department: "デジタルサービス局 総務部",
    post: "主事",
    kind: "POSTING_KIND_REGULAR_TRANSFER",
    rank: "RANK_UNSPECIFIED",
  };

  it("accepts an event as its producer publishes it", () => {
    expect(refused("E1", "2024-04-01", posting, envelope)).toEqual([]);
  });

  it("refuses enum values the proto does not define, and unspecified or empty required fields", () => {
    expect(refused("E1", "2024-04-01", { ...posting, rank: "UNRECOGNIZED" }, envelope)).toEqual(["rank"]);
    expect(
      refused("E1", "2024-04-01", { ...posting, kind: "POSTING_KIND_UNSPECIFIED", postingId: "" }, envelope),
    ).toEqual(["postingId", "kind"]);
  });

  it("refuses names over the APIs' limit or with controls, malformed ids, negative or absurd numbers", () => {
    const data = {
      department: "局".repeat(100 * 1024),
      post: "主事\u001b[31m",
      courseId: "a/../b",
      hours: -5,
      score: Number.POSITIVE_INFINITY,
      requestedAmountYen: 2 ** 53,
      fiscalYear: 9999,
      catalogueFiscalYear: 0,
      applicantEmployeeIds: ["E1", "Z9.DOT9"],
    };
    expect(refused("E1", "2024-04-01", data)).toEqual([
      "department",
      "post",
      "courseId",
      "hours",
      "score",
      "requestedAmountYen",
      "fiscalYear",
      "applicantEmployeeIds[1]",
    ]);
  });

  it("refuses a payload date that is no calendar date even when the header's is one", () => {
    expect(refused("E1", "2023-04-01", { ...posting, effectiveDate: "2023-02-30" }, envelope)).toEqual([
      "effectiveDate",
    ]);
  });

  it.each([
    [{ topic: "ns.hr.training.v1" }, "ce_type"],
    [{ time: "yesterday" }, "ce_time"],
    [{ time: "2024-02-30T09:00:00Z" }, "ce_time"],
    [{ time: "2024-04-01T24:00:00Z" }, "ce_time"],
    [{ time: "2024-04-01 09:00:00" }, "ce_time"],
    [{ key: "" }, "key"],
    [{ key: "E2" }, "key"],
  ])("refuses the envelope %j", (change, field) => {
    expect(refused("E1", "2024-04-01", posting, { ...envelope, ...change })).toEqual([field]);
  });
});

describe("training events, by the training API's own per-field limits (TRAINING_LIMITS)", () => {
  const training = (type: string): EventEnvelope => ({
    type: `hr.training.v1.${type}`,
    topic: "ns.hr.training.v1",
    time: "2024-04-01T09:00:00Z",
    key: "E1",
  });
  const completion = {
    employeeId: "E1",
    effectiveDate: "2024-04-01",
    completionId: "cmp-1",
    courseId: "dx-basics",
    courseTitle: "DX basics",
    form: "TRAINING_FORM_E_LEARNING",
    hours: 0,
    score: 100,
  };
  const destination = {
    name: "City of Helsinki",
    kind: "DESTINATION_KIND_GOVERNMENT_BODY",
    countryCode: "FI",
    city: "",
  };
  const applied = {
    employeeId: "E1",
    effectiveDate: "2024-04-01",
    applicationId: "app-1",
    fiscalYear: 2024,
    candidateDestinations: Array(TRAINING_LIMITS.destinations.maxItems).fill(destination),
    applicantEmployeeIds: ["E1"],
  };
  const completed = (changes: object) =>
    refused("E1", "2024-04-01", { ...completion, ...changes }, training("TrainingCompleted"));

  it("accepts every value at its limit, and unset (0, empty) values", () => {
    expect(completed({ hours: TRAINING_LIMITS.hours.maximum, courseTitle: "x".repeat(200) })).toEqual([]);
    expect(refused("E1", "2024-04-01", applied, training("OverseasTrainingApplied"))).toEqual([]);
  });

  it("refuses hours, scores and text over the API's maximum, naming each field", () => {
    expect(completed({ hours: 1000.5, score: 101, courseTitle: "x".repeat(201) })).toEqual([
      "courseTitle",
      "hours",
      "score",
    ]);
  });

  it("refuses a survey answer outside 1 to 5 and a survey with more answers than the API takes", () => {
    const answer = { itemId: "awareness", kind: "SURVEY_ITEM_KIND_AWARENESS", score: 5 };
    const survey = (answers: object[]) =>
      refused(
        "E1",
        "2024-04-01",
        { employeeId: "E1", effectiveDate: "2024-04-01", surveyId: "s-1", courseId: "dx", answers },
        training("SurveyRecorded"),
      );
    expect(survey([answer, { ...answer, score: 6 }])).toEqual(["answers[1].score"]);
    expect(survey(Array(TRAINING_LIMITS.surveyAnswers.maxItems + 1).fill(answer))).toEqual(["answers"]);
  });

  it("refuses amounts in yen, lists and country codes beyond the API's rules", () => {
    const subsidy = {
      employeeId: "E1",
      effectiveDate: "2024-04-01",
      subsidyId: "sub-1",
      requestedAmountYen: 10_000_001,
    };
    expect(refused("E1", "2024-04-01", subsidy, training("CertificationSubsidyRequested"))).toEqual([
      "requestedAmountYen",
    ]);
    const tooMany = {
      ...applied,
      candidateDestinations: [...applied.candidateDestinations, { ...destination, countryCode: "fi" }],
      applicantEmployeeIds: Array(TRAINING_LIMITS.applicants.maxItems + 1).fill("E1"),
    };
    expect(refused("E1", "2024-04-01", tooMany, training("OverseasTrainingApplied"))).toEqual([
      "candidateDestinations",
      "candidateDestinations[20].countryCode",
      "applicantEmployeeIds",
    ]);
  });

  it("holds other topics to the general rules only", () => {
    const phase = { name: "x".repeat(200), startsOn: "2024-04-01", hours: 5000 };
    const started = {
      employeeId: "E1",
      effectiveDate: "2024-04-01",
      secondmentId: "s-1",
      hostKind: "HOST_KIND_PRIVATE_FIRM",
      yearPlan: [phase],
      score: 101,
    };
    const envelope = {
      ...training("SecondmentStarted"),
      type: "hr.secondment.v1.SecondmentStarted",
      topic: "ns.hr.secondment.v1",
    };
    expect(refused("E1", "2024-04-01", started, envelope)).toEqual([]);
  });
});

describe("every date an event may carry is one the records can place", () => {
  it("projects facts on the horizon's first and last days, each year in between, quickly", () => {
    const { first, last } = DATE_HORIZON;
    const facts = [
      posting("p1", first),
      assessed("a1", first, "network", 2),
      secondmentStarted("s1", "2100-04-01", last),
      secondmentEnded("s1", last),
      posting("p2", last),
    ];
    const started = performance.now();
    const history = employeeHistory(E, facts);
    const years = evaluationRecords(history, DEFAULT_CLASSIFICATION).map((r) => r.fiscalYear);
    const rotation = rotationTimeline(history);
    expect(years).toContain(DATE_HORIZON.firstFiscalYear);
    expect(years).toContain(DATE_HORIZON.lastFiscalYear);
    expect(rotation.assignments.map((a) => a.startedOn)).toEqual([first, last]);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
