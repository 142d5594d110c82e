import { partitionOf, type ReceivedEvent } from "@hr/kit";
import { dropDatabase, testInfra, testNamespace } from "@hr/testing";
import fc from "fast-check";
import { BSON, type Db, MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChangeLog } from "../src/application/change-log";
import { RosterCache } from "../src/application/planning.roster";
import { factOf, Projector } from "../src/application/projector";
import {
  departmentKey,
  departmentNamesKey,
  emptyEvaluation,
  evaluationKey,
  RecordStore,
  rotationKey,
} from "../src/application/record-store";
import { DEFAULT_CLASSIFICATION, employeeHistory, planningProfile, rotationTimeline } from "../src/domain";
import { careerMessages, deliver, deliveryArbitrary } from "./career.messages";
import { careerArbitrary } from "./careers.arbitrary";
import { propertyRuns } from "./property-runs";
import { recordsInOrder } from "./records.oracle";

/**
 * hr-sync projects a fetched batch at a time (issue 19 item 3): several employees' events, shuffled,
 * duplicated and cut into batches of any size, against the real store. The records, listings and change
 * log must be those of the facts applied in recorded order, with a gap-free, repeat-free log.
 */
const ns = testNamespace();
const PARTITIONS = 3;
const EMPLOYEES = ["E-BATCH-1", "E-BATCH-2", "E-BATCH-3"];
let client: MongoClient;

beforeAll(async () => {
  client = await MongoClient.connect(testInfra().mongoUri);
});

afterAll(async () => {
  await client.close();
  await dropDatabase(testInfra().mongoUri, ns.dbName);
});

/** As the store gives a value back: undefined fields read as null. */
const stored = <T>(value: T): T => BSON.deserialize(BSON.serialize({ value })).value as T;

/** The batches: `cuts` split the delivered events into consecutive runs (at least one event each). */
function batches<T>(items: readonly T[], cuts: readonly number[]): T[][] {
  const out: T[][] = [];
  let at = 0;
  for (const cut of cuts) {
    if (at >= items.length) break;
    const size = 1 + (cut % Math.max(1, items.length - at));
    out.push(items.slice(at, at + size));
    at += size;
  }
  if (at < items.length) out.push(items.slice(at));
  return out;
}

