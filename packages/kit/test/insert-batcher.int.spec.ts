// Group commit on the real store: at most one insert in flight per collection, what arrives meanwhile
// goes next as one unordered batch, and every caller gets its own outcome.
import { dropDatabase, testInfra, testNamespace } from "@hr/testing";
import { type Db, MongoClient } from "mongodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isDuplicateKey } from "../src";
import { InsertBatcher } from "../src/eventstore/insert-batcher";

const ns = testNamespace();
let client: MongoClient;
let db: Db;
/** Insert commands on the watched collection: how many documents each carried, and the most in flight at once. */
let watched = "";
let sizes: number[] = [];
let inFlight = 0;
let maxInFlight = 0;
const open = new Set<number>();

beforeAll(async () => {
  client = new MongoClient(testInfra().mongoUri, { monitorCommands: true });
  client.on("commandStarted", (e) => {
    if (e.commandName !== "insert" || e.command.insert !== watched) return;
    open.add(e.requestId);
    sizes.push((e.command.documents as unknown[]).length);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
  });
  const done = (e: { requestId: number }) => {
    if (open.delete(e.requestId)) inFlight--;
  };
  client.on("commandSucceeded", done);
  client.on("commandFailed", done);
  await client.connect();
  db = client.db(ns.dbName);
});

beforeEach(() => {
  sizes = [];
  maxInFlight = 0;
});

afterAll(async () => {
  await client.close();
  await dropDatabase(testInfra().mongoUri, ns.dbName);
});

type Doc = { _id: string; n: number; blob?: string };
const batcherOn = (name: string) => {
  watched = name;
  return new InsertBatcher(db.collection<Doc>(name));
};
/** Callers arriving over several turns of the event loop, as concurrent commands do. */
async function staggered<T>(
  count: number,
  one: (i: number) => Promise<T>,
): Promise<PromiseSettledResult<T>[]> {
  const calls: Promise<T>[] = [];
  for (let i = 0; i < count; i++) {
    calls.push(one(i));
    if (i % 5 === 4) await new Promise((r) => setImmediate(r));
  }
  return Promise.allSettled(calls);
}

describe("insert batcher (group commit)", () => {
  it("keeps one insert in flight and sends what arrived meanwhile as the next batch", async () => {
    const batcher = batcherOn("concurrent");
    const outcomes = await staggered(60, (i) => batcher.insert({ _id: `c${i}`, n: i }));
    expect(outcomes.every((o) => o.status === "fulfilled")).toBe(true);
    expect(maxInFlight).toBe(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(60);
    expect(sizes.length).toBeLessThan(12); // batches grew while one was in flight
    expect(await db.collection("concurrent").countDocuments()).toBe(60);
  });

  it("fails only the caller whose document is a duplicate; the others in its batch are stored", async () => {
    const batcher = batcherOn("duplicates");
    await batcher.insert({ _id: "taken", n: -1 });
    const outcomes = await staggered(20, (i) =>
      batcher.insert({ _id: i === 7 || i === 13 ? "taken" : `d${i}`, n: i }),
    );
    const failed = outcomes.flatMap((o, i) => (o.status === "rejected" ? [[i, o.reason]] : []));
    expect(failed.map(([i]) => i)).toEqual([7, 13]);
    for (const [, reason] of failed) expect(isDuplicateKey(reason)).toBe(true);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(await db.collection("duplicates").countDocuments()).toBe(19);
    expect((await db.collection<Doc>("duplicates").findOne({ _id: "taken" }))?.n).toBe(-1);
  });

  it("a batch the store refuses as a whole fails each of its callers, and the next batch still goes", async () => {
    const batcher = batcherOn("failing");
    const first = batcher.insert({ _id: "f-first", n: 0 });
    await new Promise((r) => setImmediate(r)); // now in flight: what follows gathers as the next batch
    // A document over the 16 MB a document may have makes the driver refuse the whole request: no
    // per-document errors, so every caller of that batch must hear of it (the store down is the same).
    const doomed = [
      batcher.insert({ _id: "f-small", n: 1 }),
      batcher.insert({ _id: "f-big", n: 2, blob: "x".repeat(17 * 1024 * 1024) }),
    ];
    const results = await Promise.allSettled([first, ...doomed]);
    expect(results[0]!.status).toBe("fulfilled");
    expect(results.slice(1).map((r) => r.status)).toEqual(["rejected", "rejected"]);
    await batcher.insert({ _id: "f-after", n: 3 });
    expect(
      (
        await db
          .collection<Doc>("failing")
          .find({}, { projection: { _id: 1 } })
          .toArray()
      )
        .map((d) => d._id)
        .sort(),
    ).toEqual(["f-after", "f-first"]);
    expect(maxInFlight).toBe(1);
  });
});
