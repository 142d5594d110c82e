import { randomUUID } from "node:crypto";
import { SpanKind, trace } from "@opentelemetry/api";
import type { Admin, Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Producer } from "kafkajs";
import type { DomainEvent } from "../domain/decider";
import { ValidationError } from "../domain/errors";
import { refuseTopicsThatDropHistory } from "../runtime/infrastructure";
import type { Logger } from "../runtime/logger";
import { observeGauge, projectionMetrics } from "../telemetry/metrics";
import { contextFromHeaders, inSpan, tracer } from "../telemetry/trace-context";
import {
  type CloudEventAttributes,
  headerStrings,
  InvalidCloudEventError,
  readCloudEvent,
} from "./cloudevents";
import { CoPartitionedAssigner } from "./co-partitioned-assigner";
import { type EventCodec, UnknownEventTypeError } from "./codec";
import { partitionOf } from "./partitioning";

/** Attribute of an event's projection span that names the trace of the batch that wrote its record. */
export const BATCH_TRACE_ATTRIBUTE = "hr.projection.batch.trace_id";

/** An event as a projection sees it: CloudEvents attributes, the decoded message, where it came from. */
export interface ReceivedEvent extends CloudEventAttributes {
  event: DomainEvent;
  key: string;
  topic: string;
  partition: number;
  offset: string;
}

export type EventHandler = (event: ReceivedEvent) => Promise<void>;

/** Thrown by a handler for an event that can never be projected: it goes to the DLQ, not retried. */
export class PoisonMessageError extends Error {}

/** Why a message went to the DLQ (`dlq_reason`, and the `reason` of `hr.consumer.dead_lettered`). */
export const POISON_REASONS = ["undecodable", "unknown-type", "invalid", "handler-failed"] as const;
export type PoisonReason = (typeof POISON_REASONS)[number];

/**
 * Labels the MongoDB driver (or a 4.4+ server) puts on an error that a retry can get past: a failover, a
 * pool reset, a network error.
 */
const TRANSIENT_MONGO_LABELS = new Set([
  "RetryableWriteError",
  "ResetPool",
  "TransientTransactionError",
  "UnknownTransactionCommitResult",
  "PoolRequstedRetry", // sic, the driver's spelling
  "InterruptInUseConnections",
  "HandshakeError",
]);

/**
 * Server codes of a store that is failing over, shutting down, unreachable, overloaded or waiting for its
 * replicas: the driver's retryable codes (retryable reads and writes specs) and a few more of the kind.
 */
const TRANSIENT_MONGO_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  24, // LockTimeout
  46, // LockBusy
  50, // MaxTimeMSExpired
  64, // WriteConcernFailed (WriteConcernTimeout)
  89, // NetworkTimeout
  91, // ShutdownInProgress
  100, // UnsatisfiableWriteConcern (not enough members up during a failover)
  112, // WriteConflict
  134, // ReadConcernMajorityNotAvailableYet
  189, // PrimarySteppedDown
  202, // NetworkInterfaceExceededTimeLimit
  262, // ExceededTimeLimit
  365, // TemporarilyUnavailable (server under cache pressure)
  9001, // SocketException
  10058, // LegacyNotPrimary
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

/** Driver errors of the connection, the pool or the topology, whatever their code. */
const TRANSIENT_MONGO_NAMES =
  /^(Mongo(Network|NetworkTimeout|ServerSelection|NotConnected|TopologyClosed|PoolCleared|WaitQueueTimeout|OperationTimeout|WriteConcern)Error|PoolClearedOnNetworkError)$/;

/**
 * FerretDB on SQLite answers a busy or locked database (after its own 10 s busy timeout) as InternalError
 * (code 1) carrying SQLite's message, e.g. `database is locked (5) (SQLITE_BUSY)`.
 */
const FERRETDB_BUSY = /database (table )?is locked|SQLITE_(BUSY|LOCKED)/;

/**
 * Failures that say nothing about the message: the store or the broker is unreachable, failing over,
 * shutting down or busy. They are retried without limit (the message waits for the store to come back);
 * any other error counts towards `maxHandlerFailures`. Read from the driver's error labels and the
 * server's codes (not only the error's class), and through `cause` (an error a handler wrapped).
 */
