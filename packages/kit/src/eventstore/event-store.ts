import { randomUUID } from "node:crypto";
import type { Collection, Db } from "mongodb";
import type { DomainEvent } from "../domain/decider";

/**
 * Event store on MongoDB without multi-document transactions.
 *
 * One document per *commit* (all events of one command). Its `_id` is the stream id plus the
 * stream version the commit starts from, so two writers that read the same version race to insert
 * the same `_id` and the server's unique-index check lets exactly one win. An insert is atomic on
 * MongoDB and on FerretDB alike; a version-filtered update would not be on FerretDB (read-then-write).
 * The request id has its own unique index, which makes a repeated command a detectable duplicate.
 */

/** Append only if the stream has no events yet. */
export const STREAM_DOES_NOT_EXIST = 0;
/** Append at whatever the current end is (still refused if another writer appends at the same moment). */
export const NO_CONCURRENCY_CHECK = "any" as const;
/** What `readStream` returns: a version read from the stream itself, so certainly a commit boundary. */
export interface StreamRead {
  readonly version: number;
  readonly atCommitBoundary: true;
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
  /** Stream version before this commit. */
  startVersion: number;
  events: { eventId: string; type: string; data: Record<string, unknown>; effectiveDate: string }[];
  eventCount: number;
  recordedAt: Date;
  metadata: CommitMetadata;
  requestId: string;
  /** The command's reply, returned again when the same request id comes back. */
  result?: unknown;
  /** False until the outbox relay has handed every event of the commit to Kafka. */
  published: boolean;
  publishedAt?: Date;
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

function isDuplicateKey(error: unknown): error is { code: number; message: string; keyPattern?: object } {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}

export const COMMITS_COLLECTION = "events";

export class EventStore {
  readonly commits: Collection<CommitDocument>;

  constructor(db: Db, collectionName = COMMITS_COLLECTION) {
    this.commits = db.collection<CommitDocument>(collectionName);
  }

  /** Creates the indexes the guarantees rest on; safe to call at every start. */
  async init(): Promise<void> {
    await this.commits.createIndex({ requestId: 1 }, { unique: true, name: "requestId_unique" });
    await this.commits.createIndex({ streamId: 1, startVersion: 1 }, { name: "stream_order" });
    await this.commits.createIndex({ published: 1, recordedAt: 1 }, { name: "outbox_pending" });
  }

  async readStream<E extends DomainEvent>(
    streamId: string,
  ): Promise<StreamRead & { events: StoredEvent<E>[] }> {
    const commits = await this.commits.find({ streamId }).sort({ startVersion: 1 }).toArray();
    const events = commits.flatMap((c) => toStoredEvents(c)) as StoredEvent<E>[];
    return { version: events.length, events, atCommitBoundary: true };
  }

  /** Every stream, each in order: for rebuilding a service's own read models. */
  async *readAllStreams<E extends DomainEvent>(): AsyncGenerator<{
    streamId: string;
    events: StoredEvent<E>[];
  }> {
    let current: { streamId: string; events: StoredEvent<E>[] } | undefined;
    for await (const commit of this.commits.find({}).sort({ streamId: 1, startVersion: 1 })) {
      if (current && current.streamId !== commit.streamId) {
        yield current;
        current = undefined;
      }
      current ??= { streamId: commit.streamId, events: [] };
      current.events.push(...(toStoredEvents(commit) as StoredEvent<E>[]));
    }
    if (current) yield current;
  }

  /** The stream's version: the number of events it holds. */
  async streamEnd(streamId: string): Promise<number> {
    const last = await this.commits.findOne(
      { streamId },
      { sort: { startVersion: -1 }, projection: { startVersion: 1, eventCount: 1 } },
    );
    return last ? last.startVersion + last.eventCount : 0;
  }

  async findByRequestId(requestId: string): Promise<CommitDocument | null> {
    return this.commits.findOne({ requestId });
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
    // A version given as a number is checked first: it must be the stream's end, which also keeps
    // commits on boundaries (no gaps, no overlaps). A version just read from the stream is one
    // already. Either way the guarantee is the unique `_id` of the insert below: the check races.
    let startVersion: number;
    if (typeof expectedVersion === "object") {
      startVersion = expectedVersion.version;
    } else {
      startVersion = await this.streamEnd(streamId);
      if (expectedVersion !== NO_CONCURRENCY_CHECK && expectedVersion !== startVersion) {
        throw new VersionConflictError(streamId, expectedVersion);
      }
    }
    const recordedAt = new Date();
    const commit: CommitDocument = {
      _id: commitId(streamId, startVersion),
      streamId,
      startVersion,
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
      published: false,
      ...(result === undefined ? {} : { result }),
    };
    try {
      await this.commits.insertOne(commit);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      if (await this.commits.findOne({ requestId: metadata.requestId }, { projection: { _id: 1 } })) {
        throw new DuplicateRequestError(metadata.requestId);
      }
      throw new VersionConflictError(streamId, startVersion);
    }
    return { nextVersion: startVersion + events.length, events: toStoredEvents(commit) };
  }
}

/** Sorts correctly as a string too, which keeps `_id` order equal to stream order. */
function commitId(streamId: string, startVersion: number): string {
  return `${streamId}@${String(startVersion).padStart(10, "0")}`;
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
