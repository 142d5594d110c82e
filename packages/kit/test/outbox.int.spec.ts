import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { postingsV1 } from "@hr/proto";
import { dropDatabase, testInfra, testNamespace, waitFor } from "@hr/testing";
import { type Admin, type Consumer, Kafka, type KafkaMessage, logLevel } from "kafkajs";
import { type Db, MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventStore, ensureTopics, headerStrings } from "../src";
import type { AppendChildPoint } from "./example/append-child";
import {
  ledgerCodec,
  ledgerRelay,
  posting,
  type RecordPosting,
  recordPosting,
  streamOf,
} from "./example/posting-ledger";

const ns = testNamespace();
const infra = testInfra();
const kafkaConfig = { brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING };
const kafka = new Kafka(kafkaConfig);
let client: MongoClient;
let admin: Admin;
const consumers: Consumer[] = [];
const databases: string[] = [];

beforeAll(async () => {
  client = await MongoClient.connect(infra.mongoUri);
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  for (const c of consumers) await c.disconnect();
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
  return ledgerRelay({ ...setup, kafka: kafkaConfig, holderId, idleMs: 50, leaseTtlMs: 2_000 });
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

/** Runs append-child.ts, which records one posting and stops at `point` (see there). */
function appendChild(
  db: Db,
  point: AppendChildPoint,
  employeeId: string,
  requestId: string,
  maxRetries?: number,
) {
  return spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      fileURLToPath(new URL("./example/append-child.ts", import.meta.url)),
      infra.mongoUri,
      db.databaseName,
      point,
      employeeId,
      requestId,
      ...(maxRetries === undefined ? [] : [String(maxRetries)]),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
}

/** A writer that dies by SIGKILL at `crashAt`. */
async function appendAndDie(
  db: Db,
  crashAt: "after-intent" | "after-commit",
  employeeId: string,
  requestId: string,
) {
  const child = appendChild(db, crashAt, employeeId, requestId);
  child.stdout.pipe(process.stdout);
  const signal = await new Promise((resolve) => child.once("exit", (_code, s) => resolve(s)));
  expect(signal, "the child died by SIGKILL at the crash point").toBe("SIGKILL");
}

/**
 * A writer frozen (SIGSTOP) after its intent, before its commit. `resume` sends SIGCONT and returns
 * what the writer then answered its caller.
 */
async function appendAndFreeze(db: Db, employeeId: string, requestId: string, maxRetries?: number) {
  const child = appendChild(db, "pause-after-intent", employeeId, requestId, maxRetries);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await waitFor(
    async () =>
      output.includes("pausing") && readFileSync(`/proc/${child.pid}/stat`, "utf8").split(" ")[2] === "T"
        ? true
        : undefined,
    { timeoutMs: 20_000, what: "the writer frozen after its intent" },
  );
  return {
    async resume(): Promise<{ replayed?: boolean; reply?: unknown; error?: string }> {
      child.kill("SIGCONT");
      expect(await exited, "the resumed writer ends normally").toBe(0);
      return JSON.parse(output.trim().split("\n").at(-1)!);
    },
  };
}

const eventsOf = (messages: KafkaMessage[], employeeId: string) =>
  messages.filter((m) => headerStrings(m.headers).ce_subject === employeeId);

describe("outbox crash points, each with a killed writer", () => {
  it("after the intent, before the commit: the relay fences the dead append, and the client's retry is stored and published once", async () => {
    const setup = await freshStore("crash-intent");
    await appendAndDie(setup.db, "after-intent", "F1", "req-f1");
    expect(await setup.store.outbox.countDocuments({})).toBe(1);
    expect((await setup.store.readStream(streamOf("F1"))).version).toBe(0);

    const messages = await collect(setup.topic);
    const relay = ledgerRelay({ ...setup, kafka: kafkaConfig, idleMs: 50, fenceAfterMs: 300 });
    await relay.start();
    try {
      await waitFor(async () => ((await setup.store.outbox.countDocuments({})) === 0 ? true : undefined), {
        timeoutMs: 20_000,
        what: "the dead intent fenced and removed",
      });
      // The dead writer's commit can never land now: its `_id` holds a tombstone.
      const [tombstone] = (await setup.store.readStream(streamOf("F1"))).commits;
      expect(tombstone).toMatchObject({ seq: 0, fenced: true, eventCount: 0 });
      // The client never got an answer, so it retries with the same request id: stored once, after the tombstone.
      const retried = await recordPosting(setup.store, cmd("F1", "p-crash"), {
        context: { requestId: "req-f1" },
      });
      expect(retried.replayed).toBe(false);
      relay.notify();
      await waitFor(async () => (eventsOf(messages, "F1").length >= 1 ? true : undefined), {
        timeoutMs: 20_000,
        what: "the retried posting on Kafka",
      });
      await new Promise((r) => setTimeout(r, 500));
      const published = eventsOf(messages, "F1");
      expect(published).toHaveLength(1);
      expect(headerStrings(published[0]!.headers).ce_sequence).toBe("1");
      expect((await setup.store.readStream(streamOf("F1"))).version).toBe(1);
    } finally {
      await relay.stop();
    }
  });

  it("after the commit, before its stored reply: the commit is published, and a repeat returns the first reply without storing again", async () => {
    const setup = await freshStore("crash-commit");
    await appendAndDie(setup.db, "after-commit", "F2", "req-f2");
    expect((await setup.store.readStream(streamOf("F2"))).version).toBe(1);
    expect(await setup.store.requests.findOne({ _id: "req-f2" })).toBeNull();

    const messages = await collect(setup.topic);
    const relay = relayFor(setup, "after-commit");
    await relay.start();
    try {
      await waitFor(async () => (eventsOf(messages, "F2").length >= 1 ? true : undefined), {
        timeoutMs: 20_000,
        what: "the dead writer's stored commit on Kafka",
      });
      const repeat = await recordPosting(setup.store, cmd("F2", "p-crash"), {
        context: { requestId: "req-f2" },
      });
      expect(repeat.replayed).toBe(true);
      expect(repeat.reply).toEqual({ postingId: "p-crash", version: 1 });
      await new Promise((r) => setTimeout(r, 500));
      expect(eventsOf(messages, "F2")).toHaveLength(1);
      expect((await setup.store.readStream(streamOf("F2"))).version).toBe(1);
    } finally {
      await relay.stop();
    }
  });
});

describe("a writer frozen past the fence, then resumed", () => {
  /** Freezes a writer after its intent and lets a relay fence it; returns the resumed writer's answer. */
  async function fencedWhileFrozen(name: string, employeeId: string, requestId: string, maxRetries?: number) {
    const setup = await freshStore(name);
    const messages = await collect(setup.topic);
    const writer = await appendAndFreeze(setup.db, employeeId, requestId, maxRetries);
    const relay = ledgerRelay({ ...setup, kafka: kafkaConfig, idleMs: 50, fenceAfterMs: 300 });
    await relay.start();
    await waitFor(async () => ((await setup.store.outbox.countDocuments({})) === 0 ? true : undefined), {
      timeoutMs: 20_000,
      what: "the frozen writer's intent fenced",
    });
    const [tombstone] = (await setup.store.readStream(streamOf(employeeId))).commits;
    expect(tombstone).toMatchObject({ seq: 0, fenced: true, eventCount: 0 });
    const answer = await writer.resume();
    return { setup, messages, relay, answer };
  }

  /** The stream holds the posting once, after the tombstone, and Kafka got it once. */
  async function expectStoredAndPublishedOnce(
    setup: { store: EventStore },
    messages: KafkaMessage[],
    relay: ReturnType<typeof ledgerRelay>,
    employeeId: string,
    requestId: string,
  ) {
    const read = await setup.store.readStream(streamOf(employeeId));
    expect(read.version, "the posting is stored").toBe(1);
    expect(read.commits.map((c) => c.seq)).toEqual([0, 1]);
    expect(await setup.store.findByRequestId(requestId)).toMatchObject({ commitId: read.commits[1]!._id });
    relay.notify();
    await waitFor(async () => (eventsOf(messages, employeeId).length >= 1 ? true : undefined), {
      timeoutMs: 20_000,
      what: "the posting on Kafka",
    });
    // A later repeat gets the stored reply and stores nothing more.
    const repeat = await recordPosting(setup.store, cmd(employeeId, "p-crash"), { context: { requestId } });
    expect(repeat).toMatchObject({ replayed: true, reply: { postingId: "p-crash", version: 1 } });
    relay.notify();
    await new Promise((r) => setTimeout(r, 500));
    const published = eventsOf(messages, employeeId);
    expect(published).toHaveLength(1);
    expect(headerStrings(published[0]!.headers).ce_sequence).toBe("1");
    expect(headerStrings(published[0]!.headers).ce_id).toBe(read.events[0]!.eventId);
  }

  it("takes the tombstone for a conflict, retries after it and lands its events: stored and published once", async () => {
    const { setup, messages, relay, answer } = await fencedWhileFrozen("frozen-retry", "Z1", "req-z1");
    try {
      expect(answer).toEqual({ replayed: false, reply: { postingId: "p-crash", version: 1 } });
      await expectStoredAndPublishedOnce(setup, messages, relay, "Z1", "req-z1");
    } finally {
      await relay.stop();
    }
  });

  it("out of retries, answers a conflict and stores no reply; the client's retry with the same request id then runs", async () => {
    const { setup, messages, relay, answer } = await fencedWhileFrozen("frozen-conflict", "Z2", "req-z2", 0);
    try {
      expect(answer).toEqual({ error: "ConflictError" });
      expect(await setup.store.findByRequestId("req-z2"), "no reply stored for a fenced commit").toBeNull();
      const retried = await recordPosting(setup.store, cmd("Z2", "p-crash"), {
        context: { requestId: "req-z2" },
      });
      expect(retried).toMatchObject({ replayed: false, reply: { postingId: "p-crash", version: 1 } });
      await expectStoredAndPublishedOnce(setup, messages, relay, "Z2", "req-z2");
    } finally {
      await relay.stop();
    }
  });
});

describe("outbox relay fencing and parking", () => {
  it("a relay that stalls past its lease does not publish after its successor", async () => {
    const setup = await freshStore("stall");
    const messages = await collect(setup.topic);
    for (const id of ["c1", "c2"]) await record(setup.store, cmd("S1", id));
    let stalled = false;
    const a = ledgerRelay({
      ...setup,
      kafka: kafkaConfig,
      holderId: "relay-a",
      idleMs: 50,
      leaseTtlMs: 1_000,
      // A has read c1 and c2 and stalls (as on a slow network) well past its lease.
      beforeSend: async () => {
        if (stalled) return;
        stalled = true;
        await new Promise((r) => setTimeout(r, 3_000));
      },
    });
    const b = relayFor(setup, "relay-b");
    await a.start();
    await waitFor(async () => (stalled ? true : undefined), { what: "relay A stalled with its batch" });
    await b.start(); // takes over once A's lease has run out, and publishes c1 c2, then c3
    await record(setup.store, cmd("S1", "c3"));
    b.notify();
    try {
      await waitFor(async () => (eventsOf(messages, "S1").length >= 3 ? true : undefined), {
        timeoutMs: 20_000,
        what: "c1 c2 c3 published by the successor",
      });
      await new Promise((r) => setTimeout(r, 4_000)); // A wakes up meanwhile and must not send
      const sequences = eventsOf(messages, "S1").map((m) => headerStrings(m.headers).ce_sequence);
      expect(sequences).toEqual(["1", "2", "3"]);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it("parks a stream whose commit cannot be encoded; other streams flow, and the parked one resumes in order once mended", async () => {
    const setup = await freshStore("parked");
    const messages = await collect(setup.topic);
    const broken = {
      ...ledgerCodec,
      encode: (event: Parameters<typeof ledgerCodec.encode>[0]) => {
        if ((event.data as { postingId?: string }).postingId === "bad") throw new Error("cannot encode");
        return ledgerCodec.encode(event);
      },
    };
    await record(setup.store, cmd("P1", "ok-1"));
    await record(setup.store, cmd("P1", "bad"));
    await record(setup.store, cmd("P1", "ok-2"));
    await record(setup.store, cmd("P2", "other"));
    const relay = ledgerRelay({ ...setup, kafka: kafkaConfig, codec: broken, idleMs: 50 });
    await relay.start();
    try {
      // P1's first commit and the other stream go out (on their own partitions, so in either order).
      await waitFor(
        async () =>
          eventsOf(messages, "P2").length >= 1 && eventsOf(messages, "P1").length >= 1 ? true : undefined,
        { timeoutMs: 20_000, what: "the other stream's event and P1's first" },
      );
      await waitFor(async () => (relay.parked.has(streamOf("P1")) ? true : undefined), { what: "P1 parked" });
      expect(eventsOf(messages, "P1").map((m) => headerStrings(m.headers).ce_sequence)).toEqual(["1"]);
      expect(await relay.backlog()).toBe(2);
    } finally {
      await relay.stop();
    }
    // Mended (a release with a codec that can encode it): the parked commits go out, in order.
    const mended = relayFor(setup, "mended");
    await mended.start();
    try {
      await waitFor(async () => (eventsOf(messages, "P1").length >= 3 ? true : undefined), {
        timeoutMs: 20_000,
        what: "the parked stream's commits",
      });
      expect(eventsOf(messages, "P1").map((m) => headerStrings(m.headers).ce_sequence)).toEqual([
        "1",
        "2",
        "3",
      ]);
    } finally {
      await mended.stop();
    }
  });
});
