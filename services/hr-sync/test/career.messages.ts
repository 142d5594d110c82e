import {
  cloudEventHeaders,
  headerStrings,
  type ProtoMessageFns,
  partitionOf,
  type ReceivedEvent,
  readCloudEvent,
  type StoredEvent,
} from "@hr/kit";
import * as postingsEvents from "@hr/proto/gen/hr/postings/v1/events";
import * as secondmentEvents from "@hr/proto/gen/hr/secondment/v1/events";
import * as skillsEvents from "@hr/proto/gen/hr/skills/v1/events";
import * as trainingEvents from "@hr/proto/gen/hr/training/v1/events";
import fc from "fast-check";
import type { IHeaders } from "kafkajs";
import { consumedEventsCodec } from "../src/api/events.codec";
import type { Career, Topic } from "./careers.arbitrary";

const PACKAGES: Record<Topic, { module: Record<string, unknown>; source: string }> = {
  "hr.skills.v1": { module: skillsEvents, source: "/hr/skills" },
  "hr.training.v1": { module: trainingEvents, source: "/hr/training" },
  "hr.secondment.v1": { module: secondmentEvents, source: "/hr/secondment" },
  "hr.postings.v1": { module: postingsEvents, source: "/hr/sync" },
};

/** One event of a career as it travels: the Kafka message, and what hr-sync's consumer decodes it into. */
export interface CareerMessage {
  topic: string;
  message: { key: string; value: Buffer; headers: IHeaders };
  received: ReceivedEvent;
}

/**
 * A career's events for one employee, in recorded order, as the owning services publish them (CloudEvents
 * headers by the kit's own `cloudEventHeaders`, the value by the package's generated encoder, key = the
 * employee id) and as hr-sync's consumer reads them (headers by `readCloudEvent`, the value by the
 * consumer's codec). Offsets count per topic partition, as the broker would give them.
 */
export function careerMessages(
  career: Career,
  employeeId: string,
  { partitions, topicPrefix = "" }: { partitions: number; topicPrefix?: string },
): CareerMessage[] {
  const offsets = new Map<string, number>();
  return career.events.map((e) => {
    const data = { ...e.data, employeeId, effectiveDate: e.effectiveDate };
    const fns = PACKAGES[e.topic].module[e.type] as ProtoMessageFns<unknown>;
    const value = Buffer.from(fns.encode(fns.fromPartial(data)).finish());
    const stored: StoredEvent = {
      eventId: `${employeeId}-${e.stream}-${e.version}`,
      streamId: `${e.stream}-${employeeId}`,
      version: e.version,
      type: e.type,
      data,
      effectiveDate: e.effectiveDate,
      recordedAt: new Date(e.recordedAt),
      metadata: { requestId: `request-${e.stream}-${e.version}` },
    };
    const ceType = `${e.topic}.${e.type}`;
    const headers = cloudEventHeaders(stored, ceType, PACKAGES[e.topic].source, {});
    const topic = topicPrefix + e.topic;
    const partition = partitionOf(employeeId, partitions);
    const offset = offsets.get(`${topic}/${partition}`) ?? 0;
    offsets.set(`${topic}/${partition}`, offset + 1);
    return {
      topic,
      message: { key: employeeId, value, headers },
      received: {
        ...readCloudEvent(headerStrings(headers)),
        event: consumedEventsCodec.decode(ceType, value),
        key: employeeId,
        topic,
        partition,
        offset: String(offset),
      },
    };
  });
}

/**
 * How a career's messages reach hr-sync: shuffled (across topics, partitions and redeliveries nothing
 * holds the recorded order) and with duplicates (redeliveries after a crash, a relay publishing twice).
 */
export const deliveryArbitrary = fc.record({
  shuffle: fc.array(fc.nat(), { minLength: 1, maxLength: 64 }),
  duplicates: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 12 }),
});
export type Delivery = typeof deliveryArbitrary extends fc.Arbitrary<infer D> ? D : never;

export function deliver<T>(items: readonly T[], { shuffle, duplicates }: Delivery): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = shuffle[i % shuffle.length]! % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  if (!items.length) return out;
  for (const [which, where] of duplicates)
    out.splice(where % (out.length + 1), 0, items[which % items.length]!);
  return out;
}
