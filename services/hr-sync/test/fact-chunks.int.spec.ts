import { dropDatabase, testInfra, testNamespace } from "@hr/testing";
import { BSON, MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChangeLog } from "../src/application/change-log";
import { Projector } from "../src/application/projector";
import {
  evaluationKey,
  FACTS_PER_CHUNK,
  type FactDocument,
  factChunkKey,
  factChunkKeys,
  RecordStore,
  rotationKey,
} from "../src/application/record-store";
import {
  DEFAULT_CLASSIFICATION,
  employeeHistory,
  evaluationRecords,
  type Fact,
  rotationTimeline,
} from "../src/domain";
import { fact } from "./facts.fixtures";

/**
 * hr-sync keeps an employee's facts in chunks (issue 19 item 6): adding facts rewrites the last chunk only,
 * the index counts the facts applied and is written after them, and an index stored before the chunks
 * (the facts kept in it) is still served and projected.
 */
const ns = testNamespace();
let client: MongoClient;

beforeAll(async () => {
  client = await MongoClient.connect(testInfra().mongoUri);
  await new ChangeLog(client.db(ns.dbName)).init();
});

afterAll(async () => {
  await client.close();
  await dropDatabase(testInfra().mongoUri, ns.dbName);
});

/** As the store gives a value back: undefined fields read as null. */
const stored = <T>(value: T): T => BSON.deserialize(BSON.serialize({ value })).value as T;

/** The n-th fact of a long career: skill assessments, a posting every tenth fact, five facts a year. */
function careerFact(employeeId: string, n: number): FactDocument {
  const effectiveDate = new Date(Date.UTC(2005, 3, 1) + n * 73 * 86_400_000).toISOString().slice(0, 10);
  const f =
    n % 10 === 0
      ? fact(
          "hr.postings.v1.PostingRecorded",
          {
            postingId: `p${n}`,
            effectiveDate,
            department: `Bureau ${n % 3}`,
            post: "ICT",
            rank: "RANK_STAFF",
          },
          { employeeId, id: `${employeeId}-${n}` },
        )
      : fact(
          "hr.skills.v1.SkillAssessed",
          { assessmentId: `a${n}`, effectiveDate, skillId: `skill-${n % 5}`, level: 1 + (n % 4) },
          { employeeId, id: `${employeeId}-${n}` },
        );
  return { ...f, _id: f.id, topic: f.type.split(".").slice(0, 3).join("."), partition: 0, offset: String(n) };
}

const career = (employeeId: string, count: number) =>
  Array.from({ length: count }, (_, n) => careerFact(employeeId, n));

/** The employee's records in the store are those of `facts`, and the index counts them. */
async function expectRecordsOf(store: RecordStore, employeeId: string, facts: readonly Fact[]) {
  const history = employeeHistory(employeeId, facts);
  expect((await store.records.findOne({ _id: rotationKey(employeeId) }))?.record).toEqual(
    stored(rotationTimeline(history)),
  );
  const expected = evaluationRecords(history, DEFAULT_CLASSIFICATION);
  expect(expected.length).toBeGreaterThan(5);
  for (const record of expected) {
    const doc = await store.records.findOne({ _id: evaluationKey(employeeId, record.fiscalYear) });
    expect(doc?.record, `FY${record.fiscalYear}`).toEqual(stored(record));
  }
  expect(await store.employees.findOne({ _id: employeeId })).toMatchObject({ factCount: facts.length });
}

/** The ids in the employee's chunks, in order, as far as the index counts them. */
async function chunkedIds(store: RecordStore, employeeId: string): Promise<string[]> {
  const index = await store.employees.findOne({ _id: employeeId });
  const ids: string[] = [];
  for (let n = 0; n * FACTS_PER_CHUNK < (index?.factCount ?? 0); n++) {
    const chunk = await store.factChunks.findOne({ _id: factChunkKey(employeeId, n) });
    ids.push(...(chunk?.facts ?? []).map((f) => f.id));
  }
  return ids.slice(0, index?.factCount);
}

