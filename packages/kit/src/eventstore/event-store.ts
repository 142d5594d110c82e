import { randomUUID } from "node:crypto";
import type { Collection, Db } from "mongodb";
import type { DomainEvent } from "../domain/decider";
import { InsertBatcher } from "./insert-batcher";

/**
 * Event store on MongoDB without multi-document transactions, whose hot paths are `_id` lookups only
 * (on FerretDB any other filter or sort decodes the whole collection; see packages/kit/README.md).
 *
 * One document per *commit* (all events of one command) in `events`. Its `_id` is the stream id plus
 * the commit's position in the stream (`seq`), so two writers that read the same stream race to insert
 * the same `_id` and the unique index lets exactly one win. Reading a stream walks its commits by
 * exact `_id` (seq 0, 1, 2 ... until one is absent), starting from a cached head of the stream.
 *
 * Three more collections, each read and written by `_id`, keep it fast and crash-safe:
 * - `outbox`: an *intent* `{_id: commit id}` is inserted before the commit and removed by the relay once
 *   Kafka acknowledged the commit, so pending work is its own small collection. A writer that dies
 *   between intent and commit leaves an intent without a commit; the relay *fences* it (inserts a
 *   tombstone commit at that `_id`, which a late writer then cannot overwrite: it gets a version
 *   conflict) and moves on.
 * - `requests`: `{_id: request id}` with the stored reply, for idempotent commands.
 * - `events_heads`: `{_id: stream id}` with the commits read so far: a cache a reader verifies by finding
 *   the next commit absent, so a stale head costs a few more lookups, never a wrong answer.
 */

/** Append only if the stream has no events yet. */
export const STREAM_DOES_NOT_EXIST = 0;
/** Append at whatever the current end is (still refused if another writer appends at the same moment). */
export const NO_CONCURRENCY_CHECK = "any" as const;
/** What `readStream` returns: a position read from the stream itself, so certainly a commit boundary. */
export interface StreamRead {
  readonly version: number;
  /** The position of the next commit. */
  readonly seq: number;
  readonly atCommitBoundary: true;
}

/** A stream as read: its commits and events, and whether it came from memory without a look at the store. */
export interface StreamContents<E extends DomainEvent = DomainEvent> extends StreamRead {
  readonly events: StoredEvent<E>[];
  readonly commits: CommitDocument[];
  /** True when answered from this process's memory: a true prefix of the stream, maybe not all of it. */
  readonly fromCache: boolean;
}
export type ExpectedVersion = number | typeof NO_CONCURRENCY_CHECK | StreamRead;

export interface Actor {
  subject: string;
  roles: string[];
}

export interface CommitMetadata {
  requestId: string;
  /** Fingerprint of the request, so a reused request id with other content is told apart. */
  requestFingerprint?: string;
  actor?: Actor;
  correlationId?: string;
  causationId?: string;
  /** W3C trace context of the command, so the relay can publish inside the same trace. */
  traceparent?: string;
  tracestate?: string;
}

export interface StoredEvent<E extends DomainEvent = DomainEvent> {
  eventId: string;
  streamId: string;
  /** 1-based position of the event in its stream. */
  version: number;
  type: E["type"];
  data: E["data"];
  effectiveDate: string;
  recordedAt: Date;
  metadata: CommitMetadata;
}

export interface CommitDocument {
  _id: string;
  streamId: string;
  /** Position of the commit in its stream (0, 1, 2 ...). */
  seq: number;
  /** Stream version before this commit. */
  startVersion: number;
  events: { eventId: string; type: string; data: Record<string, unknown>; effectiveDate: string }[];
  eventCount: number;
  recordedAt: Date;
  metadata: CommitMetadata;
  requestId: string;
  /** The command's reply (also in its request record, which is what a repeat reads). */
  result?: unknown;
  /** Written by this attempt only: tells the writer's own commit from another's at the same `_id`. */
  token: string;
  /** A tombstone the relay inserted for a writer that died or stalled between intent and commit: no events. */
  fenced?: true;
}

