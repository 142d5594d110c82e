import { createHash, randomUUID } from "node:crypto";
import { type Decider, type DomainEvent, fold } from "../domain/decider";
import { ConflictError } from "../domain/errors";
import {
  type Actor,
  type CommitDocument,
  DuplicateRequestError,
  domainEvents,
  type EventStore,
  type StoredEvent,
  VersionConflictError,
} from "../eventstore/event-store";
import { commandMetrics } from "../telemetry/metrics";
import { currentTraceHeaders, inSpan } from "../telemetry/trace-context";

/** The command's context as an API call gives it (see `commandContext`). */
export interface CommandContext {
  /** The caller's idempotency key; a repeat returns the first reply and stores nothing. */
  requestId?: string;
  actor?: Actor;
  correlationId?: string;
  causationId?: string;
}

/** The context of a command made through the API: its request id, who called, their correlation id. */
export function commandContext(
  requestId: string,
  call: { actor: Actor; correlationId?: string },
): CommandContext {
  return {
    requestId,
    actor: call.actor,
    ...(call.correlationId ? { correlationId: call.correlationId } : {}),
  };
}

export interface CommandOutcome<State, Reply> {
  reply: Reply;
  /** True when the request id had been seen before and the stored reply was returned. */
  replayed: boolean;
  state?: State;
  events: StoredEvent[];
}

export interface HandleCommandOptions<Command, Event extends DomainEvent, State, Reply> {
  store: EventStore;
  decider: Decider<Command, Event, State>;
  streamId: string;
  /** Name for traces and metrics, e.g. `RecordAssessment`. */
  commandName: string;
  command: Command;
  /** The request as the caller sent it (without reference data): its hash detects a reused request id. */
  request: unknown;
  context: CommandContext;
  /** Builds the reply from the new state; stored with the events so a repeat gets the same reply. */
  reply: (outcome: { state: State; version: number; events: readonly Event[] }) => Reply;
  /** Version conflicts retried before giving up with ConflictError (ABORTED / 409). */
  maxRetries?: number;
  /** Called after a successful append, e.g. to wake the outbox relay. */
  onAppended?: () => void;
}

export const DEFAULT_MAX_RETRIES = 5;
/** First wait after a version conflict; doubled at each further attempt (5, 10, 20, 40, 80 ms). */
const CONFLICT_BACKOFF_MS = 5;

/**
 * Load the stream, decide, append after the version read. A version conflict means another writer
 * got there first: reload and decide again, a bounded number of times, because the new state may
 * change the decision (or make the command a refused one).
 *
 * Idempotency costs nothing on the fast path: the request id is stored with the commit under a unique
 * index, so a repeat that decides events again fails its append as a duplicate, and only then (or when
 * a repeat is refused or decides nothing) is the first reply looked up and returned.
 */
