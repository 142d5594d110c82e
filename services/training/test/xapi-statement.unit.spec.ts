import { RuleViolation } from "@hr/kit";
import { describe, expect, it } from "vitest";
import { readStatement, type Statement, VERBS } from "../src/application/xapi-statement";

/** Statements as a learning platform writes them, read into the service's terms. */
const HOME = "https://learning.metro.example";
const TODAY = "2024-06-30";
const completed = (extra: Partial<Statement> = {}): Statement => ({
  actor: { objectType: "Agent", account: { homePage: HOME, name: "E1001" } },
  verb: { id: VERBS.completed },
  object: { objectType: "Activity", id: "https://learning.metro.example/activities/udemy-genai" },
  ...extra,
});
const read = (statement: Statement) => readStatement(statement, "s-1", HOME, TODAY);
const reasonOf = (statement: Statement) => {
  try {
    read(statement);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(RuleViolation);
    return (error as RuleViolation).reason;
  }
};

describe("reading an xAPI statement", () => {
  it("dates a completion by its timestamp's day in Japan, hours from the duration", () => {
    expect(read(completed({ timestamp: "2024-06-03T15:30:00Z", result: { duration: "PT4H30M" } }))).toEqual({
      kind: "completion",
      statementId: "s-1",
      employeeId: "E1001",
      activityId: "https://learning.metro.example/activities/udemy-genai",
      completedOn: "2024-06-04",
      attemptId: "2024-06-04",
      hours: 4.5,
    });
    expect(read(completed({ result: { duration: "P1DT2H" } }))).toMatchObject({
      completedOn: TODAY,
      hours: 26,
    });
    // The attempt is the registration when the platform sends one, else the day.
    const registration = "6A7B8C9D-0E1F-4A2B-8C3D-4E5F6A7B8C9D";
    expect(read(completed({ context: { registration } }))).toMatchObject({
      attemptId: registration.toLowerCase(),
    });
  });

  it("scores from scaled, or from raw within min..max; a raw outside its range gives no score", () => {
    const score = (s: NonNullable<NonNullable<Statement["result"]>["score"]>) =>
      (read(completed({ result: { score: s } })) as { score?: number }).score;
    expect(score({ scaled: 0.925 })).toBe(92.5);
    expect(score({ scaled: -0.5 })).toBe(0);
    expect(score({ raw: 45, min: 0, max: 50 })).toBe(90);
    expect(score({ raw: 60, min: 0, max: 50 })).toBeUndefined();
    expect(score({ raw: 1e308, min: -1e308, max: 1e308 })).toBeUndefined();
  });

  it("refuses as rules a completion dated after today and a duration beyond a completion's hours", () => {
    expect(reasonOf(completed({ timestamp: "2024-07-01T00:00:00+09:00" }))).toBe("DATE_IN_FUTURE");
    expect(reasonOf(completed({ result: { duration: "P42D" } }))).toBe("DURATION_OVER_LIMIT");
  });

  it("reads a voiding statement by the id it references, and acknowledges other verbs", () => {
    expect(
      read({
        actor: { mbox: "mailto:lms@learning.metro.example" },
        verb: { id: VERBS.voided },
        object: { objectType: "StatementRef", id: "5B3C1D2E-7F8A-4B9C-8D0E-1F2A3B4C5D6E" },
      }),
    ).toEqual({
      kind: "voiding",
      statementId: "s-1",
      voidedStatementId: "5b3c1d2e-7f8a-4b9c-8d0e-1f2a3b4c5d6e",
    });
    expect(read(completed({ verb: { id: "http://adlnet.gov/expapi/verbs/attempted" } }))).toEqual({
      kind: "ignored",
      statementId: "s-1",
    });
  });
});
