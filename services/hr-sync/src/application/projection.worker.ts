import type { EventHandler, ReceivedEvent } from "@hr/kit";
import { ensureTopics, type Logger, ProjectionConsumer } from "@hr/kit";
import type { Admin, Kafka, Producer } from "kafkajs";
import { CONSUMED_TOPICS, consumedEventsCodec, DLQ_TOPIC } from "../api/events.codec";

/** The live projection's consumer group: every hr-sync instance of a deployment is a member. */
export const projectionGroupId = (topicPrefix: string) => `${topicPrefix}hr-sync`;

export interface ProjectionWorkerOptions {
  kafka: Kafka;
  producer: Producer;
  logger: Logger;
  topicPrefix: string;
  partitions: number;
  handle: EventHandler;
  /** A fetched batch at once (the kit falls back to `handle` one by one when it throws). */
  handleBatch: (events: ReceivedEvent[]) => Promise<void>;
}

/**
 * The live projection: one consumer group over the four topics, poison messages to hr.sync.dlq.v1.
 * The topics share their key (employee id) and partition count, so an employee's events of all four
 * are on the same partition number; the co-partitioned assignor gives that number of all four topics to
 * one instance, so each employee (and each department listing shard) has one writer in the group.
 */
export class ProjectionWorker {
  private consumer: ProjectionConsumer | undefined;

  constructor(private readonly options: ProjectionWorkerOptions) {}

  get groupId() {
    return projectionGroupId(this.options.topicPrefix);
  }

  async start(): Promise<void> {
    const { kafka, producer, logger, topicPrefix, partitions, handle, handleBatch } = this.options;
    const topics = CONSUMED_TOPICS.map((t) => topicPrefix + t);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [...topics, topicPrefix + DLQ_TOPIC], partitions);
      await refuseOtherPartitionCounts(admin, topics, partitions);
    } finally {
      await admin.disconnect();
    }
    this.consumer = new ProjectionConsumer({
      kafka,
      groupId: this.groupId,
      topics,
      codec: consumedEventsCodec,
      handle,
      handleBatch,
      deadLetter: { topic: topicPrefix + DLQ_TOPIC, producer },
      logger,
      coPartitioned: true,
      // Listings are sharded by the partition the key maps to: a message elsewhere would get a second writer.
      checkPartitioning: true,
    });
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  lag() {
    return this.consumer?.lag() ?? Promise.resolve([]);
  }
}

/**
 * Department listings have one shard per partition (TOPIC_PARTITIONS) and an employee's events must sit
 * on one partition number in all four topics: topics created earlier with another count would break both.
 */
async function refuseOtherPartitionCounts(admin: Admin, topics: string[], partitions: number) {
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
  const other = metadata.filter((t) => t.partitions.length !== partitions);
  if (other.length > 0) {
    const found = other.map((t) => `${t.name}: ${t.partitions.length}`).join(", ");
    throw new Error(
      `hr-sync needs ${partitions} partitions (TOPIC_PARTITIONS) on every consumed topic (${found})`,
    );
  }
}
