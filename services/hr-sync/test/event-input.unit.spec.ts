import { DATE_HORIZON, ValidationError } from "@hr/kit";
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
