import { randomUUID } from "node:crypto";
import { SpanKind } from "@opentelemetry/api";
import type { Message, Producer } from "kafkajs";
import type { Db } from "mongodb";
import { type CommitDocument, type EventStore, toStoredEvents } from "../eventstore/event-store";
import { cloudEventHeaders } from "../messaging/cloudevents";
import type { EventCodec } from "../messaging/codec";
import type { Logger } from "../runtime/logger";
import { startChildSpan } from "../telemetry/trace-context";
import { Lease } from "./lease";

export interface OutboxRelayOptions {
  store: EventStore;
  db: Db;
  producer: Producer;
  topic: string;
  /** `ce_source`, e.g. `/hr/skills`. */
  source: string;
  codec: EventCodec;
  logger: Logger;
  /** Commits published per round at most. */
  batchSize?: number;
  /** How long to sleep when there was nothing to publish (a `notify()` wakes it sooner). */
  idleMs?: number;
  leaseTtlMs?: number;
  holderId?: string;
}

/**
 * Publishes stored events to Kafka: at least once, in stream order, inside the trace of the command
 * that stored them. Only the instance holding the lease publishes, so two instances of a service do
 * not interleave one stream's events. A commit is marked published only after Kafka acknowledged it,
 * so a crash in between means it goes out again after restart (consumers dedupe by `ce_id`).
 */
export class OutboxRelay {
  private readonly lease: Lease;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** A notify() that came while a round was running: the next sleep is skipped. */
  private notified = false;
  private readonly batchSize: number;
  private readonly idleMs: number;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 200;
    this.idleMs = options.idleMs ?? 500;
    const ttl = options.leaseTtlMs ?? 10_000;
    this.lease = new Lease(options.db, `outbox:${options.topic}`, options.holderId ?? randomUUID(), ttl);
  }

  async start(): Promise<void> {
    await this.lease.init();
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the round in flight and hands the lease over. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.lease.release();
  }

  /** A new commit was stored: publish now instead of after the idle sleep. */
  notify(): void {
    this.notified = true;
    this.wake?.();
  }

  /** Events stored but not yet acknowledged by Kafka. */
  async backlog(): Promise<number> {
    const [row] = await this.options.store.commits
      .aggregate<{ n: number }>([
        { $match: { published: false } },
        { $group: { _id: null, n: { $sum: "$eventCount" } } },
      ])
      .toArray();
    return row?.n ?? 0;
  }

  /** One round: publish what is pending, if this instance holds the lease. Returns commits published. */
  async publishPending(): Promise<number> {
    if (!(await this.lease.acquire())) return 0;
    const commits = await this.pendingInStreamOrder();
    if (commits.length === 0) return 0;
    await this.publish(commits);
    await this.options.store.commits.updateMany(
      { _id: { $in: commits.map((c) => c._id) } },
      { $set: { published: true, publishedAt: new Date() } },
    );
    return commits.length;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        const published = await this.publishPending();
        failures = 0;
        if (published < this.batchSize) await this.sleep(this.idleMs);
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
   * Oldest pending commits, then every pending commit of the same streams, sorted by stream
   * version. Picking by recorded time alone could, with clock skew between instances, put a later
   * commit of a stream before an earlier one.
   */
  private async pendingInStreamOrder(): Promise<CommitDocument[]> {
    const { commits } = this.options.store;
    const oldest = await commits
      .find({ published: false }, { projection: { streamId: 1 } })
      .sort({ recordedAt: 1 })
      .limit(this.batchSize)
      .toArray();
    if (oldest.length === 0) return [];
    const streams = [...new Set(oldest.map((c) => c.streamId))];
    // Sorted by stream then version, any limit cuts each stream to a prefix of its pending commits.
    return commits
      .find({ published: false, streamId: { $in: streams } })
      .sort({ streamId: 1, startVersion: 1 })
      .limit(this.batchSize)
      .toArray();
  }

  private async publish(commits: CommitDocument[]): Promise<void> {
    const { codec, topic, source } = this.options;
    const messages: Message[] = [];
    // One producer span per commit, child of the command's span, so the trace goes on through Kafka.
    const spans = commits.map((commit) => {
      const span = startChildSpan(`${topic} publish`, SpanKind.PRODUCER, commit.metadata, {
        "messaging.system": "kafka",
        "messaging.destination.name": topic,
        "messaging.operation.type": "publish",
        "messaging.batch.message_count": commit.eventCount,
      });
      for (const event of toStoredEvents(commit)) {
        messages.push({
          key: event.data.employeeId,
          value: Buffer.from(codec.encode(event)),
          headers: cloudEventHeaders(event, codec.ceType(event.type), source, span.headers),
          timestamp: String(event.recordedAt.getTime()),
        });
      }
      return span;
    });
    try {
      await this.options.producer.send({ topic, messages, acks: -1 });
      for (const span of spans) span.end();
    } catch (error) {
      for (const span of spans) span.end(error);
      throw error;
    }
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
