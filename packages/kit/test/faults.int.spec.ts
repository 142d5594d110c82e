import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  credentials,
  Metadata,
  makeGenericClientConstructor,
  type ServiceError,
  status,
} from "@grpc/grpc-js";
import { freePort, type KafkaHandle, type StoreHandle, startKafka, startStore } from "@hr/local-stack";
import {
  dropDatabase,
  serviceOverrides,
  statusDetails,
  testInfra,
  testNamespace,
  waitFor,
} from "@hr/testing";
import { Kafka, type KafkaMessage, logLevel, Partitioners } from "kafkajs";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectInfrastructure,
  EventStore,
  ensureTopics,
  headerStrings,
  insertOnce,
  ProjectionConsumer,
  silentLogger,
  startEventSourcedService,
} from "../src";
import {
  LedgerServiceDefinition,
  ledgerCodec,
  ledgerRelay,
  ledgerService,
  posting,
  recordPosting,
  streamOf,
} from "./example/posting-ledger";
import { token } from "./example/start-ledger";

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

/** Everything on the topic from the start, once `count` distinct events have come (and a moment more). */
async function readAll(kafka: Kafka, topic: string, count: number): Promise<KafkaMessage[]> {
  const messages: KafkaMessage[] = [];
  const reader = kafka.consumer({ groupId: `${topic}-reader` });
  await reader.connect();
  await reader.subscribe({ topic, fromBeginning: true });
  await reader.run({ eachMessage: async ({ message }) => void messages.push(message) });
  try {
    await waitFor(
      async () =>
        new Set(messages.map((m) => headerStrings(m.headers).ce_id)).size >= count ? true : undefined,
      { timeoutMs: 30_000, what: `all ${count} events` },
    );
    await new Promise((r) => setTimeout(r, 1_000)); // duplicates behind them, if any, come too
  } finally {
    await reader.disconnect();
  }
  return messages;
}

/** Per employee, the first delivery of each event comes in stream order. */
function expectFirstDeliveriesInOrder(messages: KafkaMessage[], employees: string[]) {
  for (const employee of employees) {
    const sequence = messages
      .map((m) => headerStrings(m.headers))
      .filter((h) => h.ce_subject === employee)
      .map((h) => Number(h.ce_sequence));
    const firsts = sequence.filter((s, i) => sequence.indexOf(s) === i);
    expect(firsts, `events of ${employee}`).toEqual([...firsts].sort((a, b) => a - b));
  }
}

describe("a broker killed and restarted", () => {
  it("loses no stored event: the relay keeps them while Kafka is down and publishes them, in order, after", async () => {
    const kafkaConfig = {
      brokers: [broker.brokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    };
    const kafka = new Kafka(kafkaConfig);
    const topic = ns.topic("faults");
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [topic], 3);
    await admin.disconnect();
    const db = client.db(ns.dbName);
    const store = new EventStore(db);
    await store.init();
    const relay = ledgerRelay({ store, db, kafka: kafkaConfig, topic, idleMs: 50 });
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
    }

    const messages = await readAll(kafka, topic, 11);
    const stored = new Set<string>();
    for await (const s of store.readAllStreams()) for (const e of s.events) stored.add(e.eventId);
    expect(new Set(messages.map((m) => headerStrings(m.headers).ce_id))).toEqual(stored);
    expectFirstDeliveriesInOrder(messages, ["F0", "F1"]);
  }, 240_000);
});

