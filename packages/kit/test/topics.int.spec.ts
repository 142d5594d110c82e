import { testInfra, testNamespace } from "@hr/testing";
import { Kafka, logLevel } from "kafkajs";
import { describe, expect, it } from "vitest";
import { ensureTopics } from "../src";

const ns = testNamespace();
const infra = testInfra();
const kafka = () => new Kafka({ brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });

describe("ensureTopics", () => {
  // Services start together and create each other's topics (hr-sync those it consumes): the one that
  // finds a topic another created a moment ago must still return only once a consumer can subscribe.
  it("returns only when every partition has a leader, also for topics another process is creating", async () => {
    const a = kafka().admin();
    const b = kafka().admin();
    await Promise.all([a.connect(), b.connect()]);
    try {
      for (let round = 0; round < 5; round++) {
        const topics = [ns.topic(`ensure-${round}-x`), ns.topic(`ensure-${round}-y`)];
        await Promise.all([ensureTopics(a, topics, 3), ensureTopics(b, [...topics].reverse(), 3)]);
        for (const admin of [a, b]) {
          const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
          expect(metadata.map((t) => t.partitions.filter((p) => p.leader >= 0).length)).toEqual([3, 3]);
        }
        const consumer = kafka().consumer({ groupId: ns.topic(`ensure-${round}`) });
        await consumer.connect();
        try {
          await consumer.subscribe({ topics, fromBeginning: true });
        } finally {
          await consumer.disconnect();
        }
      }
    } finally {
      await Promise.all([a.disconnect(), b.disconnect()]);
    }
  });
});
