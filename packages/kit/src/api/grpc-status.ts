import { Metadata, status } from "@grpc/grpc-js";
import {
  BadRequest,
  ErrorInfo,
  PreconditionFailure,
  RetryInfo,
} from "@hr/proto/gen/google/rpc/error_details";
import { Status } from "@hr/proto/gen/google/rpc/status";
import type { Logger } from "../runtime/logger";
import { type MappedError, mapError } from "./error-mapping";

/** The trailer generated clients in every language read rich error details from. */
export const STATUS_DETAILS_KEY = "grpc-status-details-bin";
/** `ErrorInfo.domain` of every error the services raise. */
export const ERROR_DOMAIN = "hr-integration";

/**
 * The gRPC status for an error a method raised: the kind's status (CONTRACTS.md) and a `google.rpc.Status`
 * in `grpc-status-details-bin` with the standard details, which generated clients decode:
 * - `ErrorInfo` (reason and domain) on every refusal;
 * - INVALID_ARGUMENT: `BadRequest` with a field violation per bad field, named by its proto path
 *   (`requirements[2].skill_id`);
 * - FAILED_PRECONDITION: `PreconditionFailure` with the rule's reason code as its type;
 * - whenever the same request may succeed later (ABORTED by a concurrent change, UNAVAILABLE while the
 *   store or the broker does not answer, RESOURCE_EXHAUSTED by the rate limit): `RetryInfo`.
 * Anything else is INTERNAL, logged here and never echoed to the caller.
 */
export function toServiceError(error: unknown, path: string, logger: Logger) {
  const mapped = mapError(error, "snake");
  if (!mapped) {
    logger.error({ err: error, method: path }, "unhandled error in gRPC method");
    return { code: status.INTERNAL, details: "internal error; see the service log" };
  }
  if (mapped.grpc === status.UNAVAILABLE)
    logger.warn({ cause: (error as Error).message, method: path }, mapped.body.error.message);
  const message = mapped.body.error.message;
  const trailer = new Metadata();
  const details = Status.encode({ code: mapped.grpc, message, details: detailsOf(mapped) }).finish();
  trailer.set(STATUS_DETAILS_KEY, Buffer.from(details));
  return { code: mapped.grpc, details: message, metadata: trailer };
}

function detailsOf(mapped: MappedError) {
  const { code, reason, violations } = mapped.body.error;
  const details = [pack("google.rpc.ErrorInfo", ErrorInfo, { reason: reason ?? code, domain: ERROR_DOMAIN })];
  if (violations) {
    const fieldViolations = violations.map((v) => ({ field: v.field, description: v.message, reason: "" }));
    details.push(pack("google.rpc.BadRequest", BadRequest, { fieldViolations }));
  }
  if (reason) {
    const violation = { type: reason, subject: "", description: mapped.body.error.message };
    details.push(pack("google.rpc.PreconditionFailure", PreconditionFailure, { violations: [violation] }));
  }
  if (mapped.retryAfterMs !== undefined) {
    const ms = mapped.retryAfterMs;
    const retryDelay = { seconds: Math.floor(ms / 1_000), nanos: (ms % 1_000) * 1_000_000 };
    details.push(pack("google.rpc.RetryInfo", RetryInfo, { retryDelay }));
  }
  return details;
}

interface MessageType<T> {
  fromPartial(value: object): T;
  encode(message: T): { finish(): Uint8Array };
}

/** A `google.protobuf.Any` holding the message, as every gRPC language's status helpers expect it. */
function pack<T>(name: string, type: MessageType<T>, value: object) {
  const bytes = type.encode(type.fromPartial(value)).finish();
  return { typeUrl: `type.googleapis.com/${name}`, value: Buffer.from(bytes) };
}
