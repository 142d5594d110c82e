import type { Static, TSchema } from "@sinclair/typebox";
import { type TypeCheck, TypeCompiler } from "@sinclair/typebox/compiler";
import { ValidationError } from "../domain/errors";

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

/**
 * Checks input against the request's schema (the same schema documents the REST route), and throws
 * ValidationError naming every offending field, e.g. `level` or `requirements[2].skillId`.
 */
export function validate<S extends TSchema>(schema: S, input: unknown): Static<S> {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  if (check.Check(input)) return input as Static<S>;
  const violations = new Map<string, string>();
  for (const error of check.Errors(input)) {
    const field = fieldPath(error.path) || "(request)";
    // The first message per field is the most specific one; unions repeat themselves.
    // A schema's own `errorMessage` (e.g. listing an enum's names) beats TypeBox's generic wording.
    const message = (error.schema as { errorMessage?: string }).errorMessage ?? error.message.toLowerCase();
    if (!violations.has(field)) violations.set(field, message);
  }
  throw new ValidationError([...violations].map(([field, message]) => ({ field, message })));
}

/** JSON pointer `/requirements/2/skillId` -> `requirements[2].skillId`. */
export function fieldPath(pointer: string): string {
  return pointer
    .split("/")
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");
}
