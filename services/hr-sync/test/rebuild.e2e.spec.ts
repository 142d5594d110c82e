import { type ReceivedEvent, type RunningService, signToken, startEventSourcedService } from "@hr/kit";
import { serviceOverrides, serviceUnderTest, testInfra, testNamespace, waitFor } from "@hr/testing";
import { Kafka, logLevel } from "kafkajs";
import { type Db, MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChangeLog } from "../src/application/change-log";
import { LiveProjection } from "../src/application/live-projection";
import { Generations, RecordStore } from "../src/application/record-store";
import { DEFAULT_CLASSIFICATION } from "../src/domain";
import { hrSyncService } from "../src/hr-sync.service";

/**
 * Rebuilds beside other instances and over topics that lost history (issue 17 items 1 and 4), against the
 * run's real broker and store: two hr-sync instances of one deployment (one database, one consumer group).
 */
const ns = testNamespace();
const syncDb = `${ns.dbName}_sync`;
const PARTITIONS = 3; // serviceOverrides
const kit = { start: startEventSourcedService, sign: signToken };
const first = serviceUnderTest(hrSyncService, ns, { ...kit, dbName: syncDb });
const EMPLOYEES = Array.from({ length: 30 }, (_, i) => `RB${String(i + 1).padStart(3, "0")}`);
const kafka = new Kafka({ brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING });
let mongo: MongoClient;
let db: Db;
let second: RunningService | undefined;

beforeAll(async () => {
  mongo = await new MongoClient(testInfra().mongoUri).connect();
  db = mongo.db(syncDb);
});

afterAll(async () => {
  await second?.stop();
  await mongo?.close();
});