export async function handleCommand<Command, Event extends DomainEvent, State, Reply>(
  options: HandleCommandOptions<Command, Event, State, Reply>,
): Promise<CommandOutcome<State, Reply>> {
  const { store, decider, streamId, commandName, context } = options;
  const requestId = context.requestId || `auto-${randomUUID()}`;
  const fingerprint = fingerprintOf(commandName, options.request);
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const started = performance.now();

  return inSpan(
    `command ${commandName}`,
    { attributes: { "hr.command": commandName, "hr.stream": streamId } },
    async () => {
      try {
        // What this process knows of the stream: the commit's unique `_id` verifies it (a conflict
        // reads the stream again), and a refusal or no-op looks at the store before it answers.
        let read = await store.readStream<Event>(streamId, { cached: true });
        for (let attempt = 0; ; ) {
          const state = fold(decider, domainEvents(read.events));
          let events: Event[];
          try {
            events = decider.decide(options.command, state);
          } catch (refusal) {
            if (read.fromCache) {
              read = await store.readStream<Event>(streamId);
              continue;
            }
            // A repeat of a request that succeeded may now be refused (its own effect is in the
            // state): the first reply wins. Looked up only here, off the fast path.
            const earlier = await replayOf<Reply>(store, requestId, fingerprint, read);
            if (earlier) return { reply: earlier.reply, replayed: true, events: [] };
            throw refusal;
          }
          if (events.length === 0 && read.fromCache) {
            read = await store.readStream<Event>(streamId);
            continue;
          }
          const next = events.reduce(decider.evolve, state);
          const reply = options.reply({ state: next, version: read.version + events.length, events });
          if (events.length === 0) {
            const earlier = await replayOf<Reply>(store, requestId, fingerprint, read);
            return earlier
              ? { reply: earlier.reply, replayed: true, events: [] }
              : { reply, replayed: false, state: next, events: [] };
          }

          try {
            const appended = await inSpan(
              "eventstore append",
              {
                attributes: {
                  "hr.stream": streamId,
                  "hr.expected_version": read.version,
                  "hr.event_count": events.length,
                },
              },
              () =>
                store.append(
                  streamId,
                  read,
                  events,
                  {
                    requestId,
                    requestFingerprint: fingerprint,
                    ...(context.actor ? { actor: context.actor } : {}),
                    ...(context.correlationId ? { correlationId: context.correlationId } : {}),
                    ...(context.causationId ? { causationId: context.causationId } : {}),
                    ...currentTraceHeaders(),
                  },
                  reply,
                ),
            );
            options.onAppended?.();
            return { reply, replayed: false, state: next, events: appended.events };
          } catch (error) {
            if (error instanceof DuplicateRequestError) {
              // The request id is already recorded (a retry, or its twin won the race): first reply.
              read = await store.readStream<Event>(streamId);
              const earlier = await replayOf<Reply>(store, requestId, fingerprint, read);
              if (earlier) return { reply: earlier.reply, replayed: true, events: [] };
              // Committed elsewhere (a stream the service chose anew for the repeat) by a writer that
              // died before recording its reply: the reply cannot be found by `_id`.
              throw new ConflictError(
                `request_id ${requestId} was already used and its reply is not available; use a new request_id`,
                { retryable: false },
              );
            }
            if (!(error instanceof VersionConflictError)) throw error;
            if (attempt >= maxRetries) {
              throw new ConflictError(
                `${streamId} was changed concurrently ${attempt + 1} times; retry the request with the same request_id`,
              );
            }
            // The winner's commit may still be landing (its intent is there first): give it a moment,
            // with jitter so that writers who lost together do not collide again.
            await new Promise((r) =>
              setTimeout(r, CONFLICT_BACKOFF_MS * 2 ** attempt * (0.5 + Math.random())),
            );
            attempt++;
            read = await store.readStream<Event>(streamId);
          }
        }
      } catch (error) {
        commandMetrics.errors.add(1, { command: commandName, error: (error as Error).constructor.name });
        throw error;
      } finally {
        commandMetrics.duration.record(performance.now() - started, { command: commandName });
      }
    },
  );
}

/** The stored reply of an earlier request with this id, if there was one; refuses a reused id. */
async function replayOf<Reply>(
  store: EventStore,
  requestId: string,
  fingerprint: string,
  stream: { commits: readonly CommitDocument[] },
): Promise<{ reply: Reply } | undefined> {
  const record = await store.findByRequestId(requestId, stream);
  if (!record) return undefined;
  if (record.fingerprint && record.fingerprint !== fingerprint) {
    throw new ConflictError(
      `request_id ${requestId} was already used for a different request; use a new request_id`,
      { retryable: false },
    );
  }
  return { reply: record.result as Reply };
}

/** A stable hash of the request: key order does not matter, values do. */
export function fingerprintOf(commandName: string, request: unknown): string {
  return createHash("sha256").update(commandName).update(stableJson(request)).digest("base64url");
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([key, v]) => v !== undefined && key !== "requestId")
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
