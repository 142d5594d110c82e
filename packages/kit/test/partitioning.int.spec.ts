import { randomUUID } from "node:crypto";
import { testInfra, testNamespace, waitFor } from "@hr/testing";
import { Kafka, type KafkaMessage, logLevel, Partitioners } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTopics, partitionOf } from "../src";

const ns = testNamespace();
const kafka = new Kafka({ brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING });
// As the kit's producers are made (runtime/infrastructure.ts).
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
const stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  await producer.connect();
  stops.push(() => producer.disconnect());
});

afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

async function ensure(topics: string[], partitions: number) {
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, partitions).finally(() => admin.disconnect());
}

/** Every message of the topic from the start, as a consumer sees it. */
function collect(topic: string): KafkaMessage[] & { partitions: Map<string, number> } {
  const out = Object.assign([] as KafkaMessage[], { partitions: new Map<string, number>() });
  const consumer = kafka.consumer({ groupId: `${topic}-reader-${randomUUID()}` });
  stops.push(() => consumer.disconnect());
  void (async () => {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        out.partitions.set(message.key?.toString() ?? "", partition);
        out.push(message);
      },
    });
  })();
  return out;
}

describe("key partitioning against the real broker", () => {
  it("partitionOf gives the partition kafkajs's default partitioner really chose, for every key", async () => {
    const topic = ns.topic("partitioned");
    await ensure([topic], 6);
    const keys = [
      ...Array.from({ length: 60 }, (_, i) => `E${1000 + i * 37}`),
      "Z9-x_1",
      "社員123",
      "a-little-bit-longer-string",
      randomUUID(),
    ];
    await producer.send({ topic, messages: keys.map((key) => ({ key, value: "x" })) });
    const read = collect(topic);
    await waitFor(async () => (read.length >= keys.length ? true : undefined), {
      timeoutMs: 30_000,
      what: `${keys.length} messages read back`,
    });
    const chosen = Object.fromEntries(keys.map((key) => [key, read.partitions.get(key)]));
    expect(new Set(Object.values(chosen)).size).toBe(6); // the keys spread over every partition
    expect(Object.fromEntries(keys.map((key) => [key, partitionOf(key, 6)]))).toEqual(chosen);
  });
});
