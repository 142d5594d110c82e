import { dropDatabase, testInfra, testNamespace } from "@hr/testing";
import { type Db, MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuplicateRequestError, EventStore, STREAM_DOES_NOT_EXIST, VersionConflictError } from "../src";

const ns = testNamespace();
let client: MongoClient;
let db: Db;
let store: EventStore;

type TestEvent = {
  type: "PostingRecorded";
  data: { employeeId: string; effectiveDate: string; postingId: string };
};
const posting = (employeeId: string, postingId: string): TestEvent => ({
  type: "PostingRecorded",
  data: { employeeId, effectiveDate: "2024-04-01", postingId },
});

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

describe("event store on the real store", () => {
  it("appends all events of a command together and reads them back in order", async () => {
    const result = await store.append(
      "s-order",
      STREAM_DOES_NOT_EXIST,
      [posting("E1", "p1"), posting("E1", "p2"), posting("E1", "p3")],
      {
        requestId: "r-order-1",
      },
    );
    expect(result.nextVersion).toBe(3);
    await store.append("s-order", 3, [posting("E1", "p4")], { requestId: "r-order-2" });
    const { version, events } = await store.readStream<TestEvent>("s-order");
    expect(version).toBe(4);
    expect(events.map((e) => [e.version, e.data.postingId])).toEqual([
      [1, "p1"],
      [2, "p2"],
      [3, "p3"],
      [4, "p4"],
    ]);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(4);
  });

  it("refuses a stale expected version, also one inside an earlier commit, and stores nothing", async () => {
    await store.append("s-stale", 0, [posting("E2", "a"), posting("E2", "b")], { requestId: "r-stale-1" });
    for (const stale of [0, 1, 3]) {
      await expect(
        store.append("s-stale", stale, [posting("E2", `x${stale}`)], { requestId: `r-stale-x${stale}` }),
      ).rejects.toBeInstanceOf(VersionConflictError);
    }
    expect((await store.readStream("s-stale")).version).toBe(2);
    expect(await store.findByRequestId("r-stale-x1")).toBeNull();
  });

  it("lets exactly one of several concurrent writers on one stream win, round after round", async () => {
    const writers = 4;
    for (let round = 0; round < 10; round++) {
      const version = 2 * round; // each round's winner adds one commit of two events
      // Every writer appends after the same read, so only the store's unique index can decide.
      const read = await store.readStream("s-race");
      expect(read.version).toBe(version);
      const results = await Promise.allSettled(
        Array.from({ length: writers }, (_, w) =>
          store.append("s-race", read, [posting("E3", `r${round}w${w}`), posting("E3", `r${round}w${w}`)], {
            requestId: `race-${round}-${w}`,
          }),
        ),
      );
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(won).toHaveLength(1);
      for (const l of lost) expect(l.reason).toBeInstanceOf(VersionConflictError);
      const { events } = await store.readStream<TestEvent>("s-race");
      expect(events).toHaveLength(version + 2);
      // Both events of the winner's commit, none of a loser's.
      const [a, b] = events.slice(-2).map((e) => e.data.postingId);
      expect(a).toBe(b);
    }
  });

  it("records a request id once: a second append with it is a duplicate, not a new commit", async () => {
    await store.append("s-dup", 0, [posting("E4", "p1")], { requestId: "same-request" });
    await expect(
      store.append("s-dup", 1, [posting("E4", "p2")], { requestId: "same-request" }),
    ).rejects.toBeInstanceOf(DuplicateRequestError);
    expect((await store.readStream("s-dup")).version).toBe(1);
  });

  it("reads every stream, each in order, for rebuilding read models", async () => {
    const streams = [];
    for await (const stream of store.readAllStreams()) streams.push(stream);
    const order = streams.find((s) => s.streamId === "s-order");
    expect(order?.events.map((e) => e.version)).toEqual([1, 2, 3, 4]);
    expect(streams.map((s) => s.streamId)).toEqual([...streams.map((s) => s.streamId)].sort());
  });
});
