import { partitionOf, silentLogger } from "@hr/kit";
import { postingsV1, syncV1 } from "@hr/proto";
import { dropDatabase, testInfra, testNamespace } from "@hr/testing";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlanningQueries, RosterLoader } from "../src/application/planning.queries";
import { RosterCache, type RosterSnapshot } from "../src/application/planning.roster";
import { Projector } from "../src/application/projector";
import {
  type FactDocument,
  Generations,
  META_MAX_AGE_MS,
  RecordStore,
  rosterBucketOf,
  rosterKey,
  rosterStampField,
  rosterStampsKey,
} from "../src/application/record-store";
import {
  DEFAULT_CLASSIFICATION,
  employeeHistory,
  type Fact,
  planningProfile,
  rosterEntryOf,
  rotationTimeline,
} from "../src/domain";
import { fact, posting } from "./facts.fixtures";

/**
 * The roster each instance keeps in memory (planning.roster.ts) against the real store: after every kind of
 * roster change, a question to either of two instances (two caches, each warmed before the change) answers
 * from the new roster.
 */
const ns = testNamespace();
const PARTITIONS = 3;
const D = "計画局 人事課";
const D2 = "財務局 主計課";
const clients: MongoClient[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An hr-sync instance's query side: its own client, generations view and roster cache; `reads` lists the
 * `_id`s its client read from the collection named (commands seen by the driver, so real store reads).
 */
async function instance(dbName = ns.dbName) {
  const client = await MongoClient.connect(testInfra().mongoUri, { monitorCommands: true });
  clients.push(client);
  const seen: Array<{ collection: string; id: unknown }> = [];
  client.on("commandStarted", (e) => {
    if (e.commandName === "find") seen.push({ collection: e.command.find, id: e.command.filter?._id });
  });
  const generations = new Generations(client.db(dbName), PARTITIONS);
  return {
    generations,
    planning: new PlanningQueries(generations, DEFAULT_CLASSIFICATION),
    reads: (collection: string) => seen.filter((r) => r.collection === collection).map((r) => r.id),
    forget: () => seen.splice(0),
  };
}

beforeAll(async () => {
  clients.push(await MongoClient.connect(testInfra().mongoUri));
});

afterAll(async () => {
  for (const client of clients) await client.close();
  await dropDatabase(testInfra().mongoUri, ns.dbName);
});

const employeeIds = (roster: RosterSnapshot) =>
  roster.shards.flatMap((s) => s.entries.map((p) => p.employeeId)).sort();
const doc = (f: Fact): FactDocument => ({
  ...f,
  _id: f.id,
  topic: "hr.postings.v1",
  partition: 0,
  offset: "0",
});
const postedTo = (employeeId: string, postingId: string, effectiveDate: string, department = D) =>
  doc(
    fact(
      posting(postingId, effectiveDate).type,
      { ...posting(postingId, effectiveDate).data, department, employeeId },
      { employeeId },
    ),
  );

const dueIds = async (planning: PlanningQueries, department = D) =>
  (await planning.dueForRotation({ fiscalYear: 2026, department, minYearsInPost: 0 }, 0, "")).employees.map(
    (e) => e.employeeId,
  );

describe("the transfer-planning roster kept in memory", () => {
  it("follows a new employee, a correction, a voiding and a rebuild's switch, in each of two instances", async () => {
    const db = clients[0]!.db(ns.dbName);
    const projector = new Projector(new RecordStore(db, 1, PARTITIONS), DEFAULT_CLASSIFICATION);
    const instances = [await instance(), await instance()];
    /** What each instance answers: the FY2026 due list of a department, and its candidates (a roster). */
    const answers = (department: string) =>
      Promise.all(
        instances.map(async ({ planning }) => {
          const due = await planning.dueForRotation(
            { fiscalYear: 2026, department, minYearsInPost: 0 },
            0,
            "",
          );
          const found = await planning.candidates(
            {
              fiscalYear: 2026,
              requiredSkills: [],
              skillMapRoleId: "",
              capability: syncV1.Capability.UNSPECIFIED,
              minRank: postingsV1.Rank.UNSPECIFIED,
              minYearsOfService: 0,
              minYearsAsIct: 0,
              department,
              jobType: "",
            },
            0,
            "",
          );
          return {
            due: due.employees.map((e) => e.employeeId),
            candidates: found.candidates.map((c) => c.facts?.employeeId).sort(),
          };
        }),
      );
    const both = (due: string[]) => [
      { due, candidates: [...due].sort() },
      { due, candidates: [...due].sort() },
    ];

    await projector.project(postedTo("PA01", "pa-1", "2022-04-01"));
    await projector.project(postedTo("PB02", "pb-1", "2022-04-01"));
    expect(await answers(D)).toEqual(both(["PA01", "PB02"]));

    // A new employee, longer in post: first.
    await projector.project(postedTo("PC03", "pc-1", "2021-04-01"));
    expect(await answers(D)).toEqual(both(["PC03", "PA01", "PB02"]));

    // A correction moves PB02 to another department.
    expect(await answers(D2)).toEqual(both([]));
    await projector.project(
      doc(
        fact(
          "hr.postings.v1.PostingCorrected",
          {
            postingId: "pb-1",
            effectiveDate: "2022-04-01",
            department: D2,
            post: "主事",
            kind: "POSTING_KIND_REGULAR_TRANSFER",
            reason: "POSTING_CORRECTION_REASON_WRONG_DETAILS",
            employeeId: "PB02",
          },
          { employeeId: "PB02" },
        ),
      ),
    );
    expect(await answers(D)).toEqual(both(["PC03", "PA01"]));
    expect(await answers(D2)).toEqual(both(["PB02"]));

    // A voiding: PA01 was never in the post.
    await projector.project(
      doc(
        fact(
          "hr.postings.v1.PostingVoided",
          {
            postingId: "pa-1",
            effectiveDate: "2022-04-01",
            reason: "POSTING_CORRECTION_REASON_WRONG_EMPLOYEE",
            employeeId: "PA01",
          },
          { employeeId: "PA01" },
        ),
      ),
    );
    expect(await answers(D)).toEqual(both(["PC03"]));

    // A rebuild's generation (here holding one more employee) becomes the one queries read.
    const rebuilt = new Projector(new RecordStore(db, 2, PARTITIONS), DEFAULT_CLASSIFICATION);
    for (const f of [
      postedTo("PB02", "pb-1", "2022-04-01", D2),
      postedTo("PC03", "pc-1", "2021-04-01"),
      postedTo("PD04", "pd-1", "2020-04-01"),
    ])
      await rebuilt.project(f);
    expect(await answers(D)).toEqual(both(["PC03"]));
    await new Generations(db, PARTITIONS).switchTo(2);
    // Each instance reads the new generation's records within META_MAX_AGE_MS; from then on, its roster too.
    await sleep(META_MAX_AGE_MS + 100);
    for (const { generations } of instances) expect((await generations.active()).generation).toBe(2);
    expect(await answers(D)).toEqual(both(["PD04", "PC03"]));
  });

  it("a shard read while its stamp is ahead of it (a roster write half done) is read again next time", async () => {
    const db = clients[0]!.db(ns.dbName);
    const store = new RecordStore(db, 3, 1);
    await new Projector(store, DEFAULT_CLASSIFICATION).project(postedTo("PE05", "pe-1", "2022-04-01"));
    const cache = new RosterCache(store);
    const cached = async () => employeeIds(await cache.snapshot());
    expect(await cached()).toEqual(["PE05"]);

    // A second employee's roster write into that shard, cut between its stamp and its shard.
    const other = new RecordStore(db, 4, 1);
    await new Projector(other, DEFAULT_CLASSIFICATION).project(postedTo("PF06", "pf-1", "2022-04-01"));
    const [entry] = (await new RosterCache(other).snapshot()).shards.flatMap((s) => s.entries);
    const bucket = rosterBucketOf("PE05");
    const shard = (await store.roster.findOne({ _id: rosterKey(0, bucket) }))!;
    await store.rosterStamps.updateOne(
      { _id: rosterStampsKey(0) },
      { $set: { [rosterStampField(bucket)]: "next" } },
    );
    expect(await cached()).toEqual(["PE05"]);
    await store.roster.replaceOne(
      { _id: shard._id },
      { ...shard, profiles: [...(shard.profiles ?? []), entry!], stamp: "next" },
    );
    expect(await cached()).toEqual(["PE05", "PF06"]);
  });

  it("is loaded at start and after a switch, in the background: the first question reads only the stamps", async () => {
    const dbName = `${ns.dbName}_load`;
    const db = clients[0]!.db(dbName);
    const shards = (generation: number) =>
      Array.from({ length: PARTITIONS * 16 }, (_, i) => `${Math.floor(i / 16)}:${i % 16}`).map(
        (id) => `${generation}:${id}`,
      );
    try {
      await new Projector(new RecordStore(db, 1, PARTITIONS), DEFAULT_CLASSIFICATION).project(
        postedTo("PG07", "pg-1", "2022-04-01"),
      );
      const started = await instance(dbName);
      const loaded: number[] = [];
      const loader = new RosterLoader(started.planning, {
        ...silentLogger,
        info: (fields) => loaded.push((fields as { generation: number }).generation),
      });
      await loader.start();
      try {
        // Loading without being asked: every shard read once.
        await expect.poll(() => loaded, { timeout: 15_000 }).toEqual([1]);
        const readShards = (g: number) =>
          started
            .reads(`g${g}_planning_roster`)
            .map((id) => `${g}:${id}`)
            .filter((id) => !id.includes("stamps"));
        expect(readShards(1).sort()).toEqual(shards(1).sort());
        started.forget();
        expect(await dueIds(started.planning)).toEqual(["PG07"]);
        expect(started.reads("g1_planning_roster")).toEqual([0, 1, 2].map(rosterStampsKey));

        // A rebuild's generation: loaded within a second of the switch, before any question.
        await new Projector(new RecordStore(db, 2, PARTITIONS), DEFAULT_CLASSIFICATION).project(
          postedTo("PH08", "ph-1", "2021-04-01"),
        );
        await new Generations(db, PARTITIONS).switchTo(2);
        await expect.poll(() => loaded, { timeout: 15_000 }).toEqual([1, 2]);
        expect(readShards(2).sort()).toEqual(shards(2).sort());
        started.forget();
        expect(await dueIds(started.planning)).toEqual(["PH08"]);
        expect(started.reads("g2_planning_roster")).toEqual([0, 1, 2].map(rosterStampsKey));
      } finally {
        await loader.stop();
      }

      // Questions asked while the load runs wait for it: the roster is read once, not once per question.
      const asked = await instance(dbName);
      const early = new RosterLoader(asked.planning, silentLogger);
      await early.start();
      try {
        const answers = await Promise.all([1, 2, 3].map(() => dueIds(asked.planning)));
        expect(answers).toEqual([["PH08"], ["PH08"], ["PH08"]]);
        const read = asked.reads("g2_planning_roster").filter((id) => !String(id).startsWith("stamps"));
        expect(read.length, "shard reads").toBe(PARTITIONS * 16);
        expect(new Set(read).size).toBe(PARTITIONS * 16);
      } finally {
        await early.stop();
      }
    } finally {
      await dropDatabase(testInfra().mongoUri, dbName);
    }
  });

  it("shows a page's evidence from the shards, with no profile read; an old-shape shard's entry is read by _id", async () => {
    const dbName = `${ns.dbName}_shape`;
    const db = clients[0]!.db(dbName);
    try {
      const store = new RecordStore(db, 1, PARTITIONS);
      const projector = new Projector(store, DEFAULT_CLASSIFICATION);
      await projector.project(postedTo("PJ09", "pj-1", "2022-04-01"));
      const reader = await instance(dbName);
      const due = async () =>
        (await reader.planning.dueForRotation({ fiscalYear: 2026, department: D, minYearsInPost: 0 }, 0, ""))
          .employees;
      const [fresh] = await due();
      expect(fresh?.post?.evidence.map((e) => e.eventType)).toEqual(["hr.postings.v1.PostingRecorded"]);
      expect(reader.reads("g1_planning"), "profile reads").toEqual([]);

      // A shard as written before the evidence was kept in it: an entry without evidence, and the full
      // profile by `_id` in g1_planning.
      const old = postedTo("PK10", "pk-1", "2021-04-01");
      const history = employeeHistory("PK10", [old]);
      const profile = planningProfile(history, rotationTimeline(history));
      const bucket = rosterBucketOf("PK10");
      const partition = partitionOf("PK10", PARTITIONS);
      await store.planning.insertOne({ _id: "PK10", profile });
      const shardId = rosterKey(partition, bucket);
      const current = await store.roster.findOne({ _id: shardId });
      await store.roster.replaceOne(
        { _id: shardId },
        { partition, bucket, ...current, entries: [rosterEntryOf(profile)], stamp: "before" },
        { upsert: true },
      );
      await store.rosterStamps.updateOne(
        { _id: rosterStampsKey(partition) },
        { $set: { [rosterStampField(bucket)]: "before" } },
        { upsert: true },
      );
      reader.forget();
      const [oldShape, again] = await due();
      expect(oldShape?.employeeId).toBe("PK10");
      expect(oldShape?.post?.evidence.map((e) => e.eventId)).toEqual([old.id]);
      expect(again?.employeeId).toBe("PJ09");
      expect(reader.reads("g1_planning"), "profile reads").toEqual(["PK10"]);

      // The employee's next event moves the entry to the new shape, evidence and all.
      await projector.project(old);
      await projector.project(postedTo("PK10", "pk-2", "2022-10-01"));
      const shard = await store.roster.findOne({ _id: rosterKey(partition, bucket) });
      expect(shard?.entries).toBeUndefined();
      expect(shard?.profiles?.map((p) => p.assignments.map((a) => a.evidence.length))).toContainEqual([1, 1]);
      reader.forget();
      expect((await due()).map((e) => e.employeeId)).toEqual(["PJ09", "PK10"]);
      expect(reader.reads("g1_planning"), "profile reads").toEqual([]);
    } finally {
      await dropDatabase(testInfra().mongoUri, dbName);
    }
  });
});
