import { type TLiteral, type TUnion, Type } from "@sinclair/typebox";

/**
 * Building blocks of request schemas that every service spells the same way (CONTRACTS.md): ids, calendar
 * dates, the idempotency key, the employee id, and proto enums by their full names.
 */
export const Id = (description: string) => Type.String({ minLength: 1, maxLength: 100, description });

export const IsoDate = (description: string) =>
  Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: `${description} (YYYY-MM-DD)` });

export const RequestId = Id(
  "Idempotency key: a repeated request_id returns the first reply and records nothing new",
);

export const EmployeeId = Id("Employee id (職員番号)");

/** A ts-proto string enum as a union of its names, without `*_UNSPECIFIED` and `UNRECOGNIZED`. */
export function protoEnum(values: Record<string, string>, description: string): TUnion<TLiteral<string>[]> {
  const names = Object.values(values).filter((v) => !v.endsWith("_UNSPECIFIED") && v !== "UNRECOGNIZED");
  return Type.Union(
    names.map((n) => Type.Literal(n)),
    { description, errorMessage: `must be one of ${names.join(", ")}` },
  );
}
