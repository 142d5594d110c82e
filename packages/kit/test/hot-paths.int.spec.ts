// The store's hot paths, watched with the MongoDB driver's command monitoring: on FerretDB any filter
// other than `{_id: x}` (and any sort) decodes the whole collection, so a command, a relay round and a
// projected message must touch collections that grow with history by `_id` only. Small collections
// (pending work, leases) may be scanned. Also: racing duplicate requests, and a handler that keeps failing.
import { dropDatabase, testInfra, testNamespace, waitFor } from "@hr/testing";
import { Kafka, type KafkaMessage, logLevel, type Producer } from "kafkajs";
import { type CommandStartedEvent, type Db, MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EventStore,
  ensureTopics,
  headerStrings,
  insertManyOnce,
  insertOnce,
  ProjectionConsumer,
  silentLogger,
} from "../src";
import {
  ledgerCodec,
  ledgerRelay,
  type PostingEvent,
  posting,
  recordPosting,
  streamOf,
} from "./example/posting-ledger";

const ns = testNamespace();
const infra = testInfra();
const kafkaConfig = { brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING };
const kafka = new Kafka(kafkaConfig);
const topic = ns.topic("hot-paths");
const dlq = ns.topic("hot-paths-dlq");
let client: MongoClient;
let db: Db;
let store: EventStore;
let producer: Producer;
const commands: CommandStartedEvent[] = [];
const relays: ReturnType<typeof ledgerRelay>[] = [];
/** A relay stopped (its own producer disconnected) after the file. */
const relayOf = (options: Omit<Parameters<typeof ledgerRelay>[0], "kafka">) => {
  const relay = ledgerRelay({ ...options, kafka: kafkaConfig });
  relays.push(relay);
  return relay;
};

/** Collections whose size is bounded by pending work or by a handful of holders, not by history. */
const SMALL = new Set(["events_outbox", "leases"]);

beforeAll(async () => {
  client = new MongoClient(infra.mongoUri, { monitorCommands: true });
  client.on("commandStarted", (event) => commands.push(event));
  await client.connect();
  db = client.db(ns.dbName);
  store = new EventStore(db);
  await store.init();
  producer = kafka.producer({ maxInFlightRequests: 1 });
  await producer.connect();
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [topic, dlq], 3);
  await admin.disconnect();
});

afterAll(async () => {
  for (const relay of relays) await relay.stop();
  await producer.disconnect();
  await client.close();
  await dropDatabase(infra.mongoUri, ns.dbName);
});

/** The filters a read, update or delete command applies, with the collection it reads. */
function filtersOf(event: CommandStartedEvent): { collection: string; filter: unknown; sort?: unknown }[] {
  const c = event.command;
  switch (event.commandName) {
    case "find":
      return [{ collection: c.find, filter: c.filter ?? {}, sort: c.sort }];
    case "count":
      return [{ collection: c.count, filter: c.query ?? {} }];
    case "aggregate":
      return [{ collection: c.aggregate, filter: c.pipeline }];
    case "distinct":
      return [{ collection: c.distinct, filter: c.query ?? {} }];
    case "findAndModify":
      return [{ collection: c.findAndModify, filter: c.query ?? {}, sort: c.sort }];
    case "update":
      return (c.updates as { q: unknown }[]).map((u) => ({ collection: c.update, filter: u.q }));
    case "delete":
      return (c.deletes as { q: unknown }[]).map((d) => ({ collection: c.delete, filter: d.q }));
    default:
      return [];
  }
}

const isIdEquality = (filter: unknown) =>
  typeof filter === "object" &&
  filter !== null &&
  !Array.isArray(filter) &&
  Object.keys(filter).length === 1 &&
  typeof (filter as { _id?: unknown })._id === "string";

