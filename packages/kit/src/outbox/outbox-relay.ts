import { randomUUID } from "node:crypto";
import { SpanKind } from "@opentelemetry/api";
import { Kafka, type KafkaConfig, type Message, Partitioners, type Producer } from "kafkajs";
import type { Db } from "mongodb";
import {
  type CommitDocument,
  type EventStore,
  isDuplicateKey,
  type OutboxIntent,
  toStoredEvents,
} from "../eventstore/event-store";
import { cloudEventHeaders, subjectOf } from "../messaging/cloudevents";
import type { EventCodec } from "../messaging/codec";
import type { Logger } from "../runtime/logger";
import { outboxMetrics } from "../telemetry/metrics";
import { startChildSpan } from "../telemetry/trace-context";
import { Lease } from "./lease";

export interface OutboxRelayOptions {
  store: EventStore;
  db: Db;
  /**
   * The broker, as the service's client is configured: the relay makes its own client of it, with every
   * wait bounded by the lease and no retries of its own (see `leaseBoundClient`).
   */
  kafka: KafkaConfig;
  topic: string;
  /** `ce_source`, e.g. `/hr/skills`. */
  source: string;
  codec: EventCodec;
  logger: Logger;
  /** Commits published per round at most. */
  batchSize?: number;
  /** How long to sleep when there was nothing to publish (a `notify()` wakes it sooner). */
  idleMs?: number;
  /** How long a tenure lasts without renewal; also bounds each send (see `leaseBoundClient`). */
  leaseTtlMs?: number;
  holderId?: string;
  /**
   * An intent with no commit after this long belongs to a writer that died (or stalled) between the
   * two inserts: the relay fences it. Far above any healthy append, which takes milliseconds.
   */
  fenceAfterMs?: number;
  /** Fault injection for tests: runs after a round read its work and before it checks its lease and sends. */
  beforeSend?: (commitIds: string[]) => Promise<void>;
}

/**
 * Publishes stored events to Kafka: at least once, in stream order, inside the trace of the command
 * that stored them. Its work is the `outbox` collection of the store (intents of commits not yet
 * acknowledged), so a round costs the backlog, never the history. Only the instance holding the lease
 * publishes, and it checks that it still holds it right before each send, so a relay that stalled
 * past its lease does not publish after its successor; a send ends (or is abandoned) within the lease
 * it began under. An intent is removed only after Kafka acknowledged its commit, so a crash in between
 * means it goes out again (consumers dedupe by `ce_id`).
 */
