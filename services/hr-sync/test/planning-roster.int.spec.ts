import { postingsV1, syncV1 } from "@hr/proto";
import { dropDatabase, testInfra, testNamespace } from "@hr/testing";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PlanningQueries } from "../src/application/planning.queries";
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
import { DEFAULT_CLASSIFICATION, type Fact } from "../src/domain";
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

/** An hr-sync instance's query side: its own client, generations view and roster cache. */
async function instance() {
  const client = await MongoClient.connect(testInfra().mongoUri);
  clients.push(client);
  const generations = new Generations(client.db(ns.dbName), PARTITIONS);
  return { generations, planning: new PlanningQueries(generations, DEFAULT_CLASSIFICATION) };
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
      { ...shard, entries: [...shard.entries, entry!], stamp: "next" },
    );
    expect(await cached()).toEqual(["PE05", "PF06"]);
  });
});