/** Pending work of the outbox relay: one per commit not yet acknowledged by Kafka. */
export interface OutboxIntent {
  _id: string;
  streamId: string;
  seq: number;
  startVersion: number;
  eventCount: number;
  token: string;
  createdAt: Date;
}

/** The stored reply of a request, found by its id. */
export interface RequestRecord {
  _id: string;
  commitId: string;
  fingerprint?: string;
  result?: unknown;
  recordedAt: Date;
}

interface StreamHead {
  _id: string;
  seq: number;
  version: number;
  commits: CommitDocument[];
}

export interface AppendResult {
  /** Stream version after the append. */
  nextVersion: number;
  events: StoredEvent[];
}

export class VersionConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`stream ${streamId} is not at version ${expectedVersion}`);
  }
}

export class DuplicateRequestError extends Error {
  constructor(readonly requestId: string) {
    super(`request ${requestId} was already recorded`);
  }
}

const DUPLICATE_KEY = 11000;
/** Streams whose state a store keeps in memory (least recently used dropped first). */
const DEFAULT_CACHED_STREAMS = 10_000;
/** Commits a reader walks past the head before it writes a fresher head. */
const HEAD_REFRESH_AFTER = 3;

export function isDuplicateKey(error: unknown): error is { code: number; message: string } {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}

export const COMMITS_COLLECTION = "events";

export class EventStore {
  readonly commits: Collection<CommitDocument>;
  readonly outbox: Collection<OutboxIntent>;
  readonly requests: Collection<RequestRecord>;
  private readonly heads: Collection<StreamHead>;
  private readonly commitInserts: InsertBatcher<CommitDocument>;
  private readonly intentInserts: InsertBatcher<OutboxIntent>;
  private readonly requestInserts: InsertBatcher<RequestRecord>;
  /**
   * Each stream's commits as last read or written here. Commits are never changed once stored, so an
   * entry is a true prefix of its stream; whether it is all of it the next commit's unique `_id` tells
   * (a conflict, then a fresh read from the entry on), or a fresh read before a refusal.
   */
  private readonly streams = new Map<string, StreamContents>();

  constructor(
    db: Db,
    collectionName = COMMITS_COLLECTION,
    private readonly cachedStreams = DEFAULT_CACHED_STREAMS,
  ) {
    this.commits = db.collection<CommitDocument>(collectionName);
    this.outbox = db.collection<OutboxIntent>(`${collectionName}_outbox`);
    this.requests = db.collection<RequestRecord>(`${collectionName}_requests`);
    this.heads = db.collection<StreamHead>(`${collectionName}_heads`);
    this.commitInserts = new InsertBatcher(this.commits);
    this.intentInserts = new InsertBatcher(this.outbox);
    this.requestInserts = new InsertBatcher(this.requests);
  }

  /**
   * Creates the one secondary index the guarantees rest on; safe to call at every start. The unique
   * request id makes a repeated command a duplicate even when it races its twin; an insert checks it
   * (an index search), no query reads it.
   */
  async init(): Promise<void> {
    await this.commits.createIndex({ requestId: 1 }, { unique: true, name: "requestId_unique" });
  }

  /**
   * The stream's events and position. Fresh by default: from what this process knows of it (or else its
   * stored head), then commit by commit by `_id` until one is absent. With `cached`, what this process
   * knows is returned as is, without a round trip (`fromCache`): for a writer whose commit verifies it.
   */
  async readStream<E extends DomainEvent>(
    streamId: string,
    options: { cached?: boolean } = {},
  ): Promise<StreamContents<E>> {
    const known = this.streams.get(streamId) as StreamContents<E> | undefined;
    if (known && options.cached) {
      this.remember(streamId, known); // most recently used
      return known;
    }
    const head = known ? undefined : await this.heads.findOne({ _id: streamId });
    const from = known ?? head;
    const commits = from ? [...from.commits] : [];
    const startSeq = from?.seq ?? 0;
    let seq = startSeq;
    for (;;) {
      const next = await this.commits.findOne({ _id: commitId(streamId, seq) });
      if (!next) break;
      commits.push(next);
      seq++;
    }
    const events =
      known && seq === startSeq
        ? known.events
        : (commits.flatMap((c) => toStoredEvents(c)) as StoredEvent<E>[]);
    // Refreshing the head is a rewrite of the whole stream's commits: worth it only once a reader had
    // to walk a few commits past it, not at every append (a process that knows the stream needs no head).
    if (!known && seq - startSeq >= HEAD_REFRESH_AFTER)
      void this.saveHead(streamId, seq, events.length, commits);
    const read: StreamContents<E> = {
      version: events.length,
      seq,
      events,
      commits,
      atCommitBoundary: true,
      fromCache: false,
    };
    this.remember(streamId, read);
    return read;
  }

