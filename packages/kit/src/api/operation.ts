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

/** Header (REST) and metadata key (gRPC) a caller may send to correlate its requests. */
export const CORRELATION_HEADER = "x-correlation-id";

/** Authenticate, check the role, validate, check own-record access, handle: in that order. */
export async function invoke<S extends TSchema, O>(
  operation: Operation<S, O>,
  verifier: TokenVerifier,
  authorization: string | undefined,
  rawInput: unknown,
  correlationId?: string,
): Promise<O> {
  const principal = await verifier.verify(authorization);
  const { ownRecordsOnly } = authorize(principal, operation.roles);
  const input = validate(operation.input, rawInput);
  if (ownRecordsOnly && operation.subject) requireOwnRecord(principal, operation.subject(input));
  return operation.handle(input, {
    principal,
    actor: { subject: principal.subject, roles: principal.roles },
    ...(correlationId ? { correlationId } : {}),
  });
}
