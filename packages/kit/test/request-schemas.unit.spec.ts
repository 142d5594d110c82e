import { Type } from "@sinclair/typebox";
import { describe, expect, it } from "vitest";
import { constrainedWhen, requiredWhen, ValidationError, validate } from "../src";

/** Rules spanning fields, read by Ajv as by the tools that read the OpenAPI document. */
function fieldsRefused(schema: Parameters<typeof validate>[0], input: unknown): string[] {
  try {
    validate(schema, input);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).violations.map((v) => `${v.field}: ${v.message}`);
  }
}

describe("rules spanning fields", () => {
  const Decision = Type.Object(
    {
      approved: Type.Optional(Type.Boolean()),
      reason: Type.Optional(Type.String()),
      members: Type.Optional(Type.Array(Type.String())),
      kind: Type.Optional(Type.String()),
    },
    {
      allOf: [
        ...requiredWhen(
          { field: "approved", oneOf: [false], orUnset: true },
          { field: "reason", schema: Type.String({ minLength: 1 }) },
        ).allOf,
        ...constrainedWhen(
          { field: "kind", oneOf: ["INDIVIDUAL"] },
          {
            field: "members",
            schema: Type.Array(Type.String(), { maxItems: 0 }),
            errorMessage: "must be empty",
          },
        ).allOf,
      ],
    },
  );

  it("requires a field when another has a value, or (orUnset) is left out as gRPC's default", () => {
    expect(fieldsRefused(Decision, { approved: true })).toEqual([]);
    expect(fieldsRefused(Decision, { approved: false, reason: "budget" })).toEqual([]);
    expect(fieldsRefused(Decision, { approved: false })).toEqual([
      "reason: is required when approved is false or unset",
    ]);
    expect(fieldsRefused(Decision, {})).toEqual(["reason: is required when approved is false or unset"]);
  });

  it("constrains a field that may be left out while the condition holds", () => {
    const ok = { approved: true };
    expect(fieldsRefused(Decision, { ...ok, kind: "INDIVIDUAL" })).toEqual([]);
    expect(fieldsRefused(Decision, { ...ok, kind: "INDIVIDUAL", members: [] })).toEqual([]);
    expect(fieldsRefused(Decision, { ...ok, kind: "GROUP", members: ["E2"] })).toEqual([]);
    expect(fieldsRefused(Decision, { ...ok, kind: "INDIVIDUAL", members: ["E2"] })).toEqual([
      "members: must be empty when kind is INDIVIDUAL",
    ]);
  });
});
