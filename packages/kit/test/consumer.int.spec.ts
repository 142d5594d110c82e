import { randomUUID } from "node:crypto";
import { postingsV1 } from "@hr/proto";
import { dropDatabase, testInfra, testNamespace, waitFor } from "@hr/testing";
import { type Consumer, type IHeaders, Kafka, type KafkaMessage, logLevel, type Producer } from "kafkajs";
import { type Collection, type Db, MongoClient, MongoServerError } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ensureTopics,
  headerStrings,
  insertOnce,
  ProjectionConsumer,
  partitionOf,
  type ReceivedEvent,
  replayTopics,
  silentLogger,
  TopicHistoryDeletedError,
  ValidationError,
} from "../src";
import { ledgerCodec } from "./example/posting-ledger";

const ns = testNamespace();
const infra = testInfra();
const kafka = new Kafka({ brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });
const topic = ns.topic("consumer-postings");
const dlqTopic = ns.topic("consumer-dlq");
let client: MongoClient;
let db: Db;
let producer: Producer;
const stops: Array<() => Promise<void>> = [];

interface Fact {
  _id: string;
  employeeId: string;
  postingId: string;
  effectiveDate: string;
}

/**
 * The example projection: one insert-only fact per event, keyed by the event id, so a redelivered
 * event finds its fact already there. Invalid events are refused as poison; `flaky-` postings fail
 * twice first, as a store hiccup would.
 */
function projection(facts: Collection<Fact>, attempts: Map<string, number>) {
  return async (received: ReceivedEvent) => {
    const data = received.event.data as postingsV1.PostingRecorded;
    if (!data.department) throw ValidationError.field("department", "must not be empty");
    const tries = (attempts.get(received.id) ?? 0) + 1;
    attempts.set(received.id, tries);
    if (data.postingId.startsWith("flaky-") && tries <= 2) throw new Error("store unavailable (simulated)");
    await insertOnce(facts, {
      _id: received.id,
      employeeId: data.employeeId,
      postingId: data.postingId,
      effectiveDate: data.effectiveDate,
    });
  };
}

function headers(ceType: string, id: string, employeeId: string): IHeaders {
  return {
    ce_specversion: "1.0",
    ce_id: id,
    ce_source: "/hr/example",
    ce_type: ceType,
    ce_subject: employeeId,
    ce_time: new Date().toISOString(),
    "content-type": "application/protobuf",
  };
}

function posting(
  employeeId: string,
  postingId: string,
  department = "Digital Services Bureau",
  id = randomUUID(),
) {
  return {
    key: employeeId,
    headers: headers("hr.postings.v1.PostingRecorded", id, employeeId),
    value: Buffer.from(
      postingsV1.PostingRecorded.encode(
        postingsV1.PostingRecorded.fromPartial({
          employeeId,
          postingId,
          department,
          post: "ICT",
          effectiveDate: "2024-06-01",
        }),
      ).finish(),
    ),
  };
}

async function ensure(topics: string[], partitions: number) {
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, topics, partitions).finally(() => admin.disconnect());
}

