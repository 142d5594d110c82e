/**
 * Shape checks for command fields. The edge validates too, but the domain does not trust it: every
 * offending field of a command is collected and thrown as one ValidationError.
 */
import type { FieldLimit } from "@hr/proto";
import { dateRule, isDateInHorizon } from "./date-horizon";
import { type FieldViolation, ValidationError } from "./errors";
import { idRule, isEmployeeId, isId, MAX_EMPLOYEE_ID_LENGTH, MAX_ID_LENGTH } from "./identifiers";
import { type TextShape, textLength, textViolation } from "./text";

export class CommandInput {
  private readonly violations: FieldViolation[] = [];

  fail(field: string, message: string): this {
    this.violations.push({ field, message });
    return this;
  }

  /** An employee id (職員番号): 1 to MAX_EMPLOYEE_ID_LENGTH letters, digits, `-` or `_` (`identifiers.ts`). */
  employeeId(field: string, value: unknown): this {
    if (value === undefined || value === "") return this.fail(field, "is required");
    return isEmployeeId(value) ? this : this.fail(field, idRule(MAX_EMPLOYEE_ID_LENGTH));
  }

  /** Any other id (request, posting, assessment, course, ...): 1 to MAX_ID_LENGTH letters, digits, `-` or `_`. */
  id(field: string, value: unknown): this {
    if (value === undefined || value === "") return this.fail(field, "is required");
    return isId(value) ? this : this.fail(field, idRule(MAX_ID_LENGTH));
  }

  /**
   * Free text a person wrote (a reason, a note): at most `max` characters (code points, as the request
   * schemas' `maxLength` counts), without controls or bidi overrides, one line unless `multiline`, with a
   * visible character when `required` (`text.ts`).
   */
  text(field: string, value: unknown, { max = 1000, ...shape }: TextShape & { max?: number } = {}): this {
    if (value === undefined && !shape.required) return this;
    if (typeof value !== "string") return this.fail(field, shape.required ? "is required" : "must be text");
    const violation = textViolation(value, shape);
    if (violation) return this.fail(field, violation);
    if (textLength(value) > max) return this.fail(field, `must be at most ${max} characters`);
    return this;
  }

  /** A calendar date within the horizon (`date-horizon.ts`). */
  date(field: string, value: unknown): this {
    return isDateInHorizon(value) ? this : this.fail(field, dateRule());
  }

  /**
   * A value within a field's limit, given in JSON Schema's keywords as the request schemas state it
   * (e.g. `@hr/proto`'s TRAINING_LIMITS): a number's range, a text's length and pattern, a list's length.
   */
  within(field: string, value: unknown, limit: FieldLimit): this {
    const { minimum = -Infinity, maximum = Infinity, maxLength, maxItems, pattern } = limit;
    if (typeof value === "number" && !(value >= minimum && value <= maximum)) {
      return this.fail(field, `must be from ${minimum} to ${maximum}`);
    }
    if (typeof value === "string" && maxLength !== undefined && textLength(value) > maxLength) {
      return this.fail(field, `must be at most ${maxLength} characters`);
    }
    if (typeof value === "string" && pattern !== undefined && !new RegExp(pattern, "u").test(value)) {
      return this.fail(field, `must match ${pattern}`);
    }
    if (Array.isArray(value) && maxItems !== undefined && value.length > maxItems) {
      return this.fail(field, `must hold at most ${maxItems} items`);
    }
    return this;
  }

  wholeNumber(field: string, value: unknown): this {
    return Number.isInteger(value) ? this : this.fail(field, "must be a whole number");
  }

  oneOf(field: string, value: unknown, allowed: readonly string[]): this {
    return typeof value === "string" && allowed.includes(value)
      ? this
      : this.fail(field, `must be one of ${allowed.join(", ")}`);
  }

  /** Throws the collected violations, if any. */
  check(): void {
    if (this.violations.length > 0) throw new ValidationError(this.violations);
  }
}