export function isTransient(error: unknown): boolean {
  for (let e = error as TransientCandidate | undefined, depth = 0; e && depth < 5; e = e.cause, depth++) {
    if (typeof e !== "object") return false;
    const name = typeof e.name === "string" ? e.name : "";
    if (TRANSIENT_MONGO_NAMES.test(name)) return true;
    if (e.errorLabels?.some((label) => TRANSIENT_MONGO_LABELS.has(label))) return true;
    const codes = [e.code, e.writeConcernError?.code, e.result?.writeConcernError?.code];
    if (
      name.startsWith("Mongo") &&
      codes.some((c) => typeof c === "number" && TRANSIENT_MONGO_CODES.has(c))
    ) {
      return true;
    }
    if (name.startsWith("Mongo") && e.code === 1 && FERRETDB_BUSY.test(String(e.message))) return true;
    if (/^KafkaJS(Connection|NumberOfRetriesExceeded|RequestTimeout)Error$/.test(name)) return true;
    if (name.startsWith("KafkaJS") && e.retriable === true) return true;
  }
  return false;
}

/** What `isTransient` reads of an error, whichever copy of the driver made it. */
interface TransientCandidate {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  errorLabels?: string[];
  writeConcernError?: { code?: unknown };
  result?: { writeConcernError?: { code?: unknown } };
  retriable?: unknown;
  cause?: TransientCandidate;
}

export interface ProjectionConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  codec: EventCodec;
  /** Must be idempotent: redelivery is normal. Throws PoisonMessageError/ValidationError for bad events. */
  handle: EventHandler;
  /**
   * Optional bulk path (e.g. one unordered insertMany for the run of events): gets each batch's decodable
   * events of one partition, in order. If it throws, the events of that run go through `handle` one by
   * one, with the usual retries and dead-lettering, so one bad event cannot hold the batch. Per-event
   * trace spans are traded for one span per batch.
   */
  handleBatch?: (events: ReceivedEvent[]) => Promise<void>;
  deadLetter: { topic: string; producer: Producer };
  logger: Logger;
  fromBeginning?: boolean;
  /** Backoff for transient failures (e.g. the store is down); the message is retried, never skipped. */
  retry?: { initialMs: number; maxMs: number };
  /** Report `hr.consumer.lag` for this group (off for one-off replays). */
  reportLag?: boolean;
  /**
   * A handler that fails this many times in a row on one message with the same kind of error (not a
   * transient one: see `isTransient`) sends it to the DLQ as `handler-failed`. Default 5.
   */
  maxHandlerFailures?: number;
  /** Partitions handled at the same time (each still in order). Default 3. */
  partitionsConsumedConcurrently?: number;
  /**
   * Partition p of every topic to one member (see `CoPartitionedAssigner`): for topics that share their
   * key and partition count, so that a key's events of all of them have one consumer in the group.
   */
  coPartitioned?: boolean;
  /** Poison messages: sent to the DLQ (normal running) or only counted (a replay: they were sent already). */
  onPoison?: "dead-letter" | "count";
  /**
   * Opt-in, for projections that rely on key partitioning (one writer per key): a message that is not on
   * the partition its key maps to (`partitionOf`, as the producers partition), or has no key, goes to the
   * DLQ as `invalid`, e.g. one copied back onto its topic by a tool with another partitioner.
   */
  checkPartitioning?: boolean;
}

/** One fetched batch of one partition, with what applying it needs. */
interface BatchStep {
  batch: EachBatchPayload["batch"];
  heartbeat: EachBatchPayload["heartbeat"];
  commitOffsetsIfNecessary: EachBatchPayload["commitOffsetsIfNecessary"];
  /** False once this member should stop applying (stopping, or the partition moved in a rebalance). */
  active: () => boolean;
  /** Marks a message handled: its offset may be committed. */
  done: (message: KafkaMessage) => void;
}

