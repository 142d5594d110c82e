import type { Static, TSchema } from "@sinclair/typebox";
import type { Role } from "../auth/roles";
import { authorize, type Principal, requireOwnRecord, type TokenVerifier } from "../auth/token-verifier";
import type { Actor } from "../eventstore/event-store";
import { validate } from "./validation";

/** What a handler knows about the call besides its input. */
export interface CallContext {
  principal: Principal;
  /** Recorded in event metadata as who did it. */
  actor: Actor;
  /** The caller's `x-correlation-id`, recorded in event metadata to tie a business process together. */
  correlationId?: string;
  /**
   * Aborted when the caller cancels or its deadline passes (gRPC). Long handlers pass it on to what they
   * wait for; work after it fired is wasted, since the caller has already had its answer.
   */
  signal?: AbortSignal;
}

/**
 * One command or query as both APIs expose it: its request schema (validation and OpenAPI at once),
 * the roles it admits, and the handler. REST routes and gRPC methods are thin bindings of it.
 */
export interface Operation<S extends TSchema = TSchema, O = unknown> {
  /** The gRPC method name, e.g. `RecordAssessment`. */
  name: string;
  summary: string;
  input: S;
  /** The reply's schema, for the OpenAPI document (200); without it the document says "an object". */
  output?: TSchema;
  roles: readonly Role[];
  /**
   * The employee the request is about, so `employee` callers reach only their own records. Leave it
   * out for operations on no one's personal data (reference data such as the skill map).
   */
  subject?: (input: Static<S>) => string | undefined;
  handle: (input: Static<S>, call: CallContext) => Promise<O>;
}

export function defineOperation<S extends TSchema, O>(operation: Operation<S, O>): Operation<S, O> {
  return operation;
}

/**
 * A server-streaming operation (gRPC only): same schema, roles and subject as an `Operation`, but it
 * yields messages until it returns or `call.signal` aborts (the caller cancelled, its deadline passed,
 * or the service is stopping). The binding writes each message only when the caller can take it, so a
 * slow reader slows the generator down instead of filling memory (see packages/kit/README.md).
 */
export interface StreamOperation<S extends TSchema = TSchema, O = unknown>
  extends Omit<Operation<S, O>, "handle"> {
  stream: (input: Static<S>, call: CallContext & { signal: AbortSignal }) => AsyncIterable<O>;
}

export function defineStreamOperation<S extends TSchema, O>(
  operation: StreamOperation<S, O>,
): StreamOperation<S, O> {
  return operation;
}

// biome-ignore lint/suspicious/noExplicitAny: a service's operations differ in their request types.
type AnyStreamOperation = StreamOperation<any, any>;
// biome-ignore lint/suspicious/noExplicitAny: a service's operations differ in their request types.
export type AnyOperation = Operation<any, any> | AnyStreamOperation;

export function isStreamOperation(operation: AnyOperation): operation is AnyStreamOperation {
  return "stream" in operation;
}

/**
 * The largest request either API reads: a REST body (413 beyond) or a gRPC message (`RESOURCE_EXHAUSTED`,
 * refused by grpc-js before decoding). Far above any real request, the largest being a course catalogue.
 */
export const MAX_REQUEST_BYTES = 1_048_576;

/** Header (REST) and metadata key (gRPC) a caller may send to correlate its requests. */
export const CORRELATION_HEADER = "x-correlation-id";

/** Authenticate, check the role and own-record access, validate, handle: in that order. */
export async function invoke<S extends TSchema, O>(
  operation: Operation<S, O>,
  verifier: TokenVerifier,
  authorization: string | undefined,
  rawInput: unknown,
  correlationId?: string,
  signal?: AbortSignal,
): Promise<O> {
  const { input, call } = await admit(operation, verifier, authorization, rawInput, correlationId);
  // A caller whose deadline passed while it waited has had its answer; do not act on its behalf.
  signal?.throwIfAborted();
  return operation.handle(input, signal ? { ...call, signal } : call);
}

/** The checks of `invoke` without the handling: the validated input and the call context. */
export async function admit<S extends TSchema>(
  operation: Pick<Operation<S>, "input" | "roles" | "subject">,
  verifier: TokenVerifier,
  authorization: string | undefined,
  rawInput: unknown,
  correlationId?: string,
): Promise<{ input: Static<S>; call: CallContext }> {
  const principal = await verifier.verify(authorization);
  const { ownRecordsOnly } = authorize(principal, operation.roles);
  // Whom the request is about is checked on the input as sent, before validation: an `employee` naming
  // someone else learns nothing about what that record would take (400 or not), only 403. A subject
  // that is not a string is no one's employee id, so not theirs either.
  if (ownRecordsOnly && operation.subject) requireOwnRecord(principal, sentSubject(operation, rawInput));
  const input = validate(operation.input, rawInput);
  return {
    input,
    call: {
      principal,
      actor: { subject: principal.subject, roles: principal.roles },
      ...(correlationId ? { correlationId } : {}),
    },
  };
}

/** The operation's subject read from unvalidated input (path, query, body or message fields). */
function sentSubject<S extends TSchema>(operation: Pick<Operation<S>, "subject">, rawInput: unknown) {
  const fields = typeof rawInput === "object" && rawInput !== null ? rawInput : {};
  const subject: unknown = operation.subject?.(fields as Static<S>);
  return typeof subject === "string" ? subject : undefined;
}