  private remember(streamId: string, read: StreamContents): void {
    this.streams.delete(streamId);
    this.streams.set(streamId, { ...read, fromCache: true });
    if (this.streams.size > this.cachedStreams) {
      this.streams.delete(this.streams.keys().next().value as string);
    }
  }

  /** After this process's own commit landed at the end of what it knew: the stream one commit further. */
  private rememberAppended(commit: CommitDocument): void {
    const known = this.streams.get(commit.streamId);
    if (known?.seq !== commit.seq) {
      this.streams.delete(commit.streamId); // it knew less (or another read moved on): read it next time
      return;
    }
    this.remember(commit.streamId, {
      ...known,
      seq: known.seq + 1,
      version: known.version + commit.eventCount,
      commits: [...known.commits, commit],
      events: [...known.events, ...toStoredEvents(commit)],
    });
  }

  /** Every stream, each in order: for rebuilding a service's own read models (reads the whole history). */
  async *readAllStreams<E extends DomainEvent>(): AsyncGenerator<{
    streamId: string;
    events: StoredEvent<E>[];
  }> {
    let current: { streamId: string; events: StoredEvent<E>[] } | undefined;
    // `_id` order is stream order: the seq is zero-padded and every id of a stream shares its prefix.
    for await (const commit of this.commits.find({}).sort({ _id: 1 })) {
      if (current && current.streamId !== commit.streamId) {
        yield current;
        current = undefined;
      }
      current ??= { streamId: commit.streamId, events: [] };
      current.events.push(...(toStoredEvents(commit) as StoredEvent<E>[]));
    }
    if (current) yield current;
  }

  /**
   * The stored reply of a request id, if one was recorded: one lookup by `_id`. With the stream the
   * request is for, also a commit of it there whose writer died before recording the reply (or whose
   * twin is recording it right now): found in `stream`, which the caller has read anyway, never by a
   * query on the request id (on FerretDB a scan that anyone allowed to send a command could repeat).
   */
  async findByRequestId(
    requestId: string,
    stream?: { commits: readonly CommitDocument[] },
  ): Promise<RequestRecord | null> {
    const record = await this.requests.findOne({ _id: requestId });
    if (record) return record;
    const commit = stream?.commits.find((c) => c.requestId === requestId && !c.fenced);
    return commit ? requestRecordOf(commit) : null;
  }

  /** The commit a request stored, with its metadata (who, correlation, trace), if it recorded its reply. */
  async commitOfRequest(requestId: string): Promise<CommitDocument | null> {
    const record = await this.findByRequestId(requestId);
    return record ? this.commits.findOne({ _id: record.commitId }) : null;
  }