/**
 * Kafka consumer-group runtime for projections. Per partition, messages are handled one at a time
 * in order; an offset is committed only after its handler returned, so a crash means redelivery,
 * never loss. Poison messages go to the dead-letter topic with the reason and the partition moves on.
 */
export class ProjectionConsumer {
  private readonly consumer: Consumer;
  private admin: Admin | undefined;
  private running = false;
  private stopReportingLag: (() => void) | undefined;
  /** Last offset handled per `topic:partition`, for replay progress. */
  readonly positions = new Map<string, bigint>();
  /** Poison messages met (sent to the DLQ, or only counted in a replay). */
  poisonCount = 0;
  /** Partition counts of the topics, for `checkPartitioning` (read again when a partition is beyond it). */
  private readonly partitionCounts = new Map<string, number>();

  constructor(private readonly options: ProjectionConsumerOptions) {
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      maxWaitTimeInMs: 200,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      ...(options.coPartitioned ? { partitionAssigners: [CoPartitionedAssigner] } : {}),
    });
  }

  async start(): Promise<void> {
    // Also for topics created elsewhere than by `ensureTopics`: a projection must be able to replay them whole.
    this.admin ??= this.options.kafka.admin();
    await this.admin.connect();
    await refuseTopicsThatDropHistory(this.admin, this.options.topics).catch(async (error: unknown) => {
      await this.admin?.disconnect();
      throw error;
    });
    this.running = true;
    if (this.options.onPoison !== "count") {
      // Every reason's series from the start, at 0: a first dead letter is then an increase that rates
      // and alerts see (a counter series that appears at 1 has no increase to show).
      for (const topic of this.options.topics) {
        for (const reason of POISON_REASONS) projectionMetrics.poison.add(0, { reason, topic });
      }
    }
    if (this.options.reportLag ?? true) {
      this.stopReportingLag = observeGauge(
        "hr.consumer.lag",
        "Messages on the topic not yet handled by the consumer group",
        async () =>
          (await this.lag()).map((p) => ({
            value: p.lag,
            attributes: { topic: p.topic, partition: p.partition, group: this.options.groupId },
          })),
      );
    }
    await this.consumer.connect();
    for (const topic of this.options.topics) {
      await this.consumer.subscribe({ topic, fromBeginning: this.options.fromBeginning ?? true });
    }
    await this.consumer.run({
      autoCommitInterval: 1_000,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopReportingLag?.();
    await this.consumer.disconnect();
    await this.admin?.disconnect();
  }

  /** Messages not yet handled, per partition: the high watermark minus the committed offset. */
  async lag(): Promise<Array<{ topic: string; partition: number; lag: number }>> {
    this.admin ??= this.options.kafka.admin();
    await this.admin.connect();
    const committed = await this.admin.fetchOffsets({
      groupId: this.options.groupId,
      topics: this.options.topics,
    });
    const out: Array<{ topic: string; partition: number; lag: number }> = [];
    for (const { topic, partitions } of committed) {
      const ends = await this.admin.fetchTopicOffsets(topic);
      for (const end of ends) {
        const at = partitions.find((p) => p.partition === end.partition)?.offset ?? "-1";
        const start = Number(at) < 0 ? Number(end.low) : Number(at);
        out.push({ topic, partition: end.partition, lag: Math.max(0, Number(end.high) - start) });
      }
    }
    return out;
  }

  private async eachBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
    commitOffsetsIfNecessary,
  }: EachBatchPayload) {
    const { topic, partition } = batch;
    // A member that lost the partition in a rebalance stops applying: its new owner takes over.
    const active = () => isRunning() && !isStale() && this.running;
    const done = (message: KafkaMessage) => {
      resolveOffset(message.offset);
      this.positions.set(`${topic}:${partition}`, BigInt(message.offset));
    };
    const step = { batch, heartbeat, commitOffsetsIfNecessary, active, done };
    return this.options.handleBatch ? this.eachBatchInBulk(step) : this.eachBatchOneByOne(step);
  }

  private async eachBatchOneByOne({ batch, heartbeat, commitOffsetsIfNecessary, active, done }: BatchStep) {
    for (const message of batch.messages) {
      if (!active()) return;
      const handled = await this.process(batch.topic, batch.partition, message, heartbeat, active);
      if (!handled) return; // stopping mid-retry: leave the offset for the next owner
      done(message);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  private async eachBatchInBulk({ batch, heartbeat, commitOffsetsIfNecessary, active, done }: BatchStep) {
    const { topic, partition } = batch;
    let run: { message: KafkaMessage; event: ReceivedEvent }[] = [];
    const flush = async (): Promise<boolean> => {
      if (run.length === 0) return true;
      const current = run;
      run = [];
      // The batch's writes serve many commands, so its span starts a trace of its own. Each event's
      // projection is also a span in the trace of the command that caused it, lasting as long as the batch
      // and naming the batch's trace, so an operator follows a command through Kafka to the writes of its
      // record; the batch's span links back to each of them.
      const attributes = {
        "messaging.system": "kafka",
        "messaging.destination.name": topic,
        "messaging.kafka.partition": partition,
        "messaging.consumer.group.name": this.options.groupId,
      };
      const projected = current.map((r) =>
        tracer.startSpan(
          `${topic} projected`,
          {
            kind: SpanKind.CONSUMER,
            attributes: { ...attributes, "messaging.kafka.offset": r.message.offset },
          },
          contextFromHeaders(headerStrings(r.message.headers)),
        ),
      );
      let failure: unknown;
      try {
        await inSpan(
          `${topic} process`,
          {
            kind: SpanKind.CONSUMER,
            attributes: {
              ...attributes,
              "messaging.operation.type": "process",
              "messaging.batch.message_count": current.length,
            },
            links: projected.map((span) => ({ context: span.spanContext() })),
          },
          (span) => {
            for (const p of projected) p.setAttribute(BATCH_TRACE_ATTRIBUTE, span.spanContext().traceId);
            return this.options.handleBatch!(current.map((r) => r.event));
          },
        );
      } catch (error) {
        failure = error;
      } finally {
        for (const span of projected) {
          if (failure) span.addEvent("batch failed: projected again on its own");
          span.end();
        }
      }
      if (failure === undefined) {
        const now = Date.now();
        for (const r of current) {
          projectionMetrics.latency.record(now - Date.parse(r.event.time), { type: r.event.type });
          done(r.message);
        }
      } else {
        // One by one, so the failing event gets its retries or its dead letter and the rest go on.
        for (const r of current) {
          if (!(await this.process(topic, partition, r.message, heartbeat, active))) return false;
          done(r.message);
        }
      }
      await commitOffsetsIfNecessary();
      await heartbeat();
      return true;
    };
    for (const message of batch.messages) {
      if (!active()) return;
      const decoded = await this.decode(topic, partition, message, headerStrings(message.headers));
      if ("reason" in decoded) {
        if (!(await flush())) return;
        await this.deadLetter(topic, partition, message, decoded.reason, decoded.detail);
        done(message);
        continue;
      }
      run.push({ message, event: decoded });
    }
    await flush();
  }

  /** Handles one message; false when the consumer stopped before it could. */
  private async process(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
    active: () => boolean,
  ): Promise<boolean> {
    const headers = headerStrings(message.headers);
    const parent = contextFromHeaders(headers);
    return inSpan(
      `${topic} process`,
      {
        kind: SpanKind.CONSUMER,
        parent,
        attributes: {
          "messaging.system": "kafka",
          "messaging.destination.name": topic,
          "messaging.operation.type": "process",
          "messaging.kafka.partition": partition,
          "messaging.kafka.offset": message.offset,
          "messaging.consumer.group.name": this.options.groupId,
        },
      },
      async () => {
        const decoded = await this.decode(topic, partition, message, headers);
        if ("reason" in decoded) {
          await this.deadLetter(topic, partition, message, decoded.reason, decoded.detail);
          return true;
        }
        trace.getActiveSpan()?.setAttribute("cloudevents.event_type", decoded.type);
        let delay = this.options.retry?.initialMs ?? 200;
        let sameFailures = 0;
        let lastKind = "";
        for (;;) {
          try {
            await this.options.handle(decoded);
            projectionMetrics.latency.record(Date.now() - Date.parse(decoded.time), { type: decoded.type });
            return true;
          } catch (error) {
            if (error instanceof PoisonMessageError || error instanceof ValidationError) {
              await this.deadLetter(topic, partition, message, "invalid", (error as Error).message);
              return true;
            }
            if (!isTransient(error)) {
              const kind = `${(error as Error).name}: ${(error as Error).message}`;
              sameFailures = kind === lastKind ? sameFailures + 1 : 1;
              lastKind = kind;
              if (sameFailures >= (this.options.maxHandlerFailures ?? 5)) {
                await this.deadLetter(
                  topic,
                  partition,
                  message,
                  "handler-failed",
                  `${sameFailures} times: ${kind}`,
                );
                return true;
              }
            }
            if (!active()) return false;
            this.options.logger.warn(
              { err: error, topic, partition, offset: message.offset, retryInMs: delay },
              "projection failed; retrying the same message",
            );
            await heartbeat().catch(() => undefined);
            await new Promise((r) => setTimeout(r, delay));
            if (!active()) return false;
            delay = Math.min(delay * 2, this.options.retry?.maxMs ?? 10_000);
          }
        }
      },
    );
  }

  private async decode(
    topic: string,
    partition: number,
    message: KafkaMessage,
    headers: Record<string, string>,
  ): Promise<ReceivedEvent | { reason: PoisonReason; detail: string }> {
    let attributes: CloudEventAttributes;
    try {
      attributes = readCloudEvent(headers);
    } catch (error) {
      if (error instanceof InvalidCloudEventError) return { reason: "undecodable", detail: error.message };
      throw error;
    }
    if (!this.options.codec.knows(attributes.type)) {
      return { reason: "unknown-type", detail: `no projection knows event type ${attributes.type}` };
    }
    if (!message.value || message.value.length === 0) {
      return { reason: "undecodable", detail: `empty value for ${attributes.type}` };
    }
    const misplaced = await this.misplaced(topic, partition, message.key);
    if (misplaced) return { reason: "invalid", detail: misplaced };
    try {
      const event = this.options.codec.decode(attributes.type, message.value ?? Buffer.alloc(0));
      return {
        ...attributes,
        event,
        key: message.key?.toString() ?? "",
        topic,
        partition,
        offset: message.offset,
      };
    } catch (error) {
      const reason = error instanceof UnknownEventTypeError ? "unknown-type" : "undecodable";
      return { reason, detail: `value is not a valid ${attributes.type}: ${(error as Error).message}` };
    }
  }

  /** With `checkPartitioning`: why the message is not where its key puts it, or undefined. */
  private async misplaced(topic: string, partition: number, key: Buffer | null): Promise<string | undefined> {
    if (!this.options.checkPartitioning) return undefined;
    if (!key || key.length === 0) return `no message key: partition ${partition} cannot be checked`;
    let count = this.partitionCounts.get(topic);
    if (count === undefined || partition >= count) {
      this.admin ??= this.options.kafka.admin();
      await this.admin.connect();
      const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
      count = topics[0]?.partitions.length ?? 0;
      this.partitionCounts.set(topic, count);
    }
    const expected = partitionOf(key, count);
    if (expected === partition) return undefined;
    return `message key ${key.toString()} maps to partition ${expected} of ${count} (the producers' partitioner), but the message is on partition ${partition}`;
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: PoisonReason,
    detail: string,
  ) {
    this.poisonCount++;
    if (this.options.onPoison === "count") {
      this.options.logger.info(
        { topic, partition, offset: message.offset, reason },
        "replay skipped a poison message",
      );
      return;
    }
    const { producer, topic: dlqTopic } = this.options.deadLetter;
    const headers: IHeaders = {
      ...(message.headers ?? {}),
      dlq_reason: reason,
      dlq_detail: detail,
      dlq_source_topic: topic,
      dlq_source_partition: String(partition),
      dlq_source_offset: message.offset,
      dlq_consumer_group: this.options.groupId,
      dlq_failed_at: new Date().toISOString(),
    };
    await producer.send({
      topic: dlqTopic,
      messages: [{ key: message.key, value: message.value, headers }],
      acks: -1,
    });
    projectionMetrics.poison.add(1, { reason, topic });
    this.options.logger.warn(
      { topic, partition, offset: message.offset, reason, detail },
      "message sent to the dead-letter topic",
    );
  }
}

export interface ReplayProgress {
  handled: number;
  total: number;
  /** Poison messages met on the way (not sent to the DLQ again: normal running did that). */
  skipped: number;
}

/**
 * A replay cannot give the whole history: a partition no longer starts at offset 0, so its first records
 * were deleted (retention, or `deleteRecords`). `replayTopics` throws it before and while it reads, so a
 * rebuild never takes a partial replay for the whole history.
 */
export class TopicHistoryDeletedError extends Error {
  constructor(
    readonly partitions: ReadonlyArray<{ topic: string; partition: number; lowWatermark: string }>,
  ) {
    super(
      `cannot replay the whole history: ${partitions
        .map((p) => `${p.topic} partition ${p.partition} starts at offset ${p.lowWatermark}, not 0`)
        .join("; ")} (its earlier records were deleted; README: Topics keep their whole history)`,
    );
    this.name = "TopicHistoryDeletedError";
  }
}

/**
 * Reads the topics from the beginning with a fresh consumer group and hands every event to `handle`
 * (which should write into fresh collections). When it reaches the end it looked up at the start, it
 * looks again and goes on until an end it reaches has not moved: what arrived during the replay is in
 * too, so a switch-over right after misses only what arrives in that instant (which the live consumer
 * projects anyway). Poison messages are counted, not dead-lettered a second time. Throws
 * `TopicHistoryDeletedError` when a partition does not start at offset 0 (checked at the start and at each
 * end it looks up), instead of reporting a partial replay as whole.
 */
export async function replayTopics(
  options: Omit<ProjectionConsumerOptions, "groupId" | "fromBeginning" | "onPoison"> & {
    groupPrefix: string;
    onProgress?: (progress: ReplayProgress) => void;
    timeoutMs?: number;
  },
): Promise<ReplayProgress> {
  const admin = options.kafka.admin();
  await admin.connect();
  const groupId = `${options.groupPrefix}-replay-${randomUUID()}`;
  try {
    const ends = async () => {
      const targets = new Map<string, { low: bigint; high: bigint }>();
      const deleted: Array<{ topic: string; partition: number; lowWatermark: string }> = [];
      for (const topic of options.topics) {
        for (const p of await admin.fetchTopicOffsets(topic)) {
          if (BigInt(p.low) !== 0n) deleted.push({ topic, partition: p.partition, lowWatermark: p.low });
          if (BigInt(p.high) > BigInt(p.low))
            targets.set(`${topic}:${p.partition}`, { low: BigInt(p.low), high: BigInt(p.high) });
        }
      }
      if (deleted.length > 0) throw new TopicHistoryDeletedError(deleted);
      return targets;
    };
    let targets = await ends();
    const totalOf = (t: typeof targets) => [...t.values()].reduce((n, x) => n + Number(x.high - x.low), 0);
    const consumer = new ProjectionConsumer({
      ...options,
      groupId,
      fromBeginning: true,
      reportLag: false,
      onPoison: "count",
    });
    const progress = (): ReplayProgress => {
      let handled = 0;
      for (const [key, target] of targets) {
        const at = consumer.positions.get(key);
        if (at !== undefined) handled += Number((at < target.high ? at + 1n : target.high) - target.low);
      }
      return { handled, total: totalOf(targets), skipped: consumer.poisonCount };
    };
    await consumer.start();
    const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
    try {
      for (;;) {
        const now = progress();
        options.onProgress?.(now);
        if (now.handled >= now.total) {
          const later = await ends();
          if (totalOf(later) === now.total) return now;
          targets = later; // more arrived while replaying: catch up with it too
          continue;
        }
        if (Date.now() > deadline)
          throw new Error(`replay timed out after ${now.handled} of ${now.total} messages`);
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await consumer.stop();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
  } finally {
    await admin.disconnect();
  }
}