export class OutboxRelay {
  private readonly lease: Lease;
  private readonly producer: Producer;
  private connected: Promise<void> | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** A notify() that came while a round was running: the next sleep is skipped. */
  private notified = false;
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly fenceAfterMs: number;
  /** Also the broker's wait for the replicas' acks, so it answers within the client's bound. */
  private readonly requestTimeoutMs: number;
  /** Streams whose next commit cannot be encoded: they wait (order holds), the others flow. */
  readonly parked = new Map<string, { commitId: string; error: string }>();

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.idleMs = options.idleMs ?? 500;
    this.fenceAfterMs = options.fenceAfterMs ?? 30_000;
    const ttl = options.leaseTtlMs ?? 10_000;
    this.requestTimeoutMs = requestTimeoutOf(ttl);
    this.lease = new Lease(options.db, `outbox:${options.topic}`, options.holderId ?? randomUUID(), ttl);
    this.producer = new Kafka(leaseBoundClient(options.kafka, ttl)).producer({
      // One in flight keeps per-key order; the default (Java-compatible murmur2) partitioner, so
      // consumers in other languages agree on keys; no retries: the relay's rounds retry, each under
      // a lease checked again.
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 0 },
    });
  }

  async start(): Promise<void> {
    await this.lease.init();
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the round in flight, hands the lease over and disconnects from the broker. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.lease.release();
    if (this.connected) await this.producer.disconnect().catch(() => undefined);
    this.connected = undefined;
  }

  /** A new commit was stored: publish now instead of after the idle sleep. */
  notify(): void {
    this.notified = true;
    this.wake?.();
  }

  /** Events stored but not yet acknowledged by Kafka (a read of the small outbox collection). */
  async backlog(): Promise<number> {
    const intents = await this.options.store.outbox.find({}, { projection: { eventCount: 1 } }).toArray();
    return intents.reduce((n, i) => n + i.eventCount, 0);
  }

  /** One round: publish what is pending, if this instance holds the lease. Returns commits published. */
  async publishPending(): Promise<number> {
    if (!(await this.lease.acquire())) return 0;
    const { publish, resolved } = await this.nextWork();
    if (resolved.length > 0) await this.forget(resolved);
    if (publish.length === 0) return 0;
    await this.options.beforeSend?.(publish.map((p) => p.commit._id));
    await this.connect();
    // Another relay may have taken over while this one stalled: it must not publish after it.
    if (!(await this.lease.acquire())) {
      this.options.logger.warn(
        { topic: this.options.topic },
        "outbox relay lost its lease before sending; not sent",
      );
      return 0;
    }
    await this.send(publish);
    await this.forget(publish.map((p) => p.intent));
    return publish.length;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const published = await this.publishPending();
        failures = 0;
        if (published === 0) await this.sleep(this.idleMs);
      } catch (error) {
        failures++;
        const delay = Math.min(30_000, 250 * 2 ** Math.min(failures, 7));
        this.options.logger.warn(
          { err: error, retryInMs: delay },
          "outbox relay could not publish; events stay stored and will be retried",
        );
        await this.sleep(delay);
      }
    }
  }

  /**
   * The commits to publish now, each stream's in order, and the intents that need no publishing: a
   * loser's (another writer's commit holds the `_id`) or a dead writer's, fenced here. A stream stops at
   * an intent whose commit is not there yet, or whose events cannot be encoded (parked).
   */
  private async nextWork(): Promise<{ publish: Publishable[]; resolved: OutboxIntent[] }> {
    const { store } = this.options;
    const intents = (await store.outbox.find({}).toArray()).sort((a, b) =>
      a.streamId === b.streamId ? a.seq - b.seq : a.streamId < b.streamId ? -1 : 1,
    );
    const byStream = new Map<string, OutboxIntent[]>();
    for (const intent of intents)
      byStream.set(intent.streamId, [...(byStream.get(intent.streamId) ?? []), intent]);
    const publish: Publishable[] = [];
    const resolved: OutboxIntent[] = [];
    const stillParked = new Set<string>();
    await forEachLimited([...byStream.values()], 16, async (stream) => {
      for (const intent of stream) {
        if (publish.length >= this.batchSize) return;
        const commit = (await store.commits.findOne({ _id: intent._id })) ?? (await this.fenceIfDead(intent));
        if (!commit) return; // its writer is still at work: later commits of the stream wait
        if (commit.token !== intent.token || commit.fenced) {
          resolved.push(intent);
          continue;
        }
        const messages = this.encode(commit);
        if (messages instanceof Error) {
          stillParked.add(commit.streamId);
          this.park(commit, messages);
          return;
        }
        publish.push({ intent, commit, messages });
      }
    });
    for (const streamId of this.parked.keys()) if (!stillParked.has(streamId)) this.parked.delete(streamId);
    publish.sort((a, b) =>
      a.commit.streamId === b.commit.streamId
        ? a.commit.seq - b.commit.seq
        : a.commit.streamId < b.commit.streamId
          ? -1
          : 1,
    );
    return { publish, resolved };
  }

  /**
   * An intent older than `fenceAfterMs` with no commit: its writer died or stalled between the two
   * inserts. A tombstone at the commit's `_id` makes sure that writer can never land the commit later
   * (its insert then fails as a conflict and its caller retries); if the commit lands first, the
   * tombstone's insert fails instead and the commit is published as usual. The tombstone has a token
   * of its own: with the writer's, a writer that was only paused would take it for its own commit
   * and answer a success for events that were never stored.
   */
  private async fenceIfDead(intent: OutboxIntent): Promise<CommitDocument | null> {
    if (Date.now() - intent.createdAt.getTime() < this.fenceAfterMs) return null;
    const token = randomUUID();
    const tombstone: CommitDocument = {
      _id: intent._id,
      streamId: intent.streamId,
      seq: intent.seq,
      startVersion: intent.startVersion,
      events: [],
      eventCount: 0,
      recordedAt: new Date(),
      metadata: { requestId: `fenced:${token}` },
      requestId: `fenced:${token}`,
      token,
      fenced: true,
    };
    try {
      await this.options.store.commits.insertOne(tombstone);
      this.options.logger.warn(
        { commit: intent._id, ageMs: Date.now() - intent.createdAt.getTime() },
        "outbox relay fenced an append whose writer died or stalled before storing its commit",
      );
      return tombstone;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return this.options.store.commits.findOne({ _id: intent._id });
    }
  }

  private encode(commit: CommitDocument): Message[] | Error {
    const { codec, source } = this.options;
    try {
      return toStoredEvents(commit).map((event) => ({
        key: subjectOf(event),
        value: Buffer.from(codec.encode(event)),
        headers: cloudEventHeaders(event, codec.ceType(event.type), source, {}),
        timestamp: String(event.recordedAt.getTime()),
      }));
    } catch (error) {
      return error as Error;
    }
  }

  private park(commit: CommitDocument, error: Error): void {
    if (this.parked.get(commit.streamId)?.commitId === commit._id) return;
    this.parked.set(commit.streamId, { commitId: commit._id, error: error.message });
    outboxMetrics.parked.add(1, { topic: this.options.topic });
    this.options.logger.error(
      { commit: commit._id, stream: commit.streamId, err: error },
      "outbox relay cannot encode this commit: its stream is parked (later commits of it wait), other streams go on",
    );
  }

  /** Connects once; a failed attempt is tried again by the next round. */
  private async connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error) => {
      this.connected = undefined;
      throw error;
    });
    await this.connected;
  }

  /**
   * Sends one round's batch. The client's bounds make a send end well within the lease renewed just
   * before it; should it still be unanswered when the lease runs out, the round is abandoned: nothing
   * is marked published, and whoever holds the lease next sends it again.
   */
  private async send(publish: Publishable[]): Promise<void> {
    const { topic } = this.options;
    const messages: Message[] = [];
    // One producer span per commit, child of the command's span, so the trace goes on through Kafka.
    const spans = publish.map(({ commit, messages: encoded }) => {
      const span = startChildSpan(`${topic} publish`, SpanKind.PRODUCER, commit.metadata, {
        "messaging.system": "kafka",
        "messaging.destination.name": topic,
        "messaging.operation.type": "publish",
        "messaging.batch.message_count": commit.eventCount,
      });
      for (const message of encoded) {
        messages.push({ ...message, headers: { ...message.headers, ...span.headers } });
      }
      return span;
    });
    let timer: NodeJS.Timeout | undefined;
    const leaseRunsOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error("outbox relay abandoned a send: its lease ran out before Kafka answered")),
        this.lease.remainingMs(),
      );
    });
    const sending = this.producer.send({ topic, messages, acks: -1, timeout: this.requestTimeoutMs });
    sending.catch(() => undefined); // settles after an abandon: nobody waits for it then
    try {
      await Promise.race([sending, leaseRunsOut]);
      for (const span of spans) span.end();
    } catch (error) {
      for (const span of spans) span.end(error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Removes intents whose work is done; the outbox stays as small as the backlog. */
  private async forget(intents: OutboxIntent[]): Promise<void> {
    await this.options.store.outbox.deleteMany({ _id: { $in: intents.map((i) => i._id) } });
  }

  private sleep(ms: number): Promise<void> {
    if (this.notified) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.notified = false;
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

interface Publishable {
  intent: OutboxIntent;
  commit: CommitDocument;
  messages: Message[];
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * The relay's Kafka client: one attempt per send, and every wait of it (connecting, authenticating, a
 * request) a fraction of the lease. kafkajs would otherwise retry a send on its own, 10 times with
 * waits of up to 10 s as the service's client is set, and a relay whose lease ran out during a broker
 * outage would publish once the broker is back, after its successor. Bounded so, the requests of a
 * send (a metadata refresh with its connection, then the produce with its connection) are issued and
 * answered within 4/5 of the lease it began under, and the relay's rounds do the retrying, each
 * checking the lease again.
 */
function leaseBoundClient(config: KafkaConfig, leaseTtlMs: number): KafkaConfig {
  const connecting = Math.floor(leaseTtlMs / 10);
  return {
    ...config,
    connectionTimeout: Math.min(config.connectionTimeout ?? 1_000, connecting),
    authenticationTimeout: Math.min(config.authenticationTimeout ?? 10_000, connecting),
    requestTimeout: requestTimeoutOf(leaseTtlMs),
    enforceRequestTimeout: true,
    retry: { retries: 0 },
  };
}

const requestTimeoutOf = (leaseTtlMs: number) => Math.floor(leaseTtlMs / 5);
