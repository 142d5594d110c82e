/**
 * Length in characters (code points), as JSON Schema's `maxLength` counts: an emoji is one character,
 * where `String.length` counts two UTF-16 units. Limits that a request schema publishes are checked
 * with it, so a text the schema admits is never refused by the domain.
 */
export function textLength(value: string): number {
  let length = 0;
  for (const _ of value) length++;
  return length;
}

/**
 * What free text a person writes may hold (README "Identifiers and dates"). Never NUL, C0/C1 control
 * characters or DEL (a terminal or log runs them: BEL, `ESC[31m`), nor bidi embeddings, overrides and
 * isolates (U+202A-U+202E, U+2066-U+2069: they reorder what a screen or CSV shows around them). Tab and
 * line breaks only where the field is multi-line. "Not blank" means at least one visible character: not a
 * space, a line break, nor an invisible format character such as U+200B. The classes are spelled with
 * `\uXXXX` escapes that ECMA and Python regexes read alike, so the request schemas publish these very
 * patterns and every reader of the OpenAPI document agrees with the domain.
 */
const CONTROLS = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f";
const BIDI = "\\u202a-\\u202e\\u2066-\\u2069";
const LINE_BREAKS = "\\t\\n\\r\\u2028\\u2029";
/** Spaces (what `String.prototype.trim` removes but line breaks) and invisible format characters. */
const INVISIBLE =
  " \\u00a0\\u00ad\\u034f\\u061c\\u115f\\u1160\\u1680\\u17b4\\u17b5\\u180b-\\u180f\\u2000-\\u200f" +
  "\\u202f\\u205f-\\u2064\\u3000\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0";

export interface TextShape {
  /** Must hold a visible character. */
  required?: boolean;
  /** May hold tabs and line breaks (a note, a reason); otherwise one line (a name, a department). */
  multiline?: boolean;
}

/**
 * The pattern text of this shape matches. Linear to match: the character classes of its parts are
 * disjoint, so no input makes it backtrack.
 */
export function textPattern({ required = false, multiline = false }: TextShape = {}): string {
  const refused = multiline ? CONTROLS + BIDI : CONTROLS + BIDI + LINE_BREAKS;
  if (!required) return `^[^${refused}]*$`;
  const invisible = multiline ? INVISIBLE + LINE_BREAKS : INVISIBLE;
  return `^[${invisible}]*[^${refused}${invisible}][^${refused}]*$`;
}

const compiled = new Map<string, RegExp>();

function matches(value: string, shape: TextShape): boolean {
  const pattern = textPattern(shape);
  const regex = compiled.get(pattern) ?? new RegExp(pattern, "u");
  compiled.set(pattern, regex);
  return regex.test(value);
}

/** Why `value` is not text of this shape, or `undefined` when it is. */
export function textViolation(value: string, { required = false, multiline = false }: TextShape = {}) {
  if (!matches(value, { multiline })) {
    return multiline
      ? "must not hold control characters (but tab and line breaks) or bidi overrides"
      : "must be one line without control characters or bidi overrides";
  }
  if (required && !matches(value, { required, multiline })) return "must hold a visible character";
  return undefined;
}
