/**
 * The errors a domain or an edge may raise. Each maps to one gRPC status and one HTTP status
 * (see api/error-mapping.ts), so handlers never pick status codes themselves.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: ErrorKind;
  /** When sending the same request again may succeed: how long to wait first (REST `Retry-After`, gRPC `RetryInfo`). */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, "cause" in options ? { cause: options.cause } : undefined);
    this.retryAfterMs = options.retryAfterMs;
  }
}

export type ErrorKind =
  | "invalid-argument"
  | "failed-precondition"
  | "not-found"
  | "conflict"
  | "unauthenticated"
  | "permission-denied"
  | "unavailable"
  | "resource-exhausted";

export interface FieldViolation {
  /** The field as the caller named it, e.g. `level` or `requirements[2].skillId`. */
  field: string;
  message: string;
}

/**
 * The most characters of violations a refusal names. Bad input can name a field per array item (a
 * 70,000-item list): the refusal stays small, since gRPC sends it in trailers (about 64 KB at most;
 * beyond that the connection stalls and every call on it waits for its deadline).
 */
export const MAX_VIOLATIONS_LENGTH = 8_000;

/** Bad input: names every offending field (up to `MAX_VIOLATIONS_LENGTH`, then how many more). Nothing is stored. */
export class ValidationError extends DomainError {
  readonly kind = "invalid-argument";
  readonly violations: FieldViolation[];
  constructor(violations: FieldViolation[] | FieldViolation) {
    const list = bounded(Array.isArray(violations) ? violations : [violations]);
    super(list.map((v) => `${v.field}: ${v.message}`).join("; "));
    this.violations = list;
  }
  static field(field: string, message: string): ValidationError {
    return new ValidationError({ field, message });
  }
}

/** The first violations that fit in `MAX_VIOLATIONS_LENGTH`, and a last one counting the rest. */
function bounded(list: FieldViolation[]): FieldViolation[] {
  let length = 0;
  const shown = list.findIndex((v) => {
    length += v.field.length + v.message.length + 4;
    return length > MAX_VIOLATIONS_LENGTH;
  });
  if (shown < 0) return list;
  const more = list.length - shown;
  return [
    ...list.slice(0, shown),
    { field: "(request)", message: `and ${more} more ${more === 1 ? "field is" : "fields are"} not valid` },
  ];
}

/** A business rule refused the command (valid input, wrong moment or state). */
export class RuleViolation extends DomainError {
  readonly kind = "failed-precondition";
  /** A stable machine-readable reason, e.g. `JOB_TYPE_UNCHANGED`. */
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.reason = reason;
  }
}

export class NotFoundError extends DomainError {
  readonly kind = "not-found";
}

/** A concurrent change won, or a request id was reused for a different request. */
export class ConflictError extends DomainError {
  readonly kind = "conflict";
  /** Whether the same request may succeed when sent again (a concurrent change won: yes). */
  readonly retryable: boolean;
  constructor(message: string, options: { retryable?: boolean } = {}) {
    const retryable = options.retryable ?? true;
    super(message, retryable ? { retryAfterMs: CONFLICT_RETRY_DELAY_MS } : {});
    this.retryable = retryable;
  }
}

/** How long a caller should wait before retrying after a concurrent change won (ABORTED). */
export const CONFLICT_RETRY_DELAY_MS = 200;

/**
 * The store or the broker does not answer (down, failing over, busy): nothing was decided, and the same
 * request (same request id) may be sent again after `retryAfterMs`.
 */
export class UnavailableError extends DomainError {
  readonly kind = "unavailable";
}

/** The caller sent more than its share (a rate limit): it may send again after `retryAfterMs`. */
export class ResourceExhaustedError extends DomainError {
  readonly kind = "resource-exhausted";
}

export class UnauthenticatedError extends DomainError {
  readonly kind = "unauthenticated";
}

export class PermissionDeniedError extends DomainError {
  readonly kind = "permission-denied";
}
