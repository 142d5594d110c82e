import { Type } from "@sinclair/typebox";
import { describe, expect, it } from "vitest";
import {
  codeListSchema,
  constrainedWhen,
  MAX_VIOLATIONS_LENGTH,
  requiredWhen,
  ValidationError,
  validate,
} from "../src";

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

describe("bad input of any size", () => {
  const Report = Type.Object({
    employeeId: Type.String({ pattern: "^[A-Za-z0-9_-]{1,32}$" }),
    kinds: Type.Array(codeListSchema(["SELF", "MANAGER"], "Assessor kind")),
  });
  // As a 70,000-byte packed enum field decodes over gRPC: an item the list does not know, 70,000 times.
  const huge = { employeeId: "a\u0000b", kinds: Array.from({ length: 70_000 }, () => "UNRECOGNIZED") };

  it("is refused in time linear in its errors: 70,000 bad items in seconds, not minutes", () => {
    // Before: every error was checked against every worded error, 70,000^2 prefix tests (measured
    // 1.8 s at 8,000 items, about 140 s at 70,000), the service's only thread blocked meanwhile; now
    // about 1 s here (280,000 items: 2.7 s). The bound leaves room for a loaded machine.
    const started = performance.now();
    const refused = fieldsRefused(Report, huge);
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(refused[0]).toBe('employeeId: must match pattern "^[A-Za-z0-9_-]{1,32}$"');
    expect(refused[1]).toBe("kinds[0]: must be one of SELF, MANAGER");
  }, 60_000);

  it("refuses a list over its maxItems by that field alone, before reading its items", () => {
    const Bounded = Type.Object({
      employeeId: Type.String({ pattern: "^[A-Za-z0-9_-]{1,32}$" }),
      plan: Type.Object({ kinds: Type.Array(codeListSchema(["SELF", "MANAGER"], "Kind"), { maxItems: 3 }) }),
      statements: Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 2 })]),
    });
    // Over 1,000,000 bad items: Ajv alone would check (and name) every one of them.
    const kinds = Array(1_000_001).fill("UNRECOGNIZED");
    const refused = fieldsRefused(Bounded, {
      employeeId: "a\u0000b",
      plan: { kinds },
      statements: ["a", "b", "c"],
    });
    expect(refused).toEqual([
      "plan.kinds: must hold at most 3 items",
      "statements: must hold at most 2 items",
    ]);
    // Within the maximum, every item is checked as before.
    expect(
      fieldsRefused(Bounded, { employeeId: "E1", plan: { kinds: ["SELF", "x"] }, statements: "a" }),
    ).toEqual(["plan.kinds[1]: must be one of SELF, MANAGER"]);
  });

  it("names the first fields that fit in a bounded refusal, then how many more", () => {
    const refused = fieldsRefused(Report, huge);
    expect(refused.join("; ").length).toBeLessThanOrEqual(MAX_VIOLATIONS_LENGTH + 100);
    const last = refused.at(-1) as string;
    const more = Number(/^\(request\): and (\d+) more fields are not valid$/.exec(last)?.[1]);
    // employeeId and every item: each is either named or counted.
    expect(refused.length - 1 + more).toBe(70_001);
    expect(fieldsRefused(Report, { employeeId: "E1", kinds: ["SELF", "x"] })).toEqual([
      "kinds[1]: must be one of SELF, MANAGER",
    ]);
  });
});
