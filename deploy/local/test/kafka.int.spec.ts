// Smoke test of the run's real broker: produce and consume with KafkaJS, and a consumer group that
// stops and, restarted, resumes from its committed offset.

import { type Consumer, Kafka, logLevel, Partitioners, type Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTopics, testInfra, testNamespace, waitFor } from "../../../packages/testing/src/index";

const { kafkaBrokers } = testInfra();
const ns = testNamespace();
const kafka = new Kafka({ clientId: `smoke-${ns.id}`, brokers: kafkaBrokers, logLevel: logLevel.ERROR });
let producer: Producer;
const consumers: Consumer[] = [];

/** Starts a consumer in `groupId` that commits each message's offset as soon as it has it. */
async function consume(groupId: string, topic: string, sink: string[]): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId });
  consumers.push(consumer);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      sink.push(message.value?.toString() ?? "");
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    },
  });
  return consumer;
}

async function send(topic: string, values: string[]): Promise<void> {
  await producer.send({ topic, messages: values.map((value, i) => ({ key: `k${i}`, value })) });
}

beforeAll(async () => {
  await createTopics(kafkaBrokers, [ns.topic("roundtrip"), ns.topic("resume")]);
  producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
});

afterAll(async () => {
  await Promise.all(consumers.map((c) => c.disconnect()));
  await producer?.disconnect();
});

describe("local Kafka broker", () => {
  it("delivers produced messages, with key and headers, to a consumer", async () => {
    const topic = ns.topic("roundtrip");
    await producer.send({
      topic,
      messages: [{ key: "E1", value: "hello", headers: { ce_type: "smoke.v1.Hello" } }],
    });
    const consumer = kafka.consumer({ groupId: `${ns.id}.roundtrip` });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const got: { key: string; value: string; type: string }[] = [];
    await consumer.run({
      eachMessage: async ({ message }) => {
        got.push({
          key: message.key?.toString() ?? "",
          value: message.value?.toString() ?? "",
          type: message.headers?.ce_type?.toString() ?? "",
        });
      },
    });
    await waitFor(async () => (got.length > 0 ? got : undefined), { timeoutMs: 30_000, what: "the message" });
    expect(got).toEqual([{ key: "E1", value: "hello", type: "smoke.v1.Hello" }]);
  });

  it("lets a restarted consumer group resume from its committed offset", async () => {
    const topic = ns.topic("resume");
    const group = `${ns.id}.resume`;
    await send(topic, ["m1", "m2", "m3"]);

    const first: string[] = [];
    const c1 = await consume(group, topic, first);
    await waitFor(async () => (first.length >= 3 ? true : undefined), {
      timeoutMs: 30_000,
      what: "the first consumer to read m1..m3",
    });
    await c1.disconnect();
    expect(first.sort()).toEqual(["m1", "m2", "m3"]);

    await send(topic, ["m4", "m5"]);
    const second: string[] = [];
    await consume(group, topic, second);
    await waitFor(async () => (second.length >= 2 ? true : undefined), {
      timeoutMs: 30_000,
      what: "the restarted consumer to read m4..m5",
    });
    // Give a wrongly rewound consumer time to show the old messages too.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(second.sort()).toEqual(["m4", "m5"]);
  });
});
