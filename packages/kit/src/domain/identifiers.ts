/**
 * What an id may be (README "Identifiers and dates"): letters, digits, `-` and `_`, nothing else. Ids
 * become `_id`s, parts of record keys and field names in stored documents, file names in exports and
 * text on screens, so no character a store, a CSV or a terminal reads specially (`.`, `$`, NUL, controls,
 * bidi overrides, spaces) is ever in one. The request schemas publish the same patterns.
 */

/** Longest employee id (職員番号) in characters. */
export const MAX_EMPLOYEE_ID_LENGTH = 32;

/** Longest other id (request, posting, secondment, completion, skill, course, ...): fits `pst-<uuid>` and more. */
export const MAX_ID_LENGTH = 64;

/** The pattern of an id of 1 to `max` characters (as the request schemas state it). */
export function idPattern(max: number): string {
  return `^[A-Za-z0-9_-]{1,${max}}$`;
}

const EMPLOYEE_ID = new RegExp(idPattern(MAX_EMPLOYEE_ID_LENGTH));
const ID = new RegExp(idPattern(MAX_ID_LENGTH));

/** What an id's refusal says, for `max` characters. */
export function idRule(max: number): string {
  return `must be 1 to ${max} letters, digits, - or _`;
}

export function isEmployeeId(value: unknown): value is string {
  return typeof value === "string" && EMPLOYEE_ID.test(value);
}

export function isId(value: unknown): value is string {
  return typeof value === "string" && ID.test(value);
}
