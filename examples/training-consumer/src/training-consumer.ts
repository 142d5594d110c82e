// A consumer of hr.training.v1 for another department: its own consumer group, the CloudEvents headers read,
// the value decoded with generated types, each event handled once in effect although Kafka delivers at least
// once (a redelivery carries the same ce_id, so a unique index on it tells the first delivery from a repeat).
import { type Consumer, type IHeaders, Kafka, logLevel } from "kafkajs";
import type { Collection, Db } from "mongodb";
import { decodeTrainingEvent } from "./training-events";

/** What a handler gets: the CloudEvents attributes and the decoded event. */
export interface TrainingEvent {
  id: string;
  type: string;
  employeeId: string;
  effectiveDate: string | undefined;
  recordedAt: string;
  data: Record<string, unknown>;
}

export interface TrainingConsumerOptions {
  brokers: string[];
  /** A group of your own department, e.g. `finance.training-kpis`: never one of the HR services' groups. */
  groupId: string;
  topic?: string;
  /** Where the ids of handled events are kept (collection `handled_events`). */
  db: Db;
  /** Your work: called once per event (not again on a redelivery), in order per employee. */
  handle(event: TrainingEvent): Promise<void>;
  log?: (line: string) => void;
}

function header(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return value === undefined ? undefined : String(Array.isArray(value) ? value[0] : value);
}

/** Records `id` as handled; one already recorded (MongoDB duplicate key, 11000) is fine. */
async function markHandled(handled: Collection<{ _id: string }>, id: string): Promise<void> {
  try {
    await handled.insertOne({ _id: id });
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
}

export async function startTrainingConsumer(
  options: TrainingConsumerOptions,
): Promise<{ stop(): Promise<void> }> {
  const log = options.log ?? ((line: string) => console.log(line));
  const handled = options.db.collection<{ _id: string }>("handled_events");
  const kafka = new Kafka({ clientId: options.groupId, brokers: options.brokers, logLevel: logLevel.WARN });
  const consumer: Consumer = kafka.consumer({ groupId: options.groupId });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic ?? "hr.training.v1", fromBeginning: true });
  await consumer.run({
    // The offset is committed only after this returns: a crash before means a redelivery, never a loss.
    eachMessage: async ({ message, partition }) => {
      const id = header(message.headers, "ce_id");
      const type = header(message.headers, "ce_type");
      if (!id || !type || !message.value) {
        log(
          `skipped a record without CloudEvents headers (partition ${partition}, offset ${message.offset})`,
        );
        return;
      }
      const data = decodeTrainingEvent(type, message.value);
      if (!data) return; // a type this consumer does not use
      // Handle first, then remember: a crash in between handles it again, so handle() should be idempotent
      // too when it writes somewhere; remembering first would lose the event on such a crash.
      if (await handled.findOne({ _id: id })) return;
      await options.handle({
        id,
        type,
        employeeId: header(message.headers, "ce_subject") ?? String(message.key),
        effectiveDate: header(message.headers, "ce_effectivedate"),
        recordedAt: header(message.headers, "ce_time") ?? "",
        data,
      });
      await markHandled(handled, id);
    },
  });
  return { stop: () => consumer.disconnect() };
}
