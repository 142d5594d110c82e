/**
 * xAPI 1.0.3 statements as a learning platform sends them, read into the service's terms (pure): a
 * `completed` or `passed` statement is a completion of the course whose catalogue entry lists the
 * activity id; a `voided` statement voids the completion recorded from the statement it names. The actor
 * is an employee when their account's home page is the configured one: `account.name` is the employee id.
 */
import { dateRule, isDateInHorizon, RuleViolation, ValidationError } from "@hr/kit";
import { MAX_COMPLETION_HOURS, TRAINING_RECORD_RULES } from "../domain";

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
  context?: { registration?: string };
  timestamp?: string;
}

export type StatementMeaning =
  | {
      kind: "completion";
      statementId: string;
      employeeId: string;
      activityId: string;
      completedOn: string;
      /** `context.registration` (the platform's attempt), else the day: one completion per attempt. */
      attemptId: string;
      hours?: number;
      score?: number;
    }
  | { kind: "voiding"; statementId: string; voidedStatementId: string }
  | { kind: "ignored"; statementId: string };

/** Reason codes of a well-formed statement the service cannot record (answered 409, xAPI's conflict). */
export const XAPI_RULES = {
  durationOverLimit: "DURATION_OVER_LIMIT",
  /** The timestamp's day in Japan is outside the date horizon (its schema cannot state a day in Japan). */
  dateOutsideHorizon: "DATE_OUTSIDE_HORIZON",
  /** PUT: the statement's own id is not the `statementId` parameter. */
  statementIdMismatch: "STATEMENT_ID_MISMATCH",
  /** POST: two statements of one batch have the same id. */
  statementIdTwice: "STATEMENT_ID_TWICE",
} as const;

/**
 * What the statement means here. The request schema (xapi.routes.ts) has already refused, with 400, what
 * xAPI calls invalid and what this reader needs; what remains is refused as a rule (RuleViolation).
 */
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
    return { kind: "voiding", statementId, voidedStatementId: statement.object.id.toLowerCase() };
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
  if (completedOn > today) {
    throw new RuleViolation(
      TRAINING_RECORD_RULES.dateInFuture,
      `a completion cannot be dated ${completedOn}, after today (${today})`,
    );
  }
  if (!isDateInHorizon(completedOn)) {
    throw new RuleViolation(
      XAPI_RULES.dateOutsideHorizon,
      `a completion dated ${completedOn} in Japan: a completion date ${dateRule()}`,
    );
  }
  const hours =
    statement.result?.duration === undefined ? undefined : durationHours(statement.result.duration);
  if (hours !== undefined && hours > MAX_COMPLETION_HOURS) {
    throw new RuleViolation(
      XAPI_RULES.durationOverLimit,
      `result.duration is ${hours} hours; a completion records at most ${MAX_COMPLETION_HOURS} hours of study`,
    );
  }
  const score = scoreOf(statement.result?.score);
  return {
    kind: "completion",
    statementId,
    employeeId: account.name,
    activityId: statement.object.id,
    completedOn,
    attemptId: statement.context?.registration?.toLowerCase() ?? completedOn,
    ...(hours === undefined ? {} : { hours }),
    ...(score === undefined ? {} : { score }),
  };
}

/** Japan keeps no daylight saving time: its day is the UTC day nine hours on. */
const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The day in Japan of an ISO 8601 timestamp (the schema's pattern admits only those `Date` reads). */
function dateInJapan(timestamp: string): string {
  const instant = Date.parse(timestamp);
  if (Number.isNaN(instant)) throw ValidationError.field("timestamp", "must be an ISO 8601 timestamp");
  return new Date(instant + JAPAN_OFFSET_MS).toISOString().slice(0, 10);
}

/** ISO 8601 duration (`PT1H30M`, `P1DT2H`) in hours, rounded to a hundredth. */
function durationHours(duration: string): number {
  const m = DURATION.exec(duration);
  if (!m) throw ValidationError.field("result.duration", "must be an ISO 8601 duration such as PT1H30M");
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number];
  return Math.round((d * 24 + h + min / 60 + s / 3600) * 100) / 100;
}

/** Days, hours, minutes, seconds; at least one, and a `T` only before a time part. */
const DURATION_SOURCE =
  "^P(?!$)(?:([0-9]+(?:\\.[0-9]+)?)D)?(?:T(?=[0-9])(?:([0-9]+(?:\\.[0-9]+)?)H)?(?:([0-9]+(?:\\.[0-9]+)?)M)?(?:([0-9]+(?:\\.[0-9]+)?)S)?)?$";
const DURATION = new RegExp(DURATION_SOURCE);

/**
 * ISO 8601 timestamps as `Date.parse` reads them: years 1000 to 9998 (no day in Japan beyond 9999),
 * seconds and fractions optional, an offset required (xAPI: "SHOULD include a time zone").
 */
const TIMESTAMP_SOURCE =
  "^(?!9999)[1-9][0-9]{3}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\\.[0-9]+)?)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$";

/** The patterns the request schema states, so that what it admits this reader reads. */
export const STATEMENT_PATTERNS = { duration: DURATION_SOURCE, timestamp: TIMESTAMP_SOURCE } as const;

/**
 * Score 0-100: from `scaled` (0..1; below 0 counts as 0), or `raw` within `min`..`max`. A `raw` outside
 * its range (which xAPI forbids but a schema cannot compare) gives no score rather than a wrong one.
 */
function scoreOf(
  score: { scaled?: number; raw?: number; min?: number; max?: number } | undefined,
): number | undefined {
  if (!score) return undefined;
  if (score.scaled !== undefined) return Math.round(Math.max(0, score.scaled) * 10000) / 100;
  const { raw, min = 0, max } = score;
  if (raw === undefined || max === undefined || !(max > min) || raw < min || raw > max) return undefined;
  const scaled = Math.round(((raw - min) / (max - min)) * 10000) / 100;
  // A range too wide for doubles (max - min overflows) gives no score rather than NaN.
  return Number.isFinite(scaled) ? scaled : undefined;
}