describe("hot paths", () => {
  it("a command, a relay round and a projected message filter growing collections on _id only", async () => {
    // History first, so that a scan would have something to scan.
    for (let i = 0; i < 20; i++) await recordPosting(store, posting(`H${i % 4}`, `old-${i}`));
    const relay = relayOf({ store, db, topic, idleMs: 50 });
    const facts = db.collection<{ _id: string; subject: string }>("facts");
    const consumer = new ProjectionConsumer({
      kafka,
      groupId: ns.topic("hot-paths-projection"),
      topics: [topic],
      codec: ledgerCodec,
      handle: async (received) =>
        void (await insertOnce(facts, { _id: received.id, subject: received.subject })),
      deadLetter: { topic: dlq, producer },
      logger: silentLogger,
    });
    await relay.publishPending();
    await consumer.start();
    await waitFor(async () => ((await facts.countDocuments()) >= 20 ? true : undefined), {
      timeoutMs: 30_000,
      what: "the history projected",
    });

    commands.length = 0;
    const outcome = await recordPosting(store, posting("H1", "watched"), {
      context: { requestId: "watched-1" },
    });
    const repeat = await recordPosting(store, posting("H1", "watched"), {
      context: { requestId: "watched-1" },
    });
    expect(repeat.replayed).toBe(true);
    // Refused with a request id never seen: its first reply is looked for by `_id` only (issue 20).
    await expect(
      recordPosting(store, posting("H1", "watched"), { context: { requestId: "watched-refused" } }),
    ).rejects.toMatchObject({ reason: "POSTING_ALREADY_RECORDED" });
    expect(await relay.publishPending()).toBe(1);
    const [event] = outcome.events;
    await waitFor(async () => ((await facts.findOne({ _id: event!.eventId })) ? true : undefined), {
      timeoutMs: 30_000,
      what: "the watched event projected",
    });
    await consumer.stop();

    const seen = commands.flatMap(filtersOf);
    expect(seen.length).toBeGreaterThan(3);
    const offending = seen.filter(
      (f) => !SMALL.has(f.collection) && (!isIdEquality(f.filter) || f.sort !== undefined),
    );
    expect(offending, JSON.stringify(offending)).toEqual([]);
    // And the monitor did see the growing collections being read (by _id).
    expect(seen.some((f) => f.collection === "events")).toBe(true);
    expect(seen.some((f) => f.collection === "events_requests")).toBe(true);
  });

  it("duplicate requests racing each other store once and all get the first reply", async () => {
    const racers = await Promise.all(
      Array.from({ length: 6 }, () =>
        recordPosting(store, posting("R1", "raced"), { context: { requestId: "raced-1" }, maxRetries: 20 }),
      ),
    );
    expect(racers.filter((r) => !r.replayed)).toHaveLength(1);
    for (const r of racers) expect(r.reply).toEqual({ postingId: "raced", version: 1 });
    expect((await store.readStream(streamOf("R1"))).version).toBe(1);
  });
});

