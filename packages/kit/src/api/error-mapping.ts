import { status as GrpcStatus } from "@grpc/grpc-js";
import { DomainError, type ErrorKind, RuleViolation, ValidationError } from "../domain/errors";

/** One table from error kind to gRPC status and HTTP status (CONTRACTS.md). */
const STATUS: Record<ErrorKind, { grpc: GrpcStatus; http: number; code: string }> = {
  "invalid-argument": { grpc: GrpcStatus.INVALID_ARGUMENT, http: 400, code: "INVALID_ARGUMENT" },
  "failed-precondition": { grpc: GrpcStatus.FAILED_PRECONDITION, http: 422, code: "FAILED_PRECONDITION" },
  "not-found": { grpc: GrpcStatus.NOT_FOUND, http: 404, code: "NOT_FOUND" },
  conflict: { grpc: GrpcStatus.ABORTED, http: 409, code: "ABORTED" },
  unauthenticated: { grpc: GrpcStatus.UNAUTHENTICATED, http: 401, code: "UNAUTHENTICATED" },
  "permission-denied": { grpc: GrpcStatus.PERMISSION_DENIED, http: 403, code: "PERMISSION_DENIED" },
};

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
}

export function mapError(error: unknown, fieldStyle: "camel" | "snake" = "camel"): MappedError | undefined {
  if (!(error instanceof DomainError)) return undefined;
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
  return { grpc: status.grpc, http: status.http, body };
}

/** gRPC callers know fields by their proto names: `requirements[2].skillId` -> `requirements[2].skill_id`. */
export function toSnakePath(path: string): string {
  return path.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
