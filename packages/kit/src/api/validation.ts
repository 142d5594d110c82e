import type { Static, TSchema } from "@sinclair/typebox";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { CommandInput } from "../domain/command-input";
import { isIsoDate } from "../domain/dates";
import { ValidationError } from "../domain/errors";

/**
 * Ajv, because it reads a schema exactly as the generic tools that read our OpenAPI documents do
 * (Schemathesis, client generators): `maxLength` counts code points (not UTF-16 units), patterns are
 * ECMA regexes with the `u` flag, and `format: date` means a real calendar date, the kit's `isIsoDate`.
 */
const ajv = new Ajv({
  allErrors: true,
  verbose: true,
  strict: false, // TypeBox and OpenAPI annotations (errorMessage, description, ...) are not Ajv keywords
  formats: { date: isIsoDate },
});

const compiled = new WeakMap<TSchema, ValidateFunction>();

/**
 * Checks input against the request's schema (the same schema documents the REST route), and throws
 * ValidationError naming every offending field, e.g. `level` or `requirements[2].skillId`.
 */
export function validate<S extends TSchema>(schema: S, input: unknown): Static<S> {
  refuseOverlongLists(schema, input);
  let check = compiled.get(schema);
  if (!check) {
    check = ajv.compile(schema);
    compiled.set(schema, check);
  }
  if (check(input)) return declaredOnly(schema, input) as Static<S>;
  throw new ValidationError(violations(check.errors ?? []));
}

/**
 * Refuses a list over its schema's `maxItems` before Ajv reads it: Ajv (`allErrors`) checks every item
 * even of a list already too long, so a 4 MB list of bad items cost seconds of CPU. This walk visits only
 * the declared fields and the items of lists within their maximum, so it costs as much as an admitted
 * request at most.
 */
function refuseOverlongLists(schema: TSchema, input: unknown): void {
  const found = new CommandInput();
  overlongLists(schema as ListShape, input, "", found);
  found.check();
}

/** What `overlongLists` reads of a schema. */
interface ListShape {
  properties?: Record<string, ListShape>;
  items?: ListShape;
  maxItems?: number;
  anyOf?: ListShape[];
}

function overlongLists(schema: ListShape, value: unknown, path: string, found: CommandInput): void {
  if (Array.isArray(value)) {
    // A union such as "one statement or a list of them" is read by its list branch.
    const list = schema.items ? schema : schema.anyOf?.find((branch) => branch.items);
    if (!list?.items) return;
    if (list.maxItems !== undefined && value.length > list.maxItems) {
      found.within(path, value, { maxItems: list.maxItems });
    } else {
      for (const [i, item] of value.entries()) overlongLists(list.items, item, `${path}[${i}]`, found);
    }
  } else if (schema.properties && typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const property = Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
      if (property) overlongLists(property, item, path ? `${path}.${key}` : key, found);
    }
  }
}

/**
 * The input with only the fields its schema declares: a field the document does not name is ignored,
 * as the document promises, and never reaches a handler or the store (FerretDB refuses, for one, the
 * nested arrays a caller could put in an unknown field). Objects that declare `additionalProperties`
 * keep what they were sent.
 */
function declaredOnly(schema: TSchema, value: unknown): unknown {
  const { type, properties, items, additionalProperties } = schema as {
    type?: string;
    properties?: Record<string, TSchema>;
    items?: TSchema;
    additionalProperties?: unknown;
  };
  if (type === "array" && items && Array.isArray(value)) return value.map((v) => declaredOnly(items, v));
  if (type !== "object" || !properties || additionalProperties !== undefined) return value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => Object.hasOwn(properties, key))
      .map(([key, v]) => [key, declaredOnly(properties[key] as TSchema, v)]),
  );
}

/**
 * One violation per field: a schema's own `errorMessage` wins, and it covers the errors nested in it.
 * Linear in the errors (a set of the worded schema paths, each error's path prefixes looked up): input
 * with an error per item of a long list must not cost its square.
 */
function violations(errors: ErrorObject[]): { field: string; message: string }[] {
  const worded = new Set(errors.filter((e) => errorMessage(e) !== undefined));
  const wordedPaths = new Set([...worded].map((e) => e.schemaPath));
  const covered = (e: ErrorObject) => {
    for (let i = e.schemaPath.indexOf("/"); i >= 0; i = e.schemaPath.indexOf("/", i + 1))
      if (wordedPaths.has(e.schemaPath.slice(0, i))) return true;
    return false;
  };
  const byField = new Map<string, string>();
  for (const error of errors) {
    if (covered(error)) continue;
    const field = fieldOf(error) || "(request)";
    const message = errorMessage(error) ?? wording(error);
    // Worded errors first: they are the specific ones; otherwise the first error per field.
    if (!byField.has(field) || worded.has(error)) byField.set(field, message);
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}

function errorMessage(error: ErrorObject): string | undefined {
  const schema = error.parentSchema as { errorMessage?: string; "x-field"?: string } | undefined;
  return schema?.errorMessage;
}

/** The field the error is about; a schema can name it (`x-field`) when the rule spans fields. */
function fieldOf(error: ErrorObject): string {
  const named = (error.parentSchema as { "x-field"?: string } | undefined)?.["x-field"];
  const pointer = error.instancePath;
  if (named) return fieldPath(`${pointer}/${named}`);
  if (error.keyword === "required") return fieldPath(`${pointer}/${error.params.missingProperty}`);
  if (error.keyword === "additionalProperties") {
    return fieldPath(`${pointer}/${error.params.additionalProperty}`);
  }
  return fieldPath(pointer);
}

function wording(error: ErrorObject): string {
  if (error.keyword === "required") return "is required";
  if (error.keyword === "additionalProperties") return "is not a field of this request";
  return error.message ?? "is not valid";
}

/** JSON pointer `/requirements/2/skillId` -> `requirements[2].skillId`. */
export function fieldPath(pointer: string): string {
  return pointer
    .split("/")
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");
}