describe("round trips of one command", () => {
  /** Every command the store is sent while `run` runs, on a client of its own (no relay polling). */
  async function roundTrips(run: (store: EventStore) => Promise<unknown>, store: EventStore) {
    sent.length = 0;
    await run(store);
    return sent.map((e) => `${e.commandName} ${e.command[e.commandName] as string}`);
  }
  const sent: CommandStartedEvent[] = [];
  let own: MongoClient;
  let tripsStore: EventStore;
  beforeAll(async () => {
    own = new MongoClient(infra.mongoUri, { monitorCommands: true });
    own.on("commandStarted", (event) => sent.push(event));
    await own.connect();
    tripsStore = new EventStore(own.db(`${ns.dbName}_trips`));
    await tripsStore.init();
  });
  afterAll(async () => {
    await own.close();
    await dropDatabase(infra.mongoUri, `${ns.dbName}_trips`);
  });

  it("a command on a stream the service knows: three inserts (intent, commit, reply), no read", async () => {
    for (let i = 0; i < 4; i++) await recordPosting(tripsStore, posting("T1", `t1-${i}`));
    const trips = await roundTrips((s) => recordPosting(s, posting("T1", "t1-next")), tripsStore);
    expect(trips).toEqual(["insert events_outbox", "insert events", "insert events_requests"]);
  });

  it("a stream the service has not seen yet: its head and the next commit looked up by _id, then the three inserts", async () => {
    for (let i = 0; i < 4; i++) await recordPosting(tripsStore, posting("T2", `t2-${i}`));
    const trips = own.db(`${ns.dbName}_trips`);
    // The first process to read the stream walks it and leaves a fresh head (not awaited by the read).
    await new EventStore(trips).readStream(streamOf("T2"));
    await waitFor(
      async () =>
        (
          await trips
            .collection<{ _id: string; seq: number }>("events_heads")
            .findOne({ _id: streamOf("T2") })
        )?.seq === 4
          ? true
          : undefined,
      { timeoutMs: 10_000, what: "the fresh head" },
    );
    const restarted = new EventStore(trips);
    expect(await roundTrips((s) => recordPosting(s, posting("T2", "t2-next")), restarted)).toEqual([
      "find events_heads",
      "find events",
      "insert events_outbox",
      "insert events",
      "insert events_requests",
    ]);
  });

  it("a stream changed by another process: the commit conflicts, the stream is read on from what was known, and the command lands", async () => {
    await recordPosting(tripsStore, posting("T3", "t3-0"));
    await recordPosting(new EventStore(own.db(`${ns.dbName}_trips`)), posting("T3", "t3-elsewhere"));
    const outcome = await recordPosting(tripsStore, posting("T3", "t3-1"));
    expect(outcome.reply).toEqual({ postingId: "t3-1", version: 3 });
    expect(
      (await tripsStore.readStream<PostingEvent>(streamOf("T3"))).events.map((e) => e.data.postingId),
    ).toEqual(["t3-0", "t3-elsewhere", "t3-1"]);
  });

  it("a refusal and a repeat read the stream on from what was known and the request's reply, by _id only", async () => {
    await recordPosting(tripsStore, posting("T4", "t4-0"), { context: { requestId: "t4-req" } });
    const refusal = await roundTrips(
      (s) =>
        recordPosting(s, posting("T4", "t4-0"), { context: { requestId: "t4-other" } }).then(
          () => expect.unreachable("refused"),
          (error: { reason?: string }) => expect(error.reason).toBe("POSTING_ALREADY_RECORDED"),
        ),
      tripsStore,
    );
    expect(refusal).toEqual(["find events", "find events_requests"]);
    const repeat = await roundTrips(async (s) => {
      const again = await recordPosting(s, posting("T4", "t4-0"), { context: { requestId: "t4-req" } });
      expect(again.replayed).toBe(true);
    }, tripsStore);
    expect(repeat).toEqual(["find events", "find events_requests"]);
    for (const e of sent) expect(Object.keys(e.command.filter as object)).toEqual(["_id"]);
  });

  it("a writer that died between its commit and its reply: the repeat finds the commit in the stream, not by a query", async () => {
    const s = tripsStore;
    const first = await recordPosting(s, posting("T5", "t5-0"), { context: { requestId: "t5-req" } });
    await s.requests.deleteOne({ _id: "t5-req" }); // as if the writer died before step 3
    const trips = await roundTrips(async (st) => {
      const again = await recordPosting(st, posting("T5", "t5-0"), { context: { requestId: "t5-req" } });
      expect(again).toMatchObject({ replayed: true, reply: first.reply });
    }, s);
    expect(trips).toEqual(["find events", "find events_requests"]);
    for (const e of sent) expect(Object.keys(e.command.filter as object)).toEqual(["_id"]);
  });
});

