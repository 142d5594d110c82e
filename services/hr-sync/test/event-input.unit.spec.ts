import { DATE_HORIZON, ValidationError } from "@hr/kit";
import { describe, expect, it } from "vitest";
import { checkEventInput } from "../src/application/event-input";
import { DEFAULT_CLASSIFICATION, employeeHistory, evaluationRecords, rotationTimeline } from "../src/domain";
import { assessed, E, posting, secondmentEnded, secondmentStarted } from "./facts.fixtures";

/** The fields checkEventInput refuses, as `field: message` prefixes. */
function refused(employeeId: unknown, effectiveDate: unknown, data: Record<string, unknown> = {}): string[] {
  try {
    checkEventInput(employeeId, effectiveDate, data);
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
