/**
 * Shape checks for command fields. The edge validates too, but the domain does not trust it: every
 * offending field of a command is collected and thrown as one ValidationError.
 */
import { isIsoDate } from "./dates";
import { type FieldViolation, ValidationError } from "./errors";
import { textLength } from "./text";

/** Longest id (employee, assessment, change, ...) in characters; the request schemas' `Id` publishes it. */
export const MAX_ID_LENGTH = 100;

export class CommandInput {
  private readonly violations: FieldViolation[] = [];

  fail(field: string, message: string): this {
    this.violations.push({ field, message });
    return this;
  }

  /** An id such as an employee id or assessment id: non-blank, no surrounding spaces, at most MAX_ID_LENGTH characters. */
  id(field: string, value: unknown): this {
    if (typeof value !== "string" || value.trim() === "") return this.fail(field, "is required");
    if (value !== value.trim() || textLength(value) > MAX_ID_LENGTH) {
      return this.fail(field, `must be at most ${MAX_ID_LENGTH} characters without surrounding spaces`);
    }
    return this;
  }

  /**
   * Free text a person wrote (a reason, a note): non-blank when required, at most `max` characters
   * (code points, as the request schemas' `maxLength` counts).
   */
  text(field: string, value: unknown, { required = false, max = 1000 } = {}): this {
    if (value === undefined && !required) return this;
    if (typeof value !== "string") return this.fail(field, required ? "is required" : "must be text");
    if (required && value.trim() === "") return this.fail(field, "must not be blank");
    if (textLength(value) > max) return this.fail(field, `must be at most ${max} characters`);
    return this;
  }

  date(field: string, value: unknown): this {
    return isIsoDate(value) ? this : this.fail(field, "must be a calendar date YYYY-MM-DD");
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
