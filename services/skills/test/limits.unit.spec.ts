/**
 * One source of truth for lengths: the request schemas (REST and gRPC validation, the OpenAPI document)
 * publish exactly the limits the domain enforces (src/domain/limits.ts), so no document promises more or
 * less than the rules accept (the review found reason 1000 vs 500 and basisDetail 1000 vs 200).
 */
import type { TSchema } from "@sinclair/typebox";
import { describe, expect, it } from "vitest";
import * as Requests from "../src/api/requests";
import { LIMITS } from "../src/domain/limits";
import { changeJobType, given, historyOf, record } from "./domain-fixtures";

const TEXT_LIMITS: Record<string, number> = {
  reason: LIMITS.reason,
  note: LIMITS.note,
  basisDetail: LIMITS.basisDetail,
};

/** Every (request, field, maxLength) of a limited text field, nested `if/then` parts included. */
function limitedTexts(): [string, string, number | undefined][] {
  const found: [string, string, number | undefined][] = [];
  const visit = (request: string, schema: TSchema) => {
    for (const [field, sub] of Object.entries((schema.properties ?? {}) as Record<string, TSchema>)) {
      if (field in TEXT_LIMITS) found.push([request, field, sub.maxLength as number | undefined]);
    }
    for (const part of [schema.then, ...(schema.allOf ?? [])] as (TSchema | undefined)[]) {
      if (part) visit(request, part);
    }
  };
  for (const [name, schema] of Object.entries(Requests)) visit(name, schema as TSchema);
  return found;
}

describe("text limits", () => {
  it("every request schema states the domain's limit for reason, note and basis detail", () => {
    const found = limitedTexts();
    expect(found.map(([request]) => request)).toEqual(
      expect.arrayContaining(["CorrectAssessmentRequest", "ChangeJobTypeRequest", "RecordAssessmentRequest"]),
    );
    for (const [request, field, max] of found) {
      expect({ request, field, max }).toEqual({ request, field, max: TEXT_LIMITS[field] });
    }
  });

  it("the domain accepts exactly the limit and refuses one character more, naming the field", () => {
    const detail = (n: number) => changeJobType({ basis: "QUALIFICATION", basisDetail: "x".repeat(n) });
    given([]).when(detail(LIMITS.basisDetail)).events();
    given([])
      .when(detail(LIMITS.basisDetail + 1))
      .thenInvalid("basisDetail");
    const voiding = (n: number) =>
      ({
        type: "VoidAssessment",
        employeeId: "E1900123",
        assessmentId: "a1",
        reason: "r".repeat(n),
      }) as const;
    given(historyOf(record())).when(voiding(LIMITS.reason)).events();
    given(historyOf(record()))
      .when(voiding(LIMITS.reason + 1))
      .thenInvalid("reason");
  });
});