async function expectRecordsOf(db: Db, store: RecordStore, appended: Map<string, ReceivedEvent[]>) {
  for (const [employeeId, events] of appended) {
    const expected = recordsInOrder(employeeId, events, DEFAULT_CLASSIFICATION);
    expect((await store.records.findOne({ _id: rotationKey(employeeId) }))?.record).toEqual(
      stored(expected.rotation),
    );
    // The transfer-planning profile, with its evidence in the roster: that of the employee's set of facts.
    const history = employeeHistory(employeeId, events.map(factOf));
    const profile = planningProfile(history, rotationTimeline(history));
    // As a question reads them, through a roster cache of its own.
    const roster = await new RosterCache(store).snapshot();
    expect(await roster.profiles([employeeId]), `${employeeId} profile`).toEqual([stored(profile)]);
    expect(
      roster.shards.flatMap((s) => s.entries).filter((e) => e.employeeId === employeeId),
      `${employeeId} roster entry`,
    ).toEqual([stored(profile)]);
    const years = new Set(expected.evaluations.map((r) => r.fiscalYear));
    const index = await store.employees.findOne({ _id: employeeId });
    // Every year the index ever had is either a record as expected, or emptied (no record, unlisted).
    for (const fiscalYear of new Set([...years, ...(index?.years ?? []).map((y) => y.fiscalYear)])) {
      const record = expected.evaluations.find((r) => r.fiscalYear === fiscalYear);
      const doc = await store.records.findOne({ _id: evaluationKey(employeeId, fiscalYear) });
      expect(doc?.record ?? null, `${employeeId} FY${fiscalYear}`).toEqual(record ? stored(record) : null);
    }
    for (const record of expected.evaluations) {
      const shard = departmentKey(record.fiscalYear, record.department, partitionOf(employeeId, PARTITIONS));
      expect((await store.departments.findOne({ _id: shard }))?.employeeIds).toContain(employeeId);
    }
    // No listing names the employee for a year and department it is not in.
    for await (const shard of store.departments.find({})) {
      if (!shard.employeeIds.includes(employeeId)) continue;
      expect(
        expected.evaluations.some(
          (r) => r.fiscalYear === shard.fiscalYear && r.department === shard.department,
        ),
        `${employeeId} listed in ${shard._id}`,
      ).toBe(true);
    }
  }
  // The year's department names (the pages' list): per partition, the departments whose listing shard holds anyone.
  const named = new Map<string, string[]>();
  for await (const shard of store.departments.find({})) {
    if (shard.employeeIds.length === 0) continue;
    const key = departmentNamesKey(shard.fiscalYear, shard.partition);
    named.set(key, [...(named.get(key) ?? []), shard.department].sort());
  }
  const names = new Map<string, string[]>();
  for await (const shard of store.departmentNames.find({})) {
    if (shard.departments.length > 0) names.set(shard._id, shard.departments);
  }
  expect(names, "department names").toEqual(named);
  // The change log: positions 1..n without a gap, no cause twice, and each record's last change is the record.
  const log = new ChangeLog(db);
  const head = await log.head();
  const last = new Map<string, unknown>();
  const causes = new Set<string>();
  for (let position = 1; position <= head; position++) {
    const doc = await db.collection<{ _id: string; cause: string }>("hr_sync_changes").findOne({
      _id: String(position).padStart(15, "0"),
    });
    expect(doc, `position ${position}`).not.toBeNull();
    expect(causes.has(doc!.cause), `cause ${doc!.cause} twice`).toBe(false);
    causes.add(doc!.cause);
    const change = (await log.at(position))!.change;
    last.set(change.recordKey, change.record);
  }
  for (const [recordKey, record] of last) {
    const doc = await store.records.findOne({ _id: recordKey });
    if (doc) {
      expect(record, recordKey).toEqual(doc.record);
      continue;
    }
    // An emptied year is announced with what a year without facts reads as.
    const [kind, employeeId, fiscalYear] = recordKey.split(":");
    expect(kind, `${recordKey} has no record`).toBe("evaluation");
    expect(record, `${recordKey} emptied`).toEqual(stored(emptyEvaluation(employeeId!, Number(fiscalYear))));
  }
}

describe("projecting a batch at a time", () => {
  it("given several employees' careers delivered shuffled, duplicated and cut into batches, then records, listings, department names and the change log are those of the facts applied in order", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(careerArbitrary(), careerArbitrary(), careerArbitrary()),
        deliveryArbitrary,
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        async (careers, delivery, cuts) => {
          run += 1;
          const db = client.db(`${ns.dbName}_${run}`);
          try {
            // Facts in chunks of 4: batches cross chunks.
            const store = new RecordStore(db, 1, PARTITIONS, 4);
            const changes = new ChangeLog(db);
            await changes.init();
            const projector = new Projector(store, DEFAULT_CLASSIFICATION, changes);
            const appended = new Map(
              EMPLOYEES.map((id, i) => [
                id,
                careerMessages(careers[i]!, id, { partitions: PARTITIONS }).map((m) => m.received),
              ]),
            );
            const delivered = deliver([...appended.values()].flat(), delivery);
            for (const batch of batches(delivered, cuts)) await projector.handleBatch(batch);
            await expectRecordsOf(db, store, appended);
            // A redelivery of everything (a crash before the offsets were committed) changes nothing.
            const head = await changes.head();
            await projector.handleBatch(delivered);
            expect(await new ChangeLog(db).head()).toBe(head);
          } finally {
            await db.dropDatabase();
          }
        },
      ),
      { ...propertyRuns("batch projection", 8, "BATCH_PROJECTION_RUNS"), endOnFailure: true },
    );
  }, 600_000);
});
