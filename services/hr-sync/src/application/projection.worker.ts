import type { EventHandler } from "@hr/kit";
import { ensureTopics, type Logger, ProjectionConsumer } from "@hr/kit";
import type { Kafka, Producer } from "kafkajs";
import { CONSUMED_TOPICS, consumedEventsCodec, DLQ_TOPIC } from "../api/events.codec";

export interface ProjectionWorkerOptions {
  kafka: Kafka;
  producer: Producer;
  logger: Logger;
  topicPrefix: string;
  partitions: number;
  handle: EventHandler;
}

/**
 * The live projection: one consumer group over the four topics, poison messages to hr.sync.dlq.v1.
 * The topics share their key (employee id) and partition count, so an employee's events of all four
 * are on the same partition number.
 */
export class ProjectionWorker {
  private consumer: ProjectionConsumer | undefined;

  constructor(private readonly options: ProjectionWorkerOptions) {}

  get groupId() {
    return `${this.options.topicPrefix}hr-sync`;
  }

  async start(): Promise<void> {
    const { kafka, producer, logger, topicPrefix, partitions, handle } = this.options;
    const topics = CONSUMED_TOPICS.map((t) => topicPrefix + t);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [...topics, topicPrefix + DLQ_TOPIC], partitions);
    } finally {
      await admin.disconnect();
    }
    this.consumer = new ProjectionConsumer({
      kafka,
      groupId: this.groupId,
      topics,
      codec: consumedEventsCodec,
      handle,
      deadLetter: { topic: topicPrefix + DLQ_TOPIC, producer },
      logger,
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
