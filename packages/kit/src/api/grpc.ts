import { once } from "node:events";
import {
  type Metadata,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceDefinition,
  type sendUnaryData,
  status,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import { type TokenVerifier, tokenExpiry } from "../auth/token-verifier";
import { ValidationError } from "../domain/errors";
import type { Logger } from "../runtime/logger";
import { inCallSpan } from "./call-span";
import { toServiceError } from "./grpc-status";
import {
  type AnyOperation,
  admit,
  CORRELATION_HEADER,
  invoke,
  isStreamOperation,
  type Operation,
  type StreamOperation,
} from "./operation";

interface Binding {
  verifier: TokenVerifier;
  logger: Logger;
  /** Aborted when the service stops: open streams end with UNAVAILABLE so callers reconnect elsewhere. */
  stopping: AbortSignal;
}

/**
 * Binds operations to a generated grpc-js service definition by method name: unary methods to
 * `Operation`s, server-streaming methods to `StreamOperation`s. Every method authenticates from the
 * `authorization` metadata; errors carry the status of CONTRACTS.md with google.rpc details (see
 * grpc-status.ts). The handler's `call.signal` aborts when the caller cancels or its deadline passes.
 */
export function grpcImplementation(
  definition: ServiceDefinition,
  operations: Record<string, AnyOperation>,
  verifier: TokenVerifier,
  logger: Logger,
  stopping: AbortSignal = new AbortController().signal,
): UntypedServiceImplementation {
  const binding: Binding = { verifier, logger, stopping };
  const implementation: UntypedServiceImplementation = {};
  for (const [key, method] of Object.entries(definition)) {
    const name = method.path.slice(method.path.lastIndexOf("/") + 1);
    const operation = operations[name];
    if (!operation) throw new Error(`no operation bound to gRPC method ${method.path}`);
    if (method.requestStream) throw new Error(`${method.path}: client streaming is not supported`);
    if (method.responseStream !== isStreamOperation(operation)) {
      throw new Error(
        `${method.path} ${method.responseStream ? "streams: bind it with defineStreamOperation" : "is unary: bind it with defineOperation"}`,
      );
    }
    implementation[key] = isStreamOperation(operation)
      ? serverStream(operation, method.path, binding)
      : unary(operation, method.path, binding);
  }
  return implementation;
}

/** Request bytes that did not decode (truncated, wrong wire type, an int64 beyond 2^53): bad input. */
class MalformedRequest {
  constructor(readonly reason: string) {}
}

/**
 * The definition with each method's request decoding made total: bytes that do not decode become a
 * MalformedRequest, which the binding answers INVALID_ARGUMENT (grpc-js itself would answer INTERNAL).
 */
export function withMalformedRequestsRefused(definition: ServiceDefinition): ServiceDefinition {
  return Object.fromEntries(
    Object.entries(definition).map(([key, method]) => [
      key,
      {
        ...method,
        requestDeserialize: (bytes: Buffer) => {
          try {
            return method.requestDeserialize(bytes);
          } catch (error) {
            return new MalformedRequest(error instanceof Error ? error.message : String(error));
          }
        },
      },
    ]),
  );
}

function malformed(request: unknown, path: string): ValidationError | undefined {
  if (!(request instanceof MalformedRequest)) return undefined;
  return ValidationError.field("request", `not a valid ${path} request message (${request.reason})`);
}

function unary(operation: Operation, path: string, { verifier, logger }: Binding) {
  return (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
    const refused = malformed(call.request, path);
    if (refused) return callback(toServiceError(refused, path, logger));
    const signal = callSignal(call);
    inCallSpan(operation.name, metadataHeaders(call.metadata), () =>
      invoke(operation, verifier, authorizationOf(call.metadata), call.request, correlationOf(call), signal),
    ).then(
      (reply) => callback(null, reply),
      // After a cancel or a passed deadline grpc-js has already answered the caller.
      (error) => signal.aborted || callback(toServiceError(error, path, logger)),
    );
  };
}

function serverStream(operation: StreamOperation, path: string, { verifier, logger, stopping }: Binding) {
  return (call: ServerWritableStream<unknown, unknown>) => {
    const refused = malformed(call.request, path);
    if (refused) return call.emit("error", toServiceError(refused, path, logger));
    const callerGone = callSignal(call);
    let expiry: ReturnType<typeof tokenExpiry> | undefined;
    let signal = AbortSignal.any([callerGone, stopping]);
    inCallSpan(operation.name, metadataHeaders(call.metadata), async () => {
      const admitted = await admit(
        operation,
        verifier,
        authorizationOf(call.metadata),
        call.request,
        correlationOf(call),
      );
      // The stream ends when the token does: UNAUTHENTICATED, and the caller resumes with a fresh one.
      expiry = tokenExpiry(admitted.call.principal);
      signal = AbortSignal.any([callerGone, stopping, expiry.signal]);
      for await (const message of operation.stream(admitted.input, { ...admitted.call, signal })) {
        if (signal.aborted) break;
        // Back-pressure: once the caller's window and our buffer are full, wait until it drains.
        if (!call.write(message)) await once(call, "drain", { signal });
      }
    })
      .then(
        () => finish(call, signal, stopping, expiry?.signal, path, logger),
        (error) => {
          if (callerGone.aborted) return; // the caller is gone: no one to tell
          call.emit(
            "error",
            signal.aborted
              ? endedBy(stopping, expiry?.signal, path, logger)
              : toServiceError(error, path, logger),
          );
        },
      )
      .finally(() => expiry?.dispose());
  };
}

/**
 * Ends a stream whose generator returned: OK; UNAVAILABLE when the service is stopping; UNAUTHENTICATED
 * when the token expired.
 */
function finish(
  call: ServerWritableStream<unknown, unknown>,
  signal: AbortSignal,
  stopping: AbortSignal,
  expired: AbortSignal | undefined,
  path: string,
  logger: Logger,
) {
  if (stopping.aborted || expired?.aborted) call.emit("error", endedBy(stopping, expired, path, logger));
  else if (!signal.aborted) call.end();
}

/** Why the service ended a stream itself: it is stopping, or the caller's token expired. */
function endedBy(stopping: AbortSignal, expired: AbortSignal | undefined, path: string, logger: Logger) {
  if (stopping.aborted || !expired?.aborted) return stoppingError();
  return toServiceError(expired.reason, path, logger);
}

function stoppingError() {
  return { code: status.UNAVAILABLE, details: "the service is stopping; call again to resume" };
}

/** Aborts when the caller cancels or its deadline passes (grpc-js reports both as `cancelled`). */
function callSignal(call: ServerUnaryCall<unknown, unknown> | ServerWritableStream<unknown, unknown>) {
  const controller = new AbortController();
  if (call.cancelled) controller.abort();
  else call.once("cancelled", () => controller.abort());
  return controller.signal;
}

function correlationOf(call: { metadata: Metadata }): string | undefined {
  return call.metadata.get(CORRELATION_HEADER)[0]?.toString();
}

export function authorizationOf(metadata: Metadata): string | undefined {
  const value = metadata.get("authorization")[0];
  return value === undefined ? undefined : value.toString();
}

export function metadataHeaders(metadata: Metadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata.getMap())) out[key] = value.toString();
  return out;
}
