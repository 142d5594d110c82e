import { CommandInput, isFiscalYearInHorizon, isIsoDate } from "@hr/kit";
import { type FieldLimit, TRAINING_EVENT_LIMITS } from "@hr/proto";

/** Fields that carry a calendar date, by the events' naming (`effective_date`, `starts_on`, ...). */
const DATE_FIELD = /(?:Date|On)$/;
/** Fields that carry an id (`posting_id`, `applicant_employee_ids`, ...). */
const ID_FIELD = /Ids?$/;
const EMPLOYEE_ID_FIELD = /EmployeeIds?$/;
const FISCAL_YEAR_FIELD = /(?:^f|F)iscalYear$/;
/** Names of departments, posts, hosts, courses: one line of at most 200 characters at every API. */
const MAX_NAME_LENGTH = 200;
/** No API takes a number beyond int32 (amounts in yen included): more is not a fact but a fault. */
const MAX_NUMBER = 2 ** 31 - 1;
/**
 * Per-field limits of a topic's events beyond the rules above, by event package: the producing API's own
 * definition (`@hr/proto`), so the check cannot drift from what the API admits.
 */
const FIELD_LIMITS: Readonly<Record<string, Readonly<Record<string, FieldLimit>>>> = {
  "hr.training.v1": TRAINING_EVENT_LIMITS,
};
/** What ts-proto (`stringEnums`) reads for an enum number the proto does not define. */
const UNRECOGNIZED = "UNRECOGNIZED";

/**
 * Fields the producing API always requires and the records are computed from: an event's own id, and
 * enums whose request schema has no `*_UNSPECIFIED`. Empty or unspecified there is a fault, not a fact.
 * Fields added to an event later (unset in older events, e.g. a correction's provider) are not listed.
 */
const REQUIRED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  "hr.postings.v1.PostingRecorded": ["postingId", "kind"],
  "hr.postings.v1.PostingCorrected": ["postingId", "kind"],
  "hr.postings.v1.PostingVoided": ["postingId"],
  "hr.skills.v1.JobTypeChanged": ["basis"],
  "hr.secondment.v1.SecondmentAgreed": ["secondmentId", "hostKind"],
  "hr.secondment.v1.SecondmentStarted": ["secondmentId", "hostKind"],
  "hr.training.v1.TrainingCompleted": ["completionId"],
  "hr.training.v1.OverseasTrainingStepCorrected": ["applicationId", "step"],
  "hr.training.v1.OverseasTrainingStepVoided": ["applicationId", "step", "stepNow"],
};

/** Where an event came from, as the consumer received it (CloudEvents headers, Kafka key and topic). */
export interface EventEnvelope {
  type: string;
  topic: string;
  time: string;
  key: string;
}

/**
 * Checks a received event by the rules every producing API applies (the kit's `CommandInput`, README
 * "Identifiers and dates") before anything of it is stored: the employee id, every date (a payload date
 * that is no calendar date is refused, never replaced by the header's), ids, names (one line, no
 * controls or bidi overrides, at most 200 characters), enum values the proto defines, ids and enums set
 * where the API requires them, numbers (finite, not negative, fiscal years within the horizon), the
 * producing API's per-field limits (`FIELD_LIMITS`: lengths, ranges, list lengths); and the envelope:
 * the topic carries the event's package, `ce_time` is an RFC 3339 time, the key is the employee id.
 * A violating event is refused whole (a ValidationError naming every field: to the DLQ as `invalid`),
 * never half projected. Unset values (proto3's empty string or 0, an absent optional) are not checked.
 */
export function checkEventInput(
  employeeId: unknown,
  effectiveDate: unknown,
  data: Record<string, unknown>,
  envelope?: EventEnvelope,
): asserts effectiveDate is string {
  const input = new CommandInput()
    .employeeId("employee_id", employeeId)
    .date("effective_date", effectiveDate);
  if (envelope) checkEnvelope(input, envelope, employeeId);
  for (const field of REQUIRED_FIELDS[envelope?.type ?? ""] ?? []) {
    const value = data[field];
    if (typeof value !== "string" || value === "" || value.endsWith("_UNSPECIFIED")) {
      input.fail(field, "is required");
    }
  }
  const { employeeId: _checkedAbove, ...values } = data;
  const type = envelope?.type ?? "";
  checkValues(input, values, FIELD_LIMITS[type.slice(0, type.lastIndexOf("."))] ?? {});
  input.check();
}

function checkEnvelope(input: CommandInput, { type, topic, time, key }: EventEnvelope, employeeId: unknown) {
  const pkg = type.slice(0, type.lastIndexOf("."));
  if (!pkg || !topic.endsWith(pkg)) input.fail("ce_type", `${type} is not an event of topic ${topic}`);
  if (!isRfc3339(time)) input.fail("ce_time", "must be an RFC 3339 time, e.g. 2024-04-01T09:00:00Z");
  if (key !== employeeId) input.fail("key", "must be the event's employee_id");
}

/** `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)` with a real calendar date and time of day. */
function isRfc3339(value: string): boolean {
  const match = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/.exec(
    value,
  );
  if (!match || !isIsoDate(match[1])) return false;
  const [hh, mm, ss, oh, om] = match.slice(2).map((part) => Number(part ?? 0));
  return hh! < 24 && mm! < 60 && ss! < 61 && oh! < 24 && om! < 60;
}

/**
 * Walks the event's values; `shape` is the path without list indices (`answers[].score`), by which
 * (or by the field's name) `limits` names a field's own limit, checked instead of the general rule.
 */
function checkValues(
  input: CommandInput,
  value: unknown,
  limits: Readonly<Record<string, FieldLimit>>,
  path = "",
  key = "",
  shape = "",
): void {
  const limit = limits[shape] ?? limits[key];
  if (Array.isArray(value)) {
    if (limit?.maxItems !== undefined) input.within(path, value, limit);
    for (const [i, item] of value.entries()) {
      checkValues(input, item, limits, `${path}[${i}]`, key, `${shape}[]`);
    }
  } else if (typeof value === "object" && value !== null) {
    for (const [k, item] of Object.entries(value)) {
      checkValues(input, item, limits, path ? `${path}.${k}` : k, k, shape ? `${shape}.${k}` : k);
    }
  } else if (typeof value === "string") {
    checkString(input, path, key, value, limit);
  } else if (typeof value === "number") {
    checkNumber(input, path, key, value, limit);
  }
}

function checkString(input: CommandInput, field: string, key: string, value: string, limit?: FieldLimit) {
  if (value === "") return;
  if (value === UNRECOGNIZED) input.fail(field, "is not a value the proto defines");
  else if (DATE_FIELD.test(key)) input.date(field, value);
  else if (EMPLOYEE_ID_FIELD.test(key) || key === "employeeId") input.employeeId(field, value);
  else if (ID_FIELD.test(key)) input.id(field, value);
  else if (limit?.pattern !== undefined) input.within(field, value, limit);
  else input.text(field, value, { max: limit?.maxLength ?? MAX_NAME_LENGTH });
}

function checkNumber(input: CommandInput, field: string, key: string, value: number, limit?: FieldLimit) {
  if (limit?.minimum !== undefined && value !== 0) input.within(field, value, limit);
  else if (!Number.isFinite(value) || value < 0 || value > MAX_NUMBER) {
    input.fail(field, `must be a number from 0 to ${MAX_NUMBER}`);
  } else if (FISCAL_YEAR_FIELD.test(key) && value !== 0 && !isFiscalYearInHorizon(value)) {
    input.fail(field, "must be a fiscal year within the date horizon (DATE_HORIZON)");
  }
}
