/**
 * xAPI 1.0.3 statements as a learning platform sends them, read into the service's terms (pure): a
 * `completed` or `passed` statement is a completion of the course whose catalogue entry lists the
 * activity id; a `voided` statement voids the completion recorded from the statement it names. The actor
 * is an employee when their account's home page is the configured one: `account.name` is the employee id.
 */
import { isIsoDate, ValidationError } from "@hr/kit";

export const XAPI_VERSION = "1.0.3";
export const VERBS = {
  completed: "http://adlnet.gov/expapi/verbs/completed",
  passed: "http://adlnet.gov/expapi/verbs/passed",
  voided: "http://adlnet.gov/expapi/verbs/voided",
} as const;

export interface Statement {
  id?: string;
  actor: { objectType?: string; name?: string; account?: { homePage: string; name: string }; mbox?: string };
  verb: { id: string; display?: Record<string, string> };
  object: { objectType?: string; id: string; definition?: unknown };
  result?: {
    score?: { scaled?: number; raw?: number; min?: number; max?: number };
    duration?: string;
    success?: boolean;
    completion?: boolean;
  };
  timestamp?: string;
}

export type StatementMeaning =
  | {
      kind: "completion";
      statementId: string;
      employeeId: string;
      activityId: string;
      completedOn: string;
      hours?: number;
      score?: number;
    }
  | { kind: "voiding"; statementId: string; voidedStatementId: string }
  | { kind: "ignored"; statementId: string };

/** What the statement means here; ValidationError naming the field when it cannot be read. */
export function readStatement(
  statement: Statement,
  statementId: string,
  accountHomePage: string,
  today: string,
): StatementMeaning {
  const verb = statement.verb.id;
  if (verb === VERBS.voided) {
    if (statement.object.objectType !== "StatementRef") {
      throw ValidationError.field(
        "object.objectType",
        "a voided statement must reference a statement (StatementRef)",
      );
    }
    return { kind: "voiding", statementId, voidedStatementId: statement.object.id };
  }
  if (verb !== VERBS.completed && verb !== VERBS.passed) return { kind: "ignored", statementId };
  const account = statement.actor.account;
  if (!account || account.homePage !== accountHomePage) {
    throw ValidationError.field(
      "actor.account.homePage",
      `must be ${accountHomePage}: the account whose name is the employee id`,
    );
  }
  const completedOn = statement.timestamp ? dateInJapan(statement.timestamp) : today;
  const hours =
    statement.result?.duration === undefined ? undefined : durationHours(statement.result.duration);
  const score = scoreOf(statement.result?.score);
  return {
    kind: "completion",
    statementId,
    employeeId: account.name,
    activityId: statement.object.id,
    completedOn,
    ...(hours === undefined ? {} : { hours }),
    ...(score === undefined ? {} : { score }),
  };
}

/** The day in Japan of an ISO 8601 timestamp. */
function dateInJapan(timestamp: string): string {
  const instant = Date.parse(timestamp);
  if (Number.isNaN(instant)) throw ValidationError.field("timestamp", "must be an ISO 8601 timestamp");
  const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Tokyo" }).format(new Date(instant));
  if (!isIsoDate(date)) throw ValidationError.field("timestamp", "is out of range");
  return date;
}

/** ISO 8601 duration (`PT1H30M`, `P1DT2H`) in hours, rounded to a hundredth. */
function durationHours(duration: string): number {
  const m =
    /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      duration,
    );
  if (!m || duration === "P" || duration.endsWith("T")) {
    throw ValidationError.field("result.duration", "must be an ISO 8601 duration such as PT1H30M");
  }
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number];
  return Math.round((d * 24 + h + min / 60 + s / 3600) * 100) / 100;
}

/** Score 0-100: from `scaled` (0..1), or `raw` within `min`..`max`. */
function scoreOf(
  score: { scaled?: number; raw?: number; min?: number; max?: number } | undefined,
): number | undefined {
  if (!score) return undefined;
  if (score.scaled !== undefined) return Math.round(Math.max(0, score.scaled) * 10000) / 100;
  if (score.raw !== undefined && score.max !== undefined && score.max > (score.min ?? 0)) {
    return Math.round(((score.raw - (score.min ?? 0)) / (score.max - (score.min ?? 0))) * 10000) / 100;
  }
  return undefined;
}
