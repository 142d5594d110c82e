import { status as GrpcStatus } from "@grpc/grpc-js";
import {
  DomainError,
  type ErrorKind,
  RuleViolation,
  UnavailableError,
  ValidationError,
} from "../domain/errors";
import { isTransient } from "../messaging/consumer";

/** One table from error kind to gRPC status and HTTP status (CONTRACTS.md). */
const STATUS: Record<ErrorKind, { grpc: GrpcStatus; http: number; code: string }> = {
  "invalid-argument": { grpc: GrpcStatus.INVALID_ARGUMENT, http: 400, code: "INVALID_ARGUMENT" },
  "failed-precondition": { grpc: GrpcStatus.FAILED_PRECONDITION, http: 422, code: "FAILED_PRECONDITION" },
  "not-found": { grpc: GrpcStatus.NOT_FOUND, http: 404, code: "NOT_FOUND" },
  conflict: { grpc: GrpcStatus.ABORTED, http: 409, code: "ABORTED" },
  unauthenticated: { grpc: GrpcStatus.UNAUTHENTICATED, http: 401, code: "UNAUTHENTICATED" },
  "permission-denied": { grpc: GrpcStatus.PERMISSION_DENIED, http: 403, code: "PERMISSION_DENIED" },
  unavailable: { grpc: GrpcStatus.UNAVAILABLE, http: 503, code: "UNAVAILABLE" },
  "resource-exhausted": { grpc: GrpcStatus.RESOURCE_EXHAUSTED, http: 429, code: "RESOURCE_EXHAUSTED" },
};

/** How long a caller waits before retrying when the store or the broker did not answer. */
export const UNAVAILABLE_RETRY_DELAY_MS = 1_000;

/**
 * The error as the APIs answer it: a domain error as it is; a failure of the store or the broker that
 * says nothing about the request (the consumer's `isTransient`: unreachable, failing over, busy) as
 * UNAVAILABLE, so the caller knows that sending the same request again is safe; anything else undefined
 * (INTERNAL).
 */
export function asDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  if (!isTransient(error)) return undefined;
  return new UnavailableError(
    "the service's store or broker is not answering; retry with the same request id",
    { retryAfterMs: UNAVAILABLE_RETRY_DELAY_MS, cause: error },
  );
}

/** The body of every REST error response; gRPC carries the same in google.rpc details (grpc-status.ts). */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    /** For INVALID_ARGUMENT: every offending field. */
    violations?: { field: string; message: string }[];
    /** For FAILED_PRECONDITION: the rule's stable reason code. */
    reason?: string;
  };
}

export interface MappedError {
  grpc: GrpcStatus;
  http: number;
  body: ErrorBody;
  /** The domain error it was, or became (see `asDomainError`). */
  error: DomainError;
  /** Set when the same request may succeed later: REST `Retry-After`, gRPC `RetryInfo`. */
  retryAfterMs?: number;
}

export function mapError(raised: unknown, fieldStyle: "camel" | "snake" = "camel"): MappedError | undefined {
  const error = asDomainError(raised);
  if (!error) return undefined;
  const status = STATUS[error.kind];
  const body: ErrorBody = { error: { code: status.code, message: error.message } };
  if (error instanceof ValidationError) {
    const violations = error.violations.map((v) => ({
      field: fieldStyle === "snake" ? toSnakePath(v.field) : v.field,
      message: v.message,
    }));
    body.error.violations = violations;
    body.error.message = violations.map((v) => `${v.field}: ${v.message}`).join("; ");
  }
  if (error instanceof RuleViolation) body.error.reason = error.reason;
  const retry = error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs };
  return { grpc: status.grpc, http: status.http, body, error, ...retry };
}

/** gRPC callers know fields by their proto names: `requirements[2].skillId` -> `requirements[2].skill_id`. */
export function toSnakePath(path: string): string {
  return path.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