describe("a relay cut off from the broker for longer than its lease", () => {
  it("publishes nothing after its lease ran out; its successor publishes every event, in order, once in effect", async () => {
    // The relay as a service makes it (connectInfrastructure: the service's Kafka client settings).
    const service = await connectInfrastructure(
      {
        serviceName: "zombie",
        mongoUri: testInfra().mongoUri,
        dbName: ns.dbName,
        kafkaBrokers: [broker.brokers],
      },
      silentLogger,
    );
    const topic = ns.topic("zombie");
    await ensureTopics(service.admin, [topic], 3);
    const store = new EventStore(service.db, "zombie_events");
    await store.init();
    const leaseTtlMs = 3_000;
    const relayAs = (holderId: string) =>
      ledgerRelay({
        store,
        db: service.db,
        kafka: service.kafkaConfig,
        topic,
        holderId,
        source: `/hr/${holderId}`,
        leaseTtlMs,
        idleMs: 50,
      });
    const zombie = relayAs("zombie");
    let outcome: { published?: number; error?: string; after: number } | undefined;
    const successor = relayAs("successor");
    const record = (employeeId: string, postingId: string) =>
      recordPosting(store, posting(employeeId, postingId));
    try {
      await record("Z0", "z-before");
      expect(await zombie.publishPending()).toBe(1);

      broker.process.child.kill("SIGKILL");
      await new Promise((r) => broker.process.child.once("exit", r));
      for (let i = 0; i < 4; i++) await record(`Z${i % 2}`, `z-${i}`);
      // One round, begun under the lease while the broker is down.
      const started = Date.now();
      const round = zombie.publishPending().then(
        (published) => ({ published, after: Date.now() - started }),
        (error: Error) => ({ error: error.message, after: Date.now() - started }),
      );
      await successor.start(); // takes the lease over once the zombie's has run out
      await new Promise((r) => setTimeout(r, 2 * leaseTtlMs));
      broker = await start();
      await waitFor(async () => ((await successor.backlog()) === 0 ? true : undefined), {
        timeoutMs: 90_000,
        intervalMs: 500,
        what: "the backlog published after the restart",
      });
      outcome = await round;
    } finally {
      await successor.stop();
      await zombie.stop();
    }

    const messages = await readAll(
      new Kafka({ brokers: [broker.brokers], logLevel: logLevel.NOTHING }),
      topic,
      5,
    );
    const stored = new Set<string>();
    for await (const s of store.readAllStreams()) for (const e of s.events) stored.add(e.eventId);
    const headers = messages.map((m) => headerStrings(m.headers));
    const [first] = (await store.readStream(streamOf("Z0"))).events;
    await service.close();
    expect(
      headers.filter((h) => h.ce_source === "/hr/zombie").map((h) => h.ce_id),
      "the zombie published only before the outage",
    ).toEqual([first!.eventId]);
    expect(new Set(headers.map((h) => h.ce_id))).toEqual(stored);
    expectFirstDeliveriesInOrder(messages, ["Z0", "Z1"]);
    expect(outcome, "the zombie's round ended within its lease, publishing nothing").toMatchObject({
      error: expect.any(String),
    });
    expect(outcome!.after).toBeLessThan(leaseTtlMs);
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

describe("a store killed and restarted under a service", () => {
  it("answers commands 503 / UNAVAILABLE with retry advice within seconds, is not ready, and takes the same request once the store is back", async () => {
    const storeDir = mkdtempSync(join(tmpdir(), "hr-faults-service-store-"));
    const storePort = await freePort();
    const startOwnStore = () => startStore({ port: storePort, dataDir: storeDir, log: () => undefined });
    let store: StoreHandle = await startOwnStore();
    const service = await startEventSourcedService(ledgerService, {
      ...serviceOverrides(ns),
      dbName: `${ns.dbName}_outage`,
      mongoUri: store.uri,
      healthIntervalMs: 500,
    });
    const Client = makeGenericClientConstructor(LedgerServiceDefinition, "Ledger");
    const grpcClient = new Client(service.grpcAddress, credentials.createInsecure()) as unknown as Record<
      string,
      (request: unknown, metadata: Metadata, callback: (error: ServiceError | null) => void) => void
    > & { close(): void };
    const bearer = await token(["hr-core"]);
    const command = (postingId: string) => ({
      requestId: `outage-${postingId}`,
      postingId,
      department: "Digital Services Bureau",
      post: "ICT staff",
      effectiveDate: "2024-04-01",
    });
    const post = (postingId: string) =>
      fetch(`${service.httpUrl}/v1/employees/O1/postings`, {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
        body: JSON.stringify(command(postingId)),
      });
    const overGrpc = (postingId: string) => {
      const metadata = new Metadata();
      metadata.set("authorization", `Bearer ${bearer}`);
      return new Promise<ServiceError | null>((resolve) =>
        grpcClient.recordPosting!({ ...command(postingId), employeeId: "O1" }, metadata, resolve),
      );
    };
    try {
      expect((await post("o1")).status).toBe(200);

      store.process.child.kill("SIGKILL");
      await new Promise((r) => store.process.child.once("exit", r));

      let started = Date.now();
      const refused = await post("o2");
      expect(Date.now() - started).toBeLessThan(6_000);
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(await refused.json()).toMatchObject({ error: { code: "UNAVAILABLE" } });

      started = Date.now();
      const error = await overGrpc("o3");
      expect(Date.now() - started).toBeLessThan(6_000);
      expect(error?.code).toBe(status.UNAVAILABLE);
      const retryDelay = error && statusDetails(error)?.retryInfo?.retryDelay;
      expect(retryDelay?.seconds ?? 0).toBeGreaterThanOrEqual(1);

      const readiness = await fetch(`${service.httpUrl}/readyz`);
      expect(readiness.status).toBe(503);
      expect(await readiness.json()).toMatchObject({ checks: { store: false } });

      store = await startOwnStore();
      // The same requests, sent again as the advice says, are taken once the store answers.
      const retried = await waitFor(
        async () => {
          const reply = await post("o2");
          return reply.status === 200 ? reply : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 1_000, what: "the command taken after the store came back" },
      );
      expect(await retried.json()).toEqual({ postingId: "o2", version: 2 });
      expect(await overGrpc("o3")).toBeNull();
      expect((await fetch(`${service.httpUrl}/readyz`)).status).toBe(200);
      expect((await service.store.readStream(streamOf("O1"))).events).toHaveLength(3);
    } finally {
      grpcClient.close();
      await service.stop();
      await store.stop();
      rmSync(storeDir, { recursive: true, force: true });
    }
  }, 180_000);
});
