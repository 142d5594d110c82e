import { testInfra, testNamespace } from "@hr/testing";
import { ConfigResourceTypes, Kafka, logLevel } from "kafkajs";
import { describe, expect, it } from "vitest";
import { ensureTopics, ProjectionConsumer, silentLogger, TopicDropsHistoryError } from "../src";
import { ledgerCodec, ledgerService } from "./example/posting-ledger";
import { startLedger } from "./example/start-ledger";

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

/** The topic's settings as the broker reports them (its own, else the broker's defaults). */
async function topicSettings(topic: string): Promise<Record<string, string>> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
    });
    return Object.fromEntries((resources[0]?.configEntries ?? []).map((e) => [e.configName, e.configValue]));
  } finally {
    await admin.disconnect();
  }
}

/** A topic created the way an operator might have before: with the broker's usual 7-day retention. */
async function createTopicWith(topic: string, settings: Record<string, string>) {
  const admin = kafka().admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: 3,
          configEntries: Object.entries(settings).map(([name, value]) => ({ name, value })),
        },
      ],
    });
  } finally {
    await admin.disconnect();
  }
}

describe("topics keep their whole history", () => {
  it("a topic a service creates has no time or size limit and is not compacted", async () => {
    process.env.LOG_LEVEL = "silent";
    const own = testNamespace();
    const service = await startLedger(own);
    try {
      expect(await topicSettings(own.topic(ledgerService.topic))).toMatchObject({
        "retention.ms": "-1",
        "retention.bytes": "-1",
        "cleanup.policy": "delete",
      });
    } finally {
      await service.stop();
    }
  });

  it("a service refuses to start on a topic that would drop history, naming the topic, the setting and the fix", async () => {
    process.env.LOG_LEVEL = "silent";
    const own = testNamespace();
    const topic = own.topic(ledgerService.topic);
    await createTopicWith(topic, { "retention.ms": "604800000" });
    const started = startLedger(own);
    await expect(started).rejects.toThrow(TopicDropsHistoryError);
    await expect(started).rejects.toThrow(`topic ${topic} has retention.ms=604800000`);
    await expect(started).rejects.toThrow(
      `kafka-configs.sh --bootstrap-server <broker> --alter --entity-type topics --entity-name ${topic} --add-config retention.ms=-1`,
    );
  });

  it("refuses a compacted topic or one with a size limit, and accepts it once altered as the message says", async () => {
    const compacted = ns.topic("compacted");
    const bounded = ns.topic("bounded");
    await createTopicWith(compacted, { "cleanup.policy": "compact", "retention.ms": "-1" });
    await createTopicWith(bounded, { "retention.ms": "-1", "retention.bytes": "1073741824" });
    const admin = kafka().admin();
    await admin.connect();
    try {
      const refused = await ensureTopics(admin, [compacted, bounded], 3).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(TopicDropsHistoryError);
      expect((refused as TopicDropsHistoryError).problems).toEqual([
        { topic: compacted, setting: "cleanup.policy", value: "compact" },
        { topic: bounded, setting: "retention.bytes", value: "1073741824" },
      ]);
      // What the message tells an operator to run (kafka-configs.sh --alter --add-config ...).
      await admin.alterConfigs({
        validateOnly: false,
        resources: [compacted, bounded].map((name) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
          configEntries: [
            { name: "retention.ms", value: "-1" },
            { name: "retention.bytes", value: "-1" },
            { name: "cleanup.policy", value: "delete" },
          ],
        })),
      });
      await ensureTopics(admin, [compacted, bounded], 3);
    } finally {
      await admin.disconnect();
    }
  });

  it("a consumer refuses to start on a topic that would drop history, also one created without ensureTopics", async () => {
    const topic = ns.topic("consumed-7-days");
    await createTopicWith(topic, { "retention.ms": "604800000" });
    const consumer = new ProjectionConsumer({
      kafka: kafka(),
      groupId: ns.topic("consumed-7-days-group"),
      topics: [topic],
      codec: ledgerCodec,
      handle: async () => undefined,
      deadLetter: { topic: ns.topic("unused-dlq"), producer: kafka().producer() },
      logger: silentLogger,
      reportLag: false,
    });
    await expect(consumer.start()).rejects.toThrow(`topic ${topic} has retention.ms=604800000`);
  });
});
