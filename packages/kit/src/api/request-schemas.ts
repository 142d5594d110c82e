import { type TSchema, type TString, type TUnsafe, Type } from "@sinclair/typebox";
import { DATE_HORIZON, dateRule, horizonDatePattern } from "../domain/date-horizon";
import { idPattern, idRule, MAX_EMPLOYEE_ID_LENGTH, MAX_ID_LENGTH } from "../domain/identifiers";
import { type TextShape, textPattern } from "../domain/text";

/**
 * Building blocks of request schemas that every service spells the same way (CONTRACTS.md), each as
 * strict as the domain's own checks (`CommandInput`), written so that every reader agrees on
 * them: Ajv in `validate`, and the generic tools that read the OpenAPI document (Schemathesis, client
 * generators). Patterns use only what ECMA and Python regexes read alike (no `\s`: the two disagree on
 * a few characters), lengths count characters (code points), as JSON Schema and the kit's `textLength` do.
 */

/** An id: 1 to `max` letters, digits, `-` or `_` (the domain's `CommandInput.id`/`employeeId`). */
export function idSchema(description: string, max: number): TString {
  return Type.String({
    minLength: 1,
    maxLength: max,
    pattern: idPattern(max),
    description: `${description} (1 to ${max} letters, digits, - or _)`,
    errorMessage: idRule(max),
  });
}

/**
 * Free text a person writes, of at most `max` characters when given: no control characters or bidi
 * overrides, one line unless `multiline`; `required` text holds a visible character (`text.ts`).
 */
export function textSchema(
  description: string,
  max: number | undefined,
  { required = false, multiline = false }: TextShape = {},
): TString {
  const limits = [
    max === undefined ? "" : `at most ${max} characters`,
    multiline ? "tab and line breaks allowed" : "one line",
    "no control characters or bidi overrides",
    required ? "not blank" : "",
  ];
  const said = limits.filter(Boolean).join(", ");
  return Type.String({
    ...(max === undefined ? {} : { maxLength: max }),
    ...(required ? { minLength: 1 } : {}),
    pattern: textPattern({ required, multiline }),
    description: `${description} (${said})`,
    errorMessage: `must be ${required ? "text, " : ""}${said}`,
  });
}

/**
 * A calendar date `YYYY-MM-DD` (no time zone) within the date horizon: `format: date` tells tools it
 * is a real date (Ajv checks it with the kit's `isIsoDate`), the pattern states the horizon's bounds.
 */
export function calendarDateSchema(description: string): TString {
  return Type.String({
    format: "date",
    pattern: horizonDatePattern(),
    description: `${description} (YYYY-MM-DD, ${DATE_HORIZON.first} to ${DATE_HORIZON.last})`,
    errorMessage: dateRule(),
  });
}

/** A fiscal year (FY N = 1 April N to 31 March N+1) within the date horizon. */
export function fiscalYearSchema(description: string) {
  return Type.Integer({
    minimum: DATE_HORIZON.firstFiscalYear,
    maximum: DATE_HORIZON.lastFiscalYear,
    description: `${description} (FY${DATE_HORIZON.firstFiscalYear} to FY${DATE_HORIZON.lastFiscalYear})`,
  });
}

/** A proto enum by its value names (JSON's spelling), without `*_UNSPECIFIED`: one `enum` list. */
export function protoEnumSchema(
  values: Record<string, string | number>,
  description: string,
): TUnsafe<string> {
  const names = Object.values(values).filter(
    (v): v is string => typeof v === "string" && !v.endsWith("_UNSPECIFIED") && v !== "UNRECOGNIZED",
  );
  return codeListSchema(names, description);
}

/** One of a fixed list of codes, e.g. job types. */
export function codeListSchema<V extends string>(codes: readonly V[], description: string): TUnsafe<V> {
  return Type.Unsafe<V>({
    type: "string",
    enum: [...codes],
    description,
    errorMessage: `must be one of ${codes.join(", ")}`,
  });
}

/**
 * A condition on one field of a request: `field` is given and is one of `oneOf`, or (`orUnset`) is left
 * out, for a field whose proto3 default (false, 0) is one of the values: gRPC cannot tell it from unset.
 */
export interface FieldCondition {
  field: string;
  oneOf: readonly (string | boolean)[];
  orUnset?: boolean;
}

/**
 * A rule spanning fields, as options of the request's `Type.Object`: `then.field` is required (and
 * matches `then.schema`) when `when.field` is one of `when.oneOf`. OpenAPI 3.0 has no if/then, so it
 * says "not (when) or (then)" with anyOf/not; `allOf` keeps its wording off the object's other errors.
 */
export function requiredWhen(
  when: FieldCondition,
  then: { field: string; schema: TSchema },
): { allOf: object[] } {
  return fieldRuleWhen(when, then.field, `is required when ${said(when)}`, {
    type: "object",
    required: [then.field],
    properties: { [then.field]: then.schema },
  });
}

/**
 * As `requiredWhen`, for a field that may be left out but, when given, must match `then.schema` while
 * the condition holds (e.g. an empty list for an individual application, as gRPC sends an unset one).
 */
export function constrainedWhen(
  when: FieldCondition,
  then: { field: string; schema: TSchema; errorMessage: string },
): { allOf: object[] } {
  return fieldRuleWhen(when, then.field, `${then.errorMessage} when ${said(when)}`, {
    type: "object",
    properties: { [then.field]: then.schema },
  });
}

function said(when: FieldCondition): string {
  return `${when.field} is ${[...when.oneOf, ...(when.orUnset ? ["unset"] : [])].join(" or ")}`;
}

function fieldRuleWhen(when: FieldCondition, field: string, errorMessage: string, then: object) {
  const given = {
    type: "object",
    required: [when.field],
    properties: { [when.field]: { enum: when.oneOf } },
  };
  const condition = when.orUnset ? { anyOf: [given, { not: { required: [when.field] } }] } : given;
  return { allOf: [{ anyOf: [{ not: condition }, then], "x-field": field, errorMessage }] };
}

/** An id of up to MAX_ID_LENGTH characters, as `CommandInput.id` checks it. */
export const Id = (description: string) => idSchema(description, MAX_ID_LENGTH);

export const IsoDate = calendarDateSchema;

export const RequestId = Id(
  "Idempotency key: a repeated request_id returns the first reply and records nothing new",
);

/** An employee id, as `CommandInput.employeeId` checks it. */
export const EmployeeId = idSchema("Employee id (職員番号)", MAX_EMPLOYEE_ID_LENGTH);

/** A ts-proto string enum by its names, without `*_UNSPECIFIED` and `UNRECOGNIZED`. */
export const protoEnum = protoEnumSchema;
