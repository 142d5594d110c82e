import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, type KafkaHandle, type StoreHandle, startKafka, startStore } from "@hr/local-stack";
import { dropDatabase, testInfra, testNamespace, waitFor } from "@hr/testing";
import { Kafka, type KafkaMessage, logLevel, Partitioners } from "kafkajs";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EventStore,
  ensureTopics,
  headerStrings,
  insertOnce,
  ProjectionConsumer,
  silentLogger,
} from "../src";
import { ledgerCodec, ledgerRelay, posting, recordPosting } from "./example/posting-ledger";

/**
 * A broker, then a store, that die and come back. This file runs its own Kafka and its own store (from
 * the local stack's cache, on loopback) so that killing them does not disturb the other spec files.
 */
const ns = testNamespace();
const dataDir = mkdtempSync(join(tmpdir(), "hr-faults-"));
let ports: { port: number; controllerPort: number };
let broker: KafkaHandle;
let client: MongoClient;

const start = () => startKafka({ ...ports, dataDir, log: () => undefined });

beforeAll(async () => {
  ports = { port: await freePort(), controllerPort: await freePort() };
  broker = await start();
  client = await MongoClient.connect(testInfra().mongoUri);
}, 180_000);

afterAll(async () => {
  await broker?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  await dropDatabase(testInfra().mongoUri, ns.dbName);
  await client.close();
});

describe("a broker killed and restarted", () => {
  it("loses no stored event: the relay keeps them while Kafka is down and publishes them, in order, after", async () => {
    const kafka = new Kafka({
      brokers: [broker.brokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    });
    const topic = ns.topic("faults");
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [topic], 3);
    await admin.disconnect();
    const producer = kafka.producer({
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const db = client.db(ns.dbName);
    const store = new EventStore(db);
    await store.init();
    const relay = ledgerRelay({ store, db, producer, topic, idleMs: 50 });
    await relay.start();
    const record = (employeeId: string, postingId: string) =>
      recordPosting(store, posting(employeeId, postingId));

    try {
      for (let i = 0; i < 5; i++) await record(`F${i % 2}`, `before-${i}`);
      await waitFor(async () => ((await relay.backlog()) === 0 ? true : undefined), {
        timeoutMs: 20_000,
        what: "the first events published",
      });

      broker.process.child.kill("SIGKILL");
      await new Promise((r) => broker.process.child.once("exit", r));
      // The store still takes commands; the events wait in the outbox.
      for (let i = 0; i < 6; i++) await record(`F${i % 2}`, `during-${i}`);
      await new Promise((r) => setTimeout(r, 1_500)); // the relay tries, fails and backs off
      expect(await relay.backlog()).toBe(6);

      broker = await start();
      await waitFor(async () => ((await relay.backlog()) === 0 ? true : undefined), {
        timeoutMs: 90_000,
        intervalMs: 500,
        what: "the backlog published after the restart",
      });
    } finally {
      await relay.stop();
      await producer.disconnect().catch(() => undefined);
    }

    const messages: KafkaMessage[] = [];
    const reader = kafka.consumer({ groupId: ns.topic("faults-reader") });
    await reader.connect();
    await reader.subscribe({ topic, fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void messages.push(message) });
    try {
      const ids = () => new Set(messages.map((m) => headerStrings(m.headers).ce_id));
      await waitFor(async () => (ids().size >= 11 ? true : undefined), {
        timeoutMs: 30_000,
        what: "all 11 events",
      });
      const stored = new Set<string>();
      for await (const s of store.readAllStreams()) for (const e of s.events) stored.add(e.eventId);
      expect(ids()).toEqual(stored);
      for (const employee of ["F0", "F1"]) {
        const sequence = messages
          .map((m) => headerStrings(m.headers))
          .filter((h) => h.ce_subject === employee)
          .map((h) => Number(h.ce_sequence));
        const firsts = sequence.filter((s, i) => sequence.indexOf(s) === i);
        expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
      }
    } finally {
      await reader.disconnect();
    }
  }, 240_000);
});

describe("a store killed and restarted under a consumer", () => {
  it("retries the projection without skipping: every event is projected once after the store is back", async () => {
    const storeDir = mkdtempSync(join(tmpdir(), "hr-faults-store-"));
    const storePort = await freePort();
    const startOwnStore = () => startStore({ port: storePort, dataDir: storeDir, log: () => undefined });
    let store: StoreHandle = await startOwnStore();
    const projectionClient = new MongoClient(store.uri, { serverSelectionTimeoutMS: 1_000 });
    const facts = projectionClient.db(ns.dbName).collection<{ _id: string; postingId: string }>("facts");
    const kafka = new Kafka({ brokers: [broker.brokers], logLevel: logLevel.NOTHING });
    const topic = ns.topic("store-faults");
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [topic, ns.topic("store-faults-dlq")], 1);
    await admin.disconnect();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const attempts = new Map<string, number>();
    const consumer = new ProjectionConsumer({
      kafka,
      groupId: ns.topic("store-faults-projection"),
      topics: [topic],
      codec: ledgerCodec,
      handle: async (received) => {
        attempts.set(received.id, (attempts.get(received.id) ?? 0) + 1);
        const data = received.event.data as unknown as { postingId: string };
        await insertOnce(facts, { _id: received.id, postingId: data.postingId });
      },
      deadLetter: { topic: ns.topic("store-faults-dlq"), producer },
      logger: silentLogger,
      retry: { initialMs: 100, maxMs: 500 },
    });
    const send = (postingId: string) =>
      producer.send({
        topic,
        messages: [
          {
            key: "S1",
            value: Buffer.from(
              ledgerCodec.encode({ type: "PostingRecorded", data: posting("S1", postingId) }),
            ),
            headers: {
              ce_specversion: "1.0",
              ce_id: `${topic}-${postingId}`,
              ce_source: "/hr/example",
              ce_type: "hr.postings.v1.PostingRecorded",
              ce_subject: "S1",
              ce_time: new Date().toISOString(),
            },
          },
        ],
      });
    try {
      await consumer.start();
      await send("p1");
      await waitFor(async () => ((await facts.countDocuments()) === 1 ? true : undefined), {
        timeoutMs: 30_000,
        what: "the first fact",
      });

      store.process.child.kill("SIGKILL");
      await new Promise((r) => store.process.child.once("exit", r));
      for (const id of ["p2", "p3", "p4"]) await send(id);
      await waitFor(async () => ((attempts.get(`${topic}-p2`) ?? 0) >= 2 ? true : undefined), {
        timeoutMs: 30_000,
        what: "the projection retrying while the store is down",
      });

      store = await startOwnStore();
      await waitFor(async () => ((await facts.countDocuments().catch(() => 0)) === 4 ? true : undefined), {
        timeoutMs: 60_000,
        intervalMs: 500,
        what: "all four facts after the store came back",
      });
      expect((await facts.find().sort({ postingId: 1 }).toArray()).map((f) => f.postingId)).toEqual([
        "p1",
        "p2",
        "p3",
        "p4",
      ]);
      await waitFor(async () => ((await consumer.lag())[0]?.lag === 0 ? true : undefined), {
        timeoutMs: 10_000,
        what: "the offsets committed",
      });
    } finally {
      await consumer.stop();
      await producer.disconnect();
      await projectionClient.close();
      await store.stop();
      rmSync(storeDir, { recursive: true, force: true });
    }
  }, 180_000);
});
