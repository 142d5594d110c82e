import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { postingsV1 } from "@hr/proto";
import { dropDatabase, testInfra, testNamespace, waitFor } from "@hr/testing";
import { type Admin, type Consumer, Kafka, type KafkaMessage, logLevel, type Producer } from "kafkajs";
import { type Db, MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventStore, ensureTopics, headerStrings, OutboxRelay, silentLogger } from "../src";
import { ledgerCodec, posting, type RecordPosting, recordPosting, streamOf } from "./example/posting-ledger";

const ns = testNamespace();
const infra = testInfra();
const kafka = new Kafka({ brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING });
let client: MongoClient;
let producer: Producer;
let admin: Admin;
const consumers: Consumer[] = [];
const databases: string[] = [];

beforeAll(async () => {
  client = await MongoClient.connect(infra.mongoUri);
  producer = kafka.producer({ maxInFlightRequests: 1 });
  await producer.connect();
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  for (const c of consumers) await c.disconnect();
  await producer.disconnect();
  await admin.disconnect();
  for (const name of databases) await dropDatabase(infra.mongoUri, name);
  await client.close();
});

async function freshStore(name: string): Promise<{ db: Db; store: EventStore; topic: string }> {
  const db = client.db(`${ns.dbName}_${name}`);
  databases.push(db.databaseName);
  const store = new EventStore(db);
  await store.init();
  const topic = ns.topic(`outbox-${name}`);
  await ensureTopics(admin, [topic], 3);
  return { db, store, topic };
}

function relayFor(setup: { db: Db; store: EventStore; topic: string }, holderId: string) {
  return new OutboxRelay({
    ...setup,
    producer,
    source: "/hr/example",
    codec: ledgerCodec,
    logger: silentLogger,
    holderId,
    idleMs: 50,
    leaseTtlMs: 2_000,
  });
}

/** Collects everything on the topic from the beginning. */
async function collect(topic: string): Promise<KafkaMessage[]> {
  const messages: KafkaMessage[] = [];
  const consumer = kafka.consumer({ groupId: `${topic}-reader-${Math.random()}` });
  consumers.push(consumer);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
  return messages;
}

const record = (store: EventStore, cmd: RecordPosting) => recordPosting(store, cmd, { maxRetries: 50 });
const cmd = (employeeId: string, postingId: string) => posting(employeeId, postingId, "2024-10-01");

/** Per employee, the first delivery of each event must come in stream order and none may be missing. */
function expectCompleteAndOrdered(messages: KafkaMessage[], expected: Map<string, number>) {
  const seen = new Map<string, number[]>();
  for (const m of messages) {
    const h = headerStrings(m.headers);
    const list = seen.get(h.ce_subject!) ?? [];
    const seq = Number(h.ce_sequence);
    if (!list.includes(seq)) list.push(seq);
    seen.set(h.ce_subject!, list);
  }
  for (const [employee, count] of expected) {
    expect(seen.get(employee), `events of ${employee}`).toEqual(
      Array.from({ length: count }, (_, i) => i + 1),
    );
  }
}

describe("outbox relay against the real broker and store", () => {
  it("publishes stored events as CloudEvents with a protobuf value, then reports no backlog", async () => {
    const setup = await freshStore("headers");
    const relay = relayFor(setup, "solo");
    await record(setup.store, cmd("E100", "p1"));
    expect(await relay.backlog()).toBe(1);
    const messages = await collect(setup.topic);
    await relay.start();
    try {
      await waitFor(async () => (messages.length >= 1 ? true : undefined), {
        timeoutMs: 20_000,
        what: "the event on Kafka",
      });
      const [message] = messages;
      const headers = headerStrings(message!.headers);
      const [stored] = (await setup.store.readStream(streamOf("E100"))).events;
      expect(message!.key?.toString()).toBe("E100");
      expect(headers).toMatchObject({
        ce_specversion: "1.0",
        ce_id: stored!.eventId,
        ce_source: "/hr/example",
        ce_type: "hr.postings.v1.PostingRecorded",
        ce_subject: "E100",
        ce_time: stored!.recordedAt.toISOString(),
        ce_effectivedate: "2024-10-01",
        "content-type": "application/protobuf",
      });
      expect(postingsV1.PostingRecorded.decode(message!.value!)).toMatchObject({
        employeeId: "E100",
        postingId: "p1",
      });
      await waitFor(async () => ((await relay.backlog()) === 0 ? true : undefined), {
        timeoutMs: 10_000,
        what: "no backlog",
      });
    } finally {
      await relay.stop();
    }
  });

  it("keeps per-employee order with two relay instances running, also across a handover", async () => {
    const setup = await freshStore("two-relays");
    const a = relayFor(setup, "relay-a");
    const b = relayFor(setup, "relay-b");
    const messages = await collect(setup.topic);
    await a.start();
    await b.start();
    const employees = ["E1", "E2", "E3", "E4"];
    const perEmployee = 15;
    const writes = employees.flatMap((e) => Array.from({ length: perEmployee }, (_, i) => ({ e, i })));
    // Concurrent writers, several per stream, while both relays poll.
    await Promise.all(
      [0, 1, 2].map(async (lane) => {
        for (const w of writes.filter((_, i) => i % 3 === lane))
          await record(setup.store, cmd(w.e, `p${w.i}`));
      }),
    );
    await a.stop(); // hands the lease over mid-stream
    for (const e of employees) await record(setup.store, cmd(e, "after-handover"));
    const total = employees.length * (perEmployee + 1);
    await waitFor(
      async () =>
        new Set(messages.map((m) => headerStrings(m.headers).ce_id)).size >= total ? true : undefined,
      {
        timeoutMs: 30_000,
        what: `${total} distinct events on Kafka`,
      },
    );
    await b.stop();
    expectCompleteAndOrdered(messages, new Map(employees.map((e) => [e, perEmployee + 1])));
  });

  it("loses nothing when the relay process is killed between storing and publishing", async () => {
    const setup = await freshStore("crash");
    const messages = await collect(setup.topic);
    const count = 30;
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        fileURLToPath(new URL("./example/relay-child.ts", import.meta.url)),
        infra.mongoUri,
        setup.db.databaseName,
        infra.kafkaBrokers.join(","),
        setup.topic,
        String(count),
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", (code) => reject(new Error(`child exited early with ${code}`)));
      child.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("published 3")) {
          child.kill("SIGKILL"); // dies with 27 of 30 commits stored and not yet published
          resolve();
        }
      });
    });
    await new Promise((r) => child.once("exit", r));
    expect(await relayFor(setup, "probe").backlog()).toBe(count - 3);

    // The restarted relay waits for the dead holder's lease to expire, then publishes the rest.
    const restarted = relayFor(setup, "restarted");
    await restarted.start();
    try {
      await waitFor(
        async () =>
          new Set(messages.map((m) => headerStrings(m.headers).ce_id)).size >= count ? true : undefined,
        {
          timeoutMs: 30_000,
          what: `all ${count} stored events on Kafka`,
        },
      );
    } finally {
      await restarted.stop();
    }
    const stored = new Set<string>();
    for await (const s of setup.store.readAllStreams()) for (const e of s.events) stored.add(e.eventId);
    expect(new Set(messages.map((m) => headerStrings(m.headers).ce_id))).toEqual(stored);
    expectCompleteAndOrdered(
      messages,
      new Map([
        ["K0", 10],
        ["K1", 10],
        ["K2", 10],
      ]),
    );
  });
});
