import type { Metadata } from "@grpc/grpc-js";
import {
  BadRequest,
  ErrorInfo,
  PreconditionFailure,
  RetryInfo,
} from "@hr/proto/gen/google/rpc/error_details";
import { Status } from "@hr/proto/gen/google/rpc/status";

/** The standard details of a gRPC error, decoded from `grpc-status-details-bin` as a client would. */
export interface StatusDetails {
  code: number;
  message: string;
  errorInfo?: ErrorInfo;
  badRequest?: BadRequest;
  preconditionFailure?: PreconditionFailure;
  retryInfo?: RetryInfo;
}

const TYPES = {
  "type.googleapis.com/google.rpc.ErrorInfo": ["errorInfo", ErrorInfo],
  "type.googleapis.com/google.rpc.BadRequest": ["badRequest", BadRequest],
  "type.googleapis.com/google.rpc.PreconditionFailure": ["preconditionFailure", PreconditionFailure],
  "type.googleapis.com/google.rpc.RetryInfo": ["retryInfo", RetryInfo],
} as const;

export function statusDetails(error: { metadata?: Metadata }): StatusDetails | undefined {
  const raw = error.metadata?.get("grpc-status-details-bin")[0];
  if (!raw) return undefined;
  const status = Status.decode(raw as Buffer);
  const out: StatusDetails = { code: status.code, message: status.message };
  for (const any of status.details) {
    const known = TYPES[any.typeUrl as keyof typeof TYPES];
    if (!known) throw new Error(`unexpected status detail ${any.typeUrl}`);
    const [key, type] = known;
    (out as unknown as Record<string, unknown>)[key] = type.decode(any.value);
  }
  return out;
}
