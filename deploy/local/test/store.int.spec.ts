// Smoke test of the run's real MongoDB-wire store: insert and query, and the unique-index
// guarantee the event store relies on (error 11000; exactly one of two racing inserts wins).

import { type Db, MongoClient, MongoServerError } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropDatabase, testInfra, testNamespace } from "../../../packages/testing/src/index";

const { mongoUri } = testInfra();
const ns = testNamespace();
const clients = [new MongoClient(mongoUri), new MongoClient(mongoUri)] as const;
let db: Db;

beforeAll(async () => {
  await Promise.all(clients.map((c) => c.connect()));
  db = clients[0].db(ns.dbName);
});

afterAll(async () => {
  await dropDatabase(mongoUri, ns.dbName);
  await Promise.all(clients.map((c) => c.close()));
});

function duplicateKeyCode(reason: unknown): number | undefined {
  return reason instanceof MongoServerError ? (reason.code as number) : undefined;
}

describe("local MongoDB-wire store", () => {
  it("stores and queries documents", async () => {
    const people = db.collection<{ _id: string; dept: string; grade: number }>("people");
    await people.insertMany([
      { _id: "E1", dept: "digital", grade: 3 },
      { _id: "E2", dept: "digital", grade: 5 },
      { _id: "E3", dept: "finance", grade: 4 },
    ]);
    const digital = await people.find({ dept: "digital" }).sort({ grade: -1 }).toArray();
    expect(digital.map((p) => p._id)).toEqual(["E2", "E1"]);
    expect(await people.countDocuments({ grade: { $gte: 4 } })).toBe(2);
  });

  it("refuses a second insert of a unique key with error 11000", async () => {
    const events = db.collection("events");
    await events.createIndex({ stream: 1, version: 1 }, { unique: true });
    await events.insertOne({ stream: "E1", version: 1, type: "A" });
    const err = await events.insertOne({ stream: "E1", version: 1, type: "B" }).catch((e: unknown) => e);
    expect(duplicateKeyCode(err)).toBe(11000);
    expect(await events.countDocuments({ stream: "E1" })).toBe(1);
  });

  it("lets exactly one of two concurrent inserters of the same key win, round after round", async () => {
    const [a, b] = clients.map((c) => c.db(ns.dbName).collection("leases"));
    await a!.createIndex({ key: 1 }, { unique: true });
    for (let round = 0; round < 20; round++) {
      const key = `lease-${round}`;
      const results = await Promise.allSettled([
        a!.insertOne({ key, owner: "a" }),
        b!.insertOne({ key, owner: "b" }),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.flatMap((r) => (r.status === "rejected" ? [duplicateKeyCode(r.reason)] : []));
      expect(won, `round ${round}`).toHaveLength(1);
      expect(lost, `round ${round}`).toEqual([11000]);
      expect(await a!.countDocuments({ key })).toBe(1);
    }
  });

  it("answers an _id lookup from the _id index, not by scanning the collection", async () => {
    const commits = db.collection<{ _id: string; n: number }>("commits");
    await commits.insertMany(Array.from({ length: 500 }, (_, n) => ({ _id: `E${n}@${n}`, n })));
    const explained = await db.command({ explain: { find: "commits", filter: { _id: "E7@7" } } });
    const plan = JSON.stringify(explained.queryPlanner);
    if ((await db.admin().command({ buildInfo: 1 })).ferretdbVersion) {
      // FerretDB's SQLite backend reports SQLite's own EXPLAIN QUERY PLAN lines.
      expect(plan).toMatch(/SEARCH \S+ USING INDEX \S+__id_/);
      expect(plan).not.toMatch(/SCAN/);
    } else {
      expect(plan).toMatch(/IDHACK|EXPRESS_IXSCAN|IXSCAN/);
    }
    expect(await commits.findOne({ _id: "E7@7" })).toEqual({ _id: "E7@7", n: 7 });
  });
});
