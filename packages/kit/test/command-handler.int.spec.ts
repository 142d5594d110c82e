import { dropDatabase, testInfra, testNamespace } from "@hr/testing";
import { type Db, MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConflictError, EventStore, handleCommand, NO_CONCURRENCY_CHECK, RuleViolation } from "../src";
import {
  ledgerDecider,
  type PostingEvent,
  posting,
  type RecordPosting,
  recordPosting,
  streamOf,
} from "./example/posting-ledger";

const ns = testNamespace();
let client: MongoClient;
let db: Db;
let store: EventStore;

beforeAll(async () => {
  client = await MongoClient.connect(testInfra().mongoUri);
  db = client.db(ns.dbName);
  store = new EventStore(db);
  await store.init();
});

afterAll(async () => {
  await dropDatabase(testInfra().mongoUri, ns.dbName);
  await client.close();
});

const command = posting;

function record(cmd: RecordPosting, requestId?: string, maxRetries?: number) {
  return recordPosting(store, cmd, {
    context: { ...(requestId ? { requestId } : {}), actor: { subject: "tester", roles: ["hr-core"] } },
    ...(maxRetries === undefined ? {} : { maxRetries }),
  });
}

describe("command handling", () => {
  it("returns the first reply for a repeated request id and stores nothing new", async () => {
    const first = await record(command("C1", "p1"), "req-1");
    const again = await record(command("C1", "p1"), "req-1");
    expect(first.replayed).toBe(false);
    expect(again.replayed).toBe(true);
    expect(again.reply).toEqual(first.reply);
    expect((await store.readStream(streamOf("C1"))).version).toBe(1);
    const commit = await store.commitOfRequest("req-1");
    expect(commit?.metadata.actor).toEqual({ subject: "tester", roles: ["hr-core"] });
  });

  it("refuses a request id reused for a different request, storing nothing", async () => {
    await record(command("C2", "p1"), "req-2");
    await expect(record(command("C2", "p2"), "req-2")).rejects.toBeInstanceOf(ConflictError);
    expect((await store.readStream(streamOf("C2"))).version).toBe(1);
  });

  it("refuses what the rules refuse and stores nothing", async () => {
    await record(command("C3", "p1"));
    await expect(record(command("C3", "p1"))).rejects.toBeInstanceOf(RuleViolation);
    expect((await store.readStream(streamOf("C3"))).version).toBe(1);
  });

  it("retries version conflicts: concurrent commands on one stream all land, each once", async () => {
    const n = 6;
    const outcomes = await Promise.all(
      Array.from({ length: n }, (_, i) => record(command("C4", `p${i}`), `req-4-${i}`, 20)),
    );
    const { events } = await store.readStream<PostingEvent>(streamOf("C4"));
    expect(events.map((e) => e.data.postingId).sort()).toEqual(
      Array.from({ length: n }, (_, i) => `p${i}`).sort(),
    );
    expect(outcomes.map((o) => o.reply.version).sort()).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it("gives up with ConflictError (ABORTED) when conflicts outlast the retries", async () => {
    // A rival writer appends between every read and append of ours: a real race, made certain.
    let rivals = 0;
    const racing = Object.create(store) as EventStore;
    racing.append = async (...args: Parameters<EventStore["append"]>) => {
      rivals++;
      await store.append(
        args[0],
        NO_CONCURRENCY_CHECK,
        [{ type: "PostingRecorded", data: command("C5", `rival${rivals}`) }],
        {
          requestId: `rival-${rivals}`,
        },
      );
      return store.append(...args);
    };
    await expect(
      handleCommand({
        store: racing,
        decider: ledgerDecider,
        streamId: streamOf("C5"),
        commandName: "RecordPosting",
        command: command("C5", "mine"),
        request: command("C5", "mine"),
        context: { requestId: "req-5" },
        reply: ({ version }) => ({ version }),
        maxRetries: 2,
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(rivals).toBe(3);
    const { events } = await store.readStream<PostingEvent>(streamOf("C5"));
    expect(events.map((e) => e.data.postingId)).toEqual(["rival1", "rival2", "rival3"]);
  });

  it("answers a command that decides nothing without storing", async () => {
    const noop = await handleCommand({
      store,
      decider: { ...ledgerDecider, decide: () => [] },
      streamId: streamOf("C6"),
      commandName: "Noop",
      command: command("C6", "p1"),
      request: {},
      context: { requestId: "req-6" },
      reply: ({ version }) => ({ version }),
    });
    expect(noop.reply).toEqual({ version: 0 });
    expect(await store.findByRequestId("req-6")).toBeNull();
  });
});