describe("consumer runtime", () => {
  it("sends a message whose handler fails the same way N times to the DLQ as handler-failed, and moves on", async () => {
    const failing = ns.topic("failing");
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [failing], 1);
    await admin.disconnect();
    const local = new EventStore(client.db(`${ns.dbName}_failing`));
    await local.init();
    for (const id of ["boom", "fine"]) await recordPosting(local, posting("N1", id));
    const relay = relayOf({ store: local, db: client.db(`${ns.dbName}_failing`), topic: failing });
    expect(await relay.publishPending()).toBe(2);

    const projected: string[] = [];
    let attempts = 0;
    const consumer = new ProjectionConsumer({
      kafka,
      groupId: ns.topic("failing-projection"),
      topics: [failing],
      codec: ledgerCodec,
      handle: async (received) => {
        const postingId = (received.event.data as unknown as { postingId: string }).postingId;
        if (postingId === "boom") {
          attempts++;
          throw new TypeError("cannot read property of undefined");
        }
        projected.push(postingId);
      },
      deadLetter: { topic: dlq, producer },
      logger: silentLogger,
      retry: { initialMs: 10, maxMs: 20 },
      maxHandlerFailures: 3,
    });
    const dead: KafkaMessage[] = [];
    const reader = kafka.consumer({ groupId: ns.topic("dlq-reader") });
    await reader.connect();
    await reader.subscribe({ topic: dlq, fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void dead.push(message) });
    await consumer.start();
    try {
      await waitFor(async () => (projected.includes("fine") ? true : undefined), {
        timeoutMs: 30_000,
        what: "the next message projected",
      });
      await waitFor(async () => (dead.length >= 1 ? true : undefined), {
        timeoutMs: 15_000,
        what: "the dead letter",
      });
      expect(attempts).toBe(3);
      const headers = headerStrings(dead[0]!.headers);
      expect(headers.dlq_reason).toBe("handler-failed");
      expect(headers.dlq_detail).toContain("3 times: TypeError: cannot read property of undefined");
      expect(headers.dlq_source_topic).toBe(failing);
    } finally {
      await consumer.stop();
      await reader.disconnect();
      await dropDatabase(infra.mongoUri, `${ns.dbName}_failing`);
    }
  });

  it("in bulk (handleBatch): a batch's events go in one call; poison still goes to the DLQ, and a failing batch falls back to one by one", async () => {
    const bulk = ns.topic("bulk");
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [bulk], 1);
    await admin.disconnect();
    const local = new EventStore(client.db(`${ns.dbName}_bulk`));
    await local.init();
    const relay = relayOf({ store: local, db: client.db(`${ns.dbName}_bulk`), topic: bulk });
    for (const id of ["b1", "b2", "b3"]) await recordPosting(local, posting("B1", id));
    await relay.publishPending();
    await producer.send({ topic: bulk, messages: [{ key: "B1", value: Buffer.from("not a cloudevent") }] });
    for (const id of ["b4", "trips-the-batch", "b6"]) await recordPosting(local, posting("B1", id));
    await relay.publishPending();

    const facts = client.db(`${ns.dbName}_bulk`).collection<{ _id: string; postingId: string }>("facts");
    const batches: number[] = [];
    const postingIdOf = (e: { event: { data: unknown } }) =>
      (e.event.data as unknown as { postingId: string }).postingId;
    const consumer = new ProjectionConsumer({
      kafka,
      groupId: ns.topic("bulk-projection"),
      topics: [bulk],
      codec: ledgerCodec,
      handle: async (e) => void (await insertOnce(facts, { _id: e.id, postingId: postingIdOf(e) })),
      handleBatch: async (events) => {
        batches.push(events.length);
        if (events.some((e) => postingIdOf(e) === "trips-the-batch")) throw new Error("bulk write refused");
        await insertManyOnce(
          facts,
          events.map((e) => ({ _id: e.id, postingId: postingIdOf(e) })),
        );
      },
      deadLetter: { topic: dlq, producer },
      logger: silentLogger,
    });
    await consumer.start();
    try {
      await waitFor(async () => ((await facts.countDocuments()) >= 6 ? true : undefined), {
        timeoutMs: 30_000,
        what: "every good event projected",
      });
      expect((await facts.find().toArray()).map((f) => f.postingId).sort()).toEqual(
        ["b1", "b2", "b3", "b4", "b6", "trips-the-batch"].sort(),
      );
      expect(Math.max(...batches)).toBeGreaterThan(1);
      expect(consumer.poisonCount).toBe(1);
    } finally {
      await consumer.stop();
      await dropDatabase(infra.mongoUri, `${ns.dbName}_bulk`);
    }
  });
});