  /**
   * Stores all events of one command, or none. Refuses with VersionConflictError when the stream is
   * not at `expectedVersion`, and with DuplicateRequestError when the request id was already recorded.
   */
  async append<E extends DomainEvent>(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly E[],
    metadata: CommitMetadata,
    result?: unknown,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error("append needs at least one event");
    // A version given as a number is checked against the stream first. Either way the guarantee is the
    // unique `_id` of the inserts below: the check races.
    let at: StreamRead;
    if (typeof expectedVersion === "object") {
      at = expectedVersion;
    } else {
      at = await this.readStream(streamId);
      if (expectedVersion !== NO_CONCURRENCY_CHECK && expectedVersion !== at.version) {
        throw new VersionConflictError(streamId, expectedVersion);
      }
    }
    const id = commitId(streamId, at.seq);
    const token = randomUUID();
    const recordedAt = new Date();
    const commit: CommitDocument = {
      _id: id,
      streamId,
      seq: at.seq,
      startVersion: at.version,
      events: events.map((e) => ({
        eventId: randomUUID(),
        type: e.type,
        data: e.data as unknown as Record<string, unknown>,
        effectiveDate: e.data.effectiveDate,
      })),
      eventCount: events.length,
      recordedAt,
      metadata,
      requestId: metadata.requestId,
      token,
      ...(result === undefined ? {} : { result }),
    };

    // 1. The intent: from here on the relay knows a commit may land at this `_id`.
    try {
      await this.intentInserts.insert({
        _id: id,
        streamId,
        seq: at.seq,
        startVersion: at.version,
        eventCount: events.length,
        token,
        createdAt: recordedAt,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // Another writer's intent holds this position, unless the driver retried our own insert.
      const there = await this.outbox.findOne({ _id: id }, { projection: { token: 1 } });
      if (there?.token !== token) throw new VersionConflictError(streamId, at.version);
    }
    // 2. The commit: the unique `_id` decides the race, the unique request id catches a repeat.
    try {
      await this.commitInserts.insert(commit);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // the intent stays: the relay resolves it
      const there = await this.commits.findOne({ _id: id }, { projection: { token: 1, fenced: 1 } });
      // A tombstone means this writer stalled past the relay's fence: nothing of it was stored, so it
      // is a conflict like any other (the caller reads the stream again, now past the tombstone). Also
      // checked by flag, for tombstones of older relays, which carried the writer's own token.
      if (there?.token !== token || there.fenced) {
        await this.outbox.deleteOne({ _id: id, token });
        if (there) throw new VersionConflictError(streamId, at.version);
        throw new DuplicateRequestError(metadata.requestId);
      }
      // The driver retried our own insert after a lost reply: it is stored.
    }
    this.rememberAppended(commit);
    // 3. What makes a repeated request cheap; a crash here loses nothing (see findByRequestId).
    await this.requestInserts
      .insert(requestRecordOf(commit))
      .catch((error) => (isDuplicateKey(error) ? undefined : Promise.reject(error)));
    return { nextVersion: at.version + events.length, events: toStoredEvents(commit) };
  }

  /** Fire-and-forget: a lost or stale head only means a longer walk for the next reader. */
  private saveHead(streamId: string, seq: number, version: number, commits: CommitDocument[]): Promise<void> {
    return this.heads.replaceOne({ _id: streamId }, { seq, version, commits }, { upsert: true }).then(
      () => undefined,
      () => undefined,
    );
  }
}

/** Sorts correctly as a string too, which keeps `_id` order equal to stream order. */
export function commitId(streamId: string, seq: number): string {
  return `${streamId}@${String(seq).padStart(10, "0")}`;
}

function requestRecordOf(commit: CommitDocument): RequestRecord {
  return {
    _id: commit.requestId,
    commitId: commit._id,
    ...(commit.metadata.requestFingerprint ? { fingerprint: commit.metadata.requestFingerprint } : {}),
    ...(commit.result === undefined ? {} : { result: commit.result }),
    recordedAt: commit.recordedAt,
  };
}

/** Stored events as the decider sees them: just type and data. */
export function domainEvents<E extends DomainEvent>(stored: readonly StoredEvent<E>[]): E[] {
  return stored.map((e) => ({ type: e.type, data: e.data }) as E);
}

export function toStoredEvents(commit: CommitDocument): StoredEvent[] {
  return commit.events.map((e, i) => ({
    eventId: e.eventId,
    streamId: commit.streamId,
    version: commit.startVersion + i + 1,
    type: e.type,
    data: e.data as unknown as DomainEvent["data"],
    effectiveDate: e.effectiveDate,
    recordedAt: commit.recordedAt,
    metadata: commit.metadata,
  }));
}