/** The same generation, seen by a process that dies at its first write of the employee indexes. */
function dyingAtIndexWrite(store: RecordStore): RecordStore {
  const employees = new Proxy(store.employees, {
    get(target, name, receiver) {
      if (name === "bulkWrite") return () => Promise.reject(new Error("the process died here"));
      const value = Reflect.get(target, name, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return Object.assign(new RecordStore(store.db, store.generation, store.partitions), { employees });
}

describe("an employee's facts in chunks", () => {
  it("adding a fact to a long history rewrites only the last chunk; the records are those of every fact", async () => {
    const store = new RecordStore(client.db(ns.dbName), 1, 1);
    const projector = new Projector(store, DEFAULT_CLASSIFICATION);
    const facts = career("CHUNK1", 2 * FACTS_PER_CHUNK + 5);
    await projector.projectAll(facts.slice(0, -1));
    const chunks = await Promise.all(
      factChunkKeys("CHUNK1", facts.length).map((key) => store.factChunks.findOne({ _id: key })),
    );
    expect(chunks.map((c) => c?.facts.length)).toEqual([FACTS_PER_CHUNK, FACTS_PER_CHUNK, 4]);

    await projector.project(facts.at(-1)!);
    await expectRecordsOf(store, "CHUNK1", facts);
    expect(await chunkedIds(store, "CHUNK1")).toEqual(facts.map((f) => f.id));
    // The full chunks are as they were: only the last one took the new fact.
    for (const n of [0, 1]) {
      const chunk = await store.factChunks.findOne({ _id: factChunkKey("CHUNK1", n) });
      expect(chunk?.facts, `chunk ${n}`).toEqual(chunks[n]?.facts);
    }
  });

  it("a process dying after the chunks and before the index loses no fact and doubles none", async () => {
    const store = new RecordStore(client.db(ns.dbName), 2, 1);
    const changes = new ChangeLog(store.db);
    const facts = career("CHUNK2", FACTS_PER_CHUNK + 12);
    await new Projector(store, DEFAULT_CLASSIFICATION, changes).projectAll(facts.slice(0, -2));
    const [second, last] = facts.slice(-2);
    await expect(
      new Projector(dyingAtIndexWrite(store), DEFAULT_CLASSIFICATION, changes).projectAll([second!, last!]),
    ).rejects.toThrow("the process died here");
    // The chunk holds the two new facts, the index does not count them.
    expect(await store.employees.findOne({ _id: "CHUNK2" })).toMatchObject({ factCount: facts.length - 2 });

    // Redelivered in another order and batching, by a new process.
    const projector = new Projector(store, DEFAULT_CLASSIFICATION, changes);
    await projector.project(last!);
    await projector.project(second!);
    await projector.project(last!);
    await expectRecordsOf(store, "CHUNK2", facts);
    const ids = await chunkedIds(store, "CHUNK2");
    expect(ids).toHaveLength(facts.length);
    expect(new Set(ids)).toEqual(new Set(facts.map((f) => f.id)));
  });

  it("two processes taking turns at an employee (partitions moving between instances) each see the other's facts", async () => {
    const store = new RecordStore(client.db(ns.dbName), 4, 1);
    const first = new Projector(store, DEFAULT_CLASSIFICATION);
    const second = new Projector(
      new RecordStore(store.db, store.generation, store.partitions),
      DEFAULT_CLASSIFICATION,
    );
    const facts = career("TURNS1", 40);
    for (const [i, f] of facts.entries()) await (i % 4 < 2 ? first : second).project(f);
    await expectRecordsOf(store, "TURNS1", facts);
    expect(await chunkedIds(store, "TURNS1")).toEqual(facts.map((f) => f.id));
  });

  it("an index stored with its facts in it (before chunks) is served, then projected from every fact", async () => {
    const store = new RecordStore(client.db(ns.dbName), 3, 1);
    const changes = new ChangeLog(store.db);
    const facts = career("FORMER1", FACTS_PER_CHUNK + 20);
    await new Projector(store, DEFAULT_CLASSIFICATION, changes).projectAll(facts.slice(0, -1));
    // The employee as the projector before chunks left it: the applied facts in the index, no chunk.
    const index = await store.employees.findOne({ _id: "FORMER1" });
    const keys = factChunkKeys("FORMER1", index!.factCount);
    const chunks = await Promise.all(keys.map((key) => store.factChunks.findOne({ _id: key })));
    const applied = chunks.flatMap((c) => c?.facts ?? []);
    expect(applied.map((f) => f.id)).toEqual(facts.slice(0, -1).map((f) => f.id));
    await store.factChunks.deleteMany({ _id: { $in: keys } });
    const { years, rotationHash, planningHash } = index!;
    await store.employees.replaceOne({ _id: "FORMER1" }, {
      factIds: applied.map((f) => f.id),
      facts: applied,
      years,
      rotationHash,
      planningHash,
    } as never);
    const served = await store.evaluation("FORMER1", 2006);
    expect(served?.skillLevelChanges.length).toBeGreaterThan(0);

    // A new process (the upgrade), a redelivered fact and a new one.
    const projector = new Projector(store, DEFAULT_CLASSIFICATION, changes);
    const logged = await changes.head();
    await projector.project(facts[3]!);
    expect(await changes.head(), "a redelivered fact changes nothing").toBe(logged);
    expect(await store.employees.findOne({ _id: "FORMER1" })).toHaveProperty("factIds");
    await projector.project(facts.at(-1)!);
    await expectRecordsOf(store, "FORMER1", facts);
    const rewritten = await store.employees.findOne({ _id: "FORMER1" });
    expect(rewritten).not.toHaveProperty("factIds");
    expect(rewritten).not.toHaveProperty("facts");
    expect(await chunkedIds(store, "FORMER1")).toEqual(facts.map((f) => f.id));
  });
});