async function collect(from: string): Promise<KafkaMessage[]> {
  const out: KafkaMessage[] = [];
  const consumer: Consumer = kafka.consumer({ groupId: `${from}-reader-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: from, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void out.push(message) });
  stops.push(() => consumer.disconnect());
  return out;
}

beforeAll(async () => {
  client = await MongoClient.connect(infra.mongoUri);
  db = client.db(ns.dbName);
  await ensure([topic, dlqTopic, ns.topic("replay-dlq")], 3);
  producer = kafka.producer();
  await producer.connect();
});

afterAll(async () => {
  for (const stop of stops) await stop();
  await producer.disconnect();
  await dropDatabase(infra.mongoUri, ns.dbName);
  await client.close();
});

describe("consumer runtime against the real broker", () => {
  it("projects once per event, dead-letters poison with the reason, retries transient failures, and replays identically", async () => {
    const facts = db.collection<Fact>("facts");
    const consumer = new ProjectionConsumer({
      kafka,
      groupId: ns.topic("projection"),
      topics: [topic],
      codec: ledgerCodec,
      handle: projection(facts, new Map()),
      deadLetter: { topic: dlqTopic, producer },
      logger: silentLogger,
      retry: { initialMs: 50, maxMs: 200 },
    });
    const dead = await collect(dlqTopic);
    await consumer.start();
    stops.push(() => consumer.stop());

    const duplicated = posting("E1", "p1");
    await producer.send({
      topic,
      messages: [
        duplicated,
        duplicated, // redelivery: same ce_id
        {
          key: "E1",
          headers: headers("hr.postings.v1.PostingRecorded", randomUUID(), "E1"),
          value: Buffer.from([0xff, 0xff, 0xff]),
        },
        {
          key: "E1",
          headers: headers("hr.postings.v1.NoSuchEvent", randomUUID(), "E1"),
          value: Buffer.alloc(0),
        },
        { key: "E1", headers: { ce_id: randomUUID() }, value: Buffer.from("not a cloudevent") },
        posting("E1", "p-invalid", ""),
        posting("E1", "p2"), // right behind the poison on the same partition (same key)
        posting("E2", "flaky-p3"),
      ],
    });

    await waitFor(async () => ((await facts.countDocuments()) >= 3 ? true : undefined), {
      timeoutMs: 30_000,
      what: "three facts projected",
    });
    await waitFor(async () => (dead.length >= 4 ? true : undefined), {
      timeoutMs: 20_000,
      what: "four dead letters",
    });

    const projected = await facts.find().sort({ postingId: 1 }).toArray();
    expect(projected.map((f) => f.postingId)).toEqual(["flaky-p3", "p1", "p2"]);
    const reasons = dead.map((m) => headerStrings(m.headers));
    expect(reasons.map((h) => h.dlq_reason).sort()).toEqual([
      "invalid",
      "undecodable",
      "undecodable",
      "unknown-type",
    ]);
    for (const h of reasons) {
      expect(h.dlq_source_topic).toBe(topic);
      expect(Number(h.dlq_source_partition)).toBeGreaterThanOrEqual(0);
      expect(Number(h.dlq_source_offset)).toBeGreaterThanOrEqual(0);
      expect(h.dlq_detail).toBeTruthy();
    }
    expect(reasons.find((h) => h.dlq_reason === "invalid")?.dlq_detail).toContain("department");
    expect(dead.find((m) => headerStrings(m.headers).dlq_reason === "unknown-type")?.key?.toString()).toBe(
      "E1",
    );

    await waitFor(async () => ((await consumer.lag()).every((p) => p.lag === 0) ? true : undefined), {
      timeoutMs: 20_000,
      what: "no consumer lag",
    });

    // Rebuild from the topic into a fresh collection: the same documents.
    const rebuilt = db.collection<Fact>("facts_rebuild");
    const progress: number[] = [];
    const result = await replayTopics({
      kafka,
      groupPrefix: ns.topic("projection"),
      topics: [topic],
      codec: ledgerCodec,
      handle: projection(rebuilt, new Map()),
      deadLetter: { topic: ns.topic("replay-dlq"), producer },
      logger: silentLogger,
      retry: { initialMs: 50, maxMs: 200 },
      onProgress: (p) => progress.push(p.handled),
    });
    expect(result.handled).toBe(result.total);
    expect(result.total).toBe(8);
    expect(await rebuilt.find().sort({ _id: 1 }).toArray()).toEqual(
      await facts.find().sort({ _id: 1 }).toArray(),
    );
  });

  it("refuses to replay a partition whose first records were deleted, instead of reporting it whole", async () => {
    const truncated = ns.topic("replay-truncated");
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [truncated], 1);
      await producer.send({
        topic: truncated,
        messages: [posting("E7", "t1"), posting("E7", "t2"), posting("E7", "t3")],
      });
      // What retention does to a topic that keeps 7 days: the oldest records are gone.
      await admin.deleteTopicRecords({ topic: truncated, partitions: [{ partition: 0, offset: "2" }] });
    } finally {
      await admin.disconnect();
    }
    const handled: string[] = [];
    const replay = replayTopics({
      kafka,
      groupPrefix: ns.topic("truncated"),
      topics: [truncated],
      codec: ledgerCodec,
      handle: async (received) => void handled.push(received.id),
      deadLetter: { topic: ns.topic("replay-dlq"), producer },
      logger: silentLogger,
      timeoutMs: 20_000,
    });
    const refused = await replay.catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TopicHistoryDeletedError);
    expect((refused as TopicHistoryDeletedError).partitions).toEqual([
      { topic: truncated, partition: 0, lowWatermark: "2" },
    ]);
    expect((refused as Error).message).toContain(`${truncated} partition 0 starts at offset 2, not 0`);
    expect(handled).toEqual([]);
  });

  it("with checkPartitioning, a message on another partition than its key's goes to the DLQ as invalid and the partition goes on", async () => {
    const topic = ns.topic("checked");
    const dlq = ns.topic("checked-dlq");
    await ensure([topic, dlq], 3);
    const handled: string[] = [];
    const consumer = new ProjectionConsumer({
      kafka,
      groupId: ns.topic("checked-projection"),
      topics: [topic],
      codec: ledgerCodec,
      handle: async (received: ReceivedEvent) => {
        handled.push((received.event.data as postingsV1.PostingRecorded).postingId);
      },
      deadLetter: { topic: dlq, producer },
      logger: silentLogger,
      checkPartitioning: true,
    });
    const dead = await collect(dlq);
    await consumer.start();
    stops.push(() => consumer.stop());

    const home = partitionOf("E42", 3);
    const other = (home + 1) % 3;
    // As a tool replaying a dead letter with another partitioner would put it; then, on that same
    // partition, a message that belongs there, and one without a key.
    const otherKey = ["E1", "E2", "E3", "E4", "E5", "E6"].find((k) => partitionOf(k, 3) === other) as string;
    await producer.send({ topic, messages: [{ ...posting("E42", "misplaced"), partition: other }] });
    await producer.send({ topic, messages: [{ ...posting(otherKey, "after"), partition: other }] });
    await producer.send({ topic, messages: [{ ...posting("", "keyless"), key: null, partition: other }] });
    await producer.send({ topic, messages: [posting("E42", "at-home")] });

    await waitFor(async () => (handled.length >= 2 && dead.length >= 2 ? true : undefined), {
      timeoutMs: 30_000,
      what: "two postings projected and two dead letters",
    });
    expect(handled.sort()).toEqual(["after", "at-home"]);
    // Each dead letter on the DLQ partition of its own key: compared as a set.
    const letters = dead.map((m) => headerStrings(m.headers));
    expect(
      letters
        .map((h) => [h.dlq_reason, h.dlq_detail, h.dlq_source_partition])
        .sort(([, a], [, b]) => (a ?? "").localeCompare(b ?? "")),
    ).toEqual([
      [
        "invalid",
        `message key E42 maps to partition ${home} of 3 (the producers' partitioner), but the message is on partition ${other}`,
        String(other),
      ],
      ["invalid", `no message key: partition ${other} cannot be checked`, String(other)],
    ]);
  });

  it("retries a handler that fails with a store failover error past maxHandlerFailures, instead of dead-lettering it", async () => {
    const topic = ns.topic("failover");
    const dlq = ns.topic("failover-dlq");
    await ensure([topic, dlq], 1);
    const facts = db.collection<Fact>("failover_facts");
    let failures = 0;
    const consumer = new ProjectionConsumer({
      kafka,
      groupId: ns.topic("failover-projection"),
      topics: [topic],
      codec: ledgerCodec,
      handle: async (received) => {
        const data = received.event.data as postingsV1.PostingRecorded;
        if (!data.department) throw ValidationError.field("department", "must not be empty");
        // A replica set electing a new primary: the reply the driver gets from the old one, 6 times.
        if (failures < 6) {
          failures++;
          throw new MongoServerError({
            ok: 0,
            code: 10107,
            codeName: "NotWritablePrimary",
            errmsg: "not primary",
          });
        }
        await insertOnce(facts, {
          _id: received.id,
          employeeId: data.employeeId,
          postingId: data.postingId,
          effectiveDate: data.effectiveDate,
        });
      },
      deadLetter: { topic: dlq, producer },
      logger: silentLogger,
      retry: { initialMs: 20, maxMs: 50 },
      maxHandlerFailures: 3,
    });
    const dead = await collect(dlq);
    await consumer.start();
    stops.push(() => consumer.stop());
    // Behind it on the same partition, a message that is poison: the DLQ is read, and gets only that one.
    await producer.send({ topic, messages: [posting("E9", "during-failover"), posting("E9", "bad", "")] });

    await waitFor(async () => (dead.length >= 1 ? true : undefined), {
      timeoutMs: 30_000,
      what: "the poison dead-lettered",
    });
    expect(failures).toBe(6);
    expect((await facts.find().toArray()).map((f) => f.postingId)).toEqual(["during-failover"]);
    expect(dead.map((m) => headerStrings(m.headers).dlq_reason)).toEqual(["invalid"]);
  });
});
