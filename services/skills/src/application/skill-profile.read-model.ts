import {
  type BackgroundTask,
  domainEvents,
  type EventCodec,
  type EventStore,
  ensureTopics,
  type Logger,
  ProjectionConsumer,
} from "@hr/kit";
import type { Kafka, Producer } from "kafkajs";
import type { Collection, Db } from "mongodb";
import type { SkillProfileEvent } from "../domain";
import { profileStream } from "./skill-profile.handlers";

/** One document per employee: their profile stream's events as of `version`. */
export interface SkillProfileDocument {
  _id: string;
  version: number;
  events: SkillProfileEvent[];
}

/**
 * The read model queries over many employees use (role coverage), so that none of them reads the event
 * collection: one document per employee by `_id`, kept by a consumer of the service's own topic. For the
 * employee an event names it reads the stream (by `_id`) and stores it whole, so redelivery, order and
 * duplicates do not matter; Kafka's partitioning by employee makes it the only writer of that document.
 */
export class SkillProfileReadModel {
  readonly profiles: Collection<SkillProfileDocument>;

  constructor(
    db: Db,
    private readonly store: EventStore,
  ) {
    this.profiles = db.collection<SkillProfileDocument>("skill_profiles");
  }

  /** Every profile (a document per employee, not the event history). */
  async all(): Promise<SkillProfileDocument[]> {
    return this.profiles.find({}).toArray();
  }

  async refresh(employeeId: string): Promise<void> {
    const { version, events } = await this.store.readStream<SkillProfileEvent>(profileStream(employeeId));
    await this.profiles.replaceOne(
      { _id: employeeId },
      { version, events: domainEvents(events) },
      { upsert: true },
    );
  }

  /** The consumer that keeps it, from the beginning of the service's own topic. */
  consumer(options: {
    kafka: Kafka;
    producer: Producer;
    topic: string;
    deadLetterTopic: string;
    groupId: string;
    codec: EventCodec;
    logger: Logger;
    partitions: number;
  }): BackgroundTask {
    const consumer = new ProjectionConsumer({
      kafka: options.kafka,
      groupId: options.groupId,
      topics: [options.topic],
      codec: options.codec,
      // A skill map revision is about no employee: nothing to refresh.
      handle: async (received) => {
        if (received.event.type !== "SkillMapRevisionLoaded") await this.refresh(received.subject);
      },
      deadLetter: { topic: options.deadLetterTopic, producer: options.producer },
      logger: options.logger,
    });
    return {
      start: async () => {
        const admin = options.kafka.admin();
        await admin.connect();
        try {
          await ensureTopics(admin, [options.deadLetterTopic], options.partitions);
        } finally {
          await admin.disconnect();
        }
        await consumer.start();
      },
      stop: () => consumer.stop(),
    };
  }
}
