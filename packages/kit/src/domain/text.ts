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