const recordPosting = async (employeeId: string, effectiveDate: string) => {
  const reply = await first.rest("POST", `/v1/employees/${employeeId}/postings`, {
    requestId: `${employeeId}-${effectiveDate}`,
    effectiveDate,
    department: "再構築局 総務課",
    post: "主事",
    kind: "POSTING_KIND_REGULAR_TRANSFER",
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
};

const activeGeneration = () => new Generations(db, PARTITIONS).activeGeneration();

/** Waits until every employee's rotation record in the active generation has `count` assignments. */
const everyEmployeeHas = (count: number) =>
  waitFor(
    async () => {
      const store = new RecordStore(db, await activeGeneration(), PARTITIONS);
      const records = await Promise.all(EMPLOYEES.map((id) => store.rotation(id)));
      return records.every((r) => r?.assignments.length === count) ? true : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 500, what: `${count} assignments for every employee` },
  );

const startRebuild = async (requestId: string) => {
  const started = await first.rest("POST", "/v1/rebuilds", { requestId }, ["hr-admin"]);
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  return started.body.status;
};
const rebuildStatus = async () =>
  (await first.rest("GET", "/v1/rebuilds/current", undefined, ["hr-admin"])).body.status;
const rebuildEnded = () =>
  waitFor(
    async () => {
      const status = await rebuildStatus();
      return status.state === "REBUILD_STATE_REPLAYING" ? undefined : status;
    },
    { timeoutMs: 120_000, intervalMs: 200, what: "the rebuild to end" },
  );

/** Every record document of a generation, sorted. */
async function recordsOf(generation: number) {
  const docs = await db.collection(`g${generation}_records`).find({}).toArray();
  return docs
    .map(({ _id, record }) => ({ _id: String(_id), record }))
    .sort((a, b) => (a._id < b._id ? -1 : 1));
}
const building = () =>
  db.collection<{ _id: string; generation: number }>("hr_sync_meta").findOne({ _id: "building" });
const collectionsOf = async (generation: number) =>
  (await db.listCollections().toArray()).map((c) => c.name).filter((n) => n.startsWith(`g${generation}_`));

describe("an instance started during a rebuild", () => {
  it("writes to the new generation too: nothing it projects is missing after the switch", async () => {
    for (const id of EMPLOYEES) await recordPosting(id, "2024-04-01");
    await everyEmployeeHas(1);
    const before = await activeGeneration();

    await startRebuild("rb-scale-up");
    // A rolling update's new pod, a restart, a scale-up: a second instance of the same deployment.
    second = await startEventSourcedService(hrSyncService, { ...serviceOverrides(ns), dbName: syncDb });
    expect((await rebuildStatus()).state, "the second instance started after the rebuild ended").toBe(
      "REBUILD_STATE_REPLAYING",
    );
    const done = await rebuildEnded();
    expect(done.state, done.error).toBe("REBUILD_STATE_SWITCHED");
    expect(await activeGeneration()).toBe(done.generation);
    expect(done.generation).toBeGreaterThan(before);

    // Both instances consume now: each projects the partitions it owns into the active generation.
    const admin = kafka.admin();
    await admin.connect();
    await waitFor(
      async () => {
        const { groups } = await admin.describeGroups([`${ns.topic("")}hr-sync`]);
        return groups[0]?.state === "Stable" && groups[0].members.length === 2 ? true : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: "both instances in the group" },
    );
    await admin.disconnect();
    for (const id of EMPLOYEES) await recordPosting(id, "2025-04-01");
    await everyEmployeeHas(2);
  }, 300_000);
});

describe("a rebuild refuses to switch, the live records stay and the new generation is dropped", () => {
  it("when another instance projected into the new generation while the replay ran", async () => {
    await second?.stop();
    second = undefined;
    const generation = await activeGeneration();
    const live = await recordsOf(generation);
    // Another instance's live projection (the same code, the same database) handles an event while the
    // new generation is being replayed; twice, so the second rebuild (which fills the same generation
    // number) must notice it too.
    const other = new LiveProjection({
      db,
      partitions: PARTITIONS,
      classification: DEFAULT_CLASSIFICATION,
      generations: new Generations(db, PARTITIONS),
      changes: new ChangeLog(db),
    });
    for (const effectiveDate of ["2026-04-01", "2027-04-01"]) {
      // Once the group has only the first instance, a rebuild starts there.
      await waitFor(
        async () => {
          const reply = await first.rest("POST", "/v1/rebuilds", { requestId: `rb-${effectiveDate}` }, [
            "hr-admin",
          ]);
          return reply.status === 200 ? reply.body.status : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 1_000, what: "a rebuild accepted with one instance" },
      );
      const build = await waitFor(async () => (await building()) ?? undefined, {
        timeoutMs: 30_000,
        intervalMs: 100,
        what: "the generation being built in hr_sync_meta",
      });
      const event = postingEvent(EMPLOYEES[0]!, effectiveDate);
      await other.handle(event);
      // It wrote to the generation being built as well as to the live one.
      const mirrored = await db.collection(`g${build.generation}_facts`).findOne({ _id: event.id as never });
      expect(mirrored).not.toBeNull();

      const done = await rebuildEnded();
      expect(done.state).toBe("REBUILD_STATE_FAILED");
      expect(done.error).toContain("another hr-sync instance");
      expect(done.generation).toBe(generation + 1);
      expect(await activeGeneration()).toBe(generation);
      expect(await collectionsOf(done.generation)).toEqual([]);
      expect(await building()).toBeNull();
    }
    // The live records stay, with the other instance's event in them too.
    const others = (records: typeof live) => records.filter((d) => !d._id.includes(EMPLOYEES[0]!));
    expect(others(await recordsOf(generation))).toEqual(others(live));
    const store = new RecordStore(db, generation, PARTITIONS);
    expect((await store.rotation(EMPLOYEES[0]!))?.assignments.map((a) => a.startedOn)).toEqual([
      "2024-04-01",
      "2025-04-01",
      "2026-04-01",
      "2027-04-01",
    ]);
  }, 240_000);

  it("when the new generation holds fewer facts than the live one", async () => {
    const generation = await activeGeneration();
    const live = await recordsOf(generation);
    // A fact the topics no longer have (as after a topic was recreated): the replay cannot bring it back.
    await db.collection(`g${generation}_facts`).insertOne({ _id: "rb-gone" as never, employeeId: "RB-GONE" });
    await startRebuild("rb-fewer-facts");
    const done = await rebuildEnded();
    expect(done.state).toBe("REBUILD_STATE_FAILED");
    expect(done.error).toMatch(/the new generation holds \d+ facts, the live one \d+/);
    expect(await activeGeneration()).toBe(generation);
    expect(await recordsOf(generation)).toEqual(live);
    expect(await collectionsOf(done.generation)).toEqual([]);
    await db.collection(`g${generation}_facts`).deleteOne({ _id: "rb-gone" as never });
  }, 180_000);

  it("when a replayed topic no longer starts at offset 0 (records deleted)", async () => {
    const generation = await activeGeneration();
    const live = await recordsOf(generation);
    const topic = ns.topic("hr.postings.v1");
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [withRecords] = (await admin.fetchTopicOffsets(topic)).filter((p) => Number(p.high) > 0);
      await admin.deleteTopicRecords({
        topic,
        partitions: [{ partition: withRecords!.partition, offset: "1" }],
      });
    } finally {
      await admin.disconnect();
    }
    await startRebuild("rb-deleted-records");
    const done = await rebuildEnded();
    expect(done.state).toBe("REBUILD_STATE_FAILED");
    expect(done.error).toContain("not switched, the live records stay");
    expect(done.error).toMatch(/partition \d+ starts at offset 1, not 0/);
    expect(await activeGeneration()).toBe(generation);
    expect(await recordsOf(generation)).toEqual(live);
    expect(await collectionsOf(done.generation)).toEqual([]);
  }, 180_000);
});

/** A PostingRecorded as the consumer hands it over. */
function postingEvent(employeeId: string, effectiveDate: string): ReceivedEvent {
  const id = `rb-other-${employeeId}-${effectiveDate}`;
  return {
    id,
    source: "/e2e",
    type: "hr.postings.v1.PostingRecorded",
    subject: employeeId,
    time: new Date().toISOString(),
    effectiveDate,
    sequence: "1",
    key: employeeId,
    topic: ns.topic("hr.postings.v1"),
    partition: 0,
    offset: "0",
    event: {
      type: "PostingRecorded",
      data: {
        employeeId,
        effectiveDate,
        postingId: id,
        department: "再構築局 総務課",
        post: "主事",
        kind: "POSTING_KIND_REGULAR_TRANSFER",
      },
    },
  } as ReceivedEvent;
}
