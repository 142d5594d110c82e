import { Metadata, status } from "@grpc/grpc-js";
import type { Logger } from "../runtime/logger";
import { mapError } from "./error-mapping";

/**
 * The gRPC status for an error a method raised: the kind's status (CONTRACTS.md) with the JSON error
 * body (fields named as in the proto) in the `hr-error` trailer; anything else is INTERNAL, logged
 * here and never echoed to the caller.
 */
export function toServiceError(error: unknown, path: string, logger: Logger) {
  const mapped = mapError(error, "snake");
  if (mapped) {
    const trailer = new Metadata();
    trailer.set("hr-error", JSON.stringify(mapped.body));
    return { code: mapped.grpc, details: mapped.body.error.message, metadata: trailer };
  }
  logger.error({ err: error, method: path }, "unhandled error in gRPC method");
  return { code: status.INTERNAL, details: "internal error; see the service log" };
}
