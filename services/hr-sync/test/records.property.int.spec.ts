import type { ReceivedEvent } from "@hr/kit";
import type { syncV1 } from "@hr/proto";
import { testInfra, testNamespace } from "@hr/testing";
import fc from "fast-check";
import { BSON, type Collection, type Db, MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChangeLog } from "../src/application/change-log";
import { PlanningQueries } from "../src/application/planning.queries";
import { Projector } from "../src/application/projector";
import {
  emptyEvaluation,
  evaluationKey,
  Generations,
  RecordStore,
  rotationKey,
} from "../src/application/record-store";
import { DEFAULT_CLASSIFICATION } from "../src/domain";
import { careerMessages, deliver, deliveryArbitrary } from "./career.messages";
import { careerArbitrary } from "./careers.arbitrary";
import { propertyRuns } from "./property-runs";
import { NO_FILTER, PLANNING_QUERY, type PlanningAnswer, recordsInOrder } from "./records.oracle";

/**
 * Level 2 of the records property (issue 17, "Proof"), against the real store: each random career is
 * projected by the real Projector twice. Live: delivered shuffled and duplicated, with restarts in between,
 * each after the process died part-way through an event (between two of its writes), which is then
 * redelivered, as Kafka does when the offset was not committed. Rebuilt: into a fresh generation, each
 * topic in order, the topics interleaved, as a rebuild's replay reads them. Both generations must hold the
 * oracle's records (the facts applied in recorded order, `records.oracle.ts`) year by year, and list the
 * employee in the oracle's departments; the change log's last word on each record is the record.
 *
 * A year that drops out (a fiscal year the live generation once had a record for, which the oracle no
 * longer computes) must read exactly as a year that never had one: no stored record other than the empty
 * one (`emptyEvaluation`, what GetEvaluationRecord answers for a year without a record, so it equals the
 * rebuild's answer), listed in no department, and its last change the empty record, so WatchChanges
 * clients see the removal. The rebuild stores exactly the oracle's years.
 *
 * Transfer planning's answers (issue 21) are part of it: in a few fiscal years of the career, the due list,
 * the candidates for a fixed search and the departments to choose from, asked of the live generation and
 * then of the rebuilt one (switched to, as a rebuild does) through `PlanningQueries`, the code behind the
 * gRPC and REST operations, equal the oracle's (the domain functions applied to the facts in order).
 */

const ns = testNamespace();
const infra = testInfra();
const PARTITIONS = 3;
const c = DEFAULT_CLASSIFICATION;
/** The live generation keeps facts in chunks of 3: a career's facts span several, crossed under crashes. */
const FACTS_PER_TEST_CHUNK = 3;
let client: MongoClient;
let employees = 0;

beforeAll(async () => {
  client = await new MongoClient(infra.mongoUri).connect();
});

afterAll(async () => {
  await client?.close();
});

/** Thrown by a store whose process died: the event's remaining writes never happen. */
class ProcessDied extends Error {}

const WRITES = new Set([
  "insertOne",
  "insertMany",
  "replaceOne",
  "updateOne",
  "updateMany",
  "deleteOne",
  "deleteMany",
  "findOneAndUpdate",
  "findOneAndReplace",
  "bulkWrite",
]);

/** The same generation, seen by a process that dies before its `writes`+1-th write. */
function dyingAfter(writes: number, store: RecordStore): RecordStore {
  let left = writes;
  const dying = <T extends object>(collection: Collection<T>) =>
    new Proxy(collection, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value !== "function") return value;
        if (!WRITES.has(String(name))) return value.bind(target);
        return (...args: unknown[]) => {
          if (left-- <= 0) return Promise.reject(new ProcessDied("the process died here"));
          return value.apply(target, args);
        };
      },
    });
  const copy = new RecordStore(store.db, store.generation, store.partitions, store.factsPerChunk);
  return Object.assign(copy, {
    facts: dying(store.facts),
    employees: dying(store.employees),
    factChunks: dying(store.factChunks),
    records: dying(store.records),
    departments: dying(store.departments),
    roster: dying(store.roster),
  });
}

const caseArbitrary = fc.record({
  career: careerArbitrary({ maxSteps: 6 }),
  delivery: deliveryArbitrary,
  /** Where the process dies (a delivery's position) and after how many of that event's writes. */
  crashes: fc.array(fc.tuple(fc.nat(), fc.nat(15)), { maxLength: 3 }),
  /** How the rebuild's replay interleaves the four topics. */
  replay: fc.array(fc.nat(), { minLength: 1, maxLength: 16 }),
  /** Which fiscal years transfer planning is asked about (indexes into the oracle's years). */
  planningYears: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
});
type Case = typeof caseArbitrary extends fc.Arbitrary<infer C> ? C : never;

/** The live generation: deliveries in the drawn order, a process that dies at each crash, then a new one. */
async function projectLive(
  store: RecordStore,
  deliveries: readonly ReceivedEvent[],
  crashes: Case["crashes"],
) {
  const newProcess = () => new Projector(store, c, new ChangeLog(store.db));
  let projector = newProcess();
  for (const [i, received] of deliveries.entries()) {
    for (const [at, writes] of crashes) {
      if (at % deliveries.length !== i) continue;
      await new Projector(dyingAfter(writes, store), c, new ChangeLog(store.db))
        .handle(received)
        .catch((error) => {
          if (!(error instanceof ProcessDied)) throw error;
        });
      projector = newProcess();
    }
    await projector.handle(received);
  }
}

/** What a rebuild reads: each topic in its order, the topics interleaved as `replay` says. */
function replayOrder(inRecordedOrder: readonly ReceivedEvent[], replay: readonly number[]): ReceivedEvent[] {
  const byTopic = new Map<string, ReceivedEvent[]>();
  for (const r of inRecordedOrder) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
  const queues = [...byTopic.values()];
  const out: ReceivedEvent[] = [];
  for (let i = 0; queues.some((q) => q.length); i++) {
    const open = queues.filter((q) => q.length);
    out.push(open[replay[i % replay.length]! % open.length]!.shift()!);
  }
  return out;
}

/** As the store holds a value (an undefined field becomes null), so oracle and stored records compare. */
const asStored = <T>(value: T): T => BSON.deserialize(BSON.serialize({ value })).value as T;

/** A generation as queries read it: stored evaluation records by year, and the listings naming the employee. */
async function stored(store: RecordStore, employeeId: string) {
  const evaluations = new Map<number, syncV1.EvaluationRecord>();
  // Scans of one career's own generation: small, and a test's reads, not a hot path.
  for await (const doc of store.records.find({ kind: "evaluation" })) {
    const record = doc.record as syncV1.EvaluationRecord;
    evaluations.set(record.fiscalYear, record);
  }
  const listings: string[] = [];
  for await (const doc of store.departments.find({})) {
    if (doc.employeeIds.includes(employeeId)) listings.push(`${doc.fiscalYear}:${doc.department}`);
  }
  return { rotation: await store.rotation(employeeId), evaluations, listings: [...new Set(listings)].sort() };
}

/**
 * Transfer planning's answers about the career's employee (the only one of its generation) in the years
 * given, as the operations ask them of `PlanningQueries`: every list whole (one page), at the configured
 * threshold, with no filter. Each list's `totalSize` (counted on the roster, while a page's entries are
 * computed from the profiles) must be the entries': a stale roster would show there.
 */
async function askPlanning(queries: PlanningQueries, years: readonly number[]): Promise<PlanningAnswer[]> {
  const answers: PlanningAnswer[] = [];
  for (const fiscalYear of years) {
    const due = await queries.dueForRotation({ fiscalYear, department: "", minYearsInPost: 0 }, 0, "");
    const found = await queries.candidates({ ...PLANNING_QUERY, fiscalYear, ...NO_FILTER }, 0, "");
    expect(due.totalSize, `FY${fiscalYear} ListDueForRotation's totalSize`).toBe(due.employees.length);
    expect(found.totalSize, `FY${fiscalYear} FindCandidates' totalSize`).toBe(found.candidates.length);
    answers.push({
      fiscalYear,
      due: due.employees,
      candidates: found.candidates,
      departments: await queries.departments(fiscalYear),
    });
  }
  return answers;
}

/** Each change log entry's record after `from`, the last one per record key of `employeeId`. */
async function lastChanges(db: Db, employeeId: string): Promise<Map<string, unknown>> {
  const log = new ChangeLog(db);
  const out = new Map<string, unknown>();
  for (let position = 1; ; position++) {
    const logged = await log.at(position);
    if (!logged) return out;
    const { recordKey, record } = logged.change;
    if (recordKey === rotationKey(employeeId) || recordKey.startsWith(`evaluation:${employeeId}:`))
      out.set(recordKey, record);
  }
}

async function checkCase(one: Case): Promise<void> {
  const employeeId = `P${ns.id}-${++employees}`;
  // A database of the career's own: its two generations and change log see no other career's writes.
  const db = client.db(`${ns.dbName}-${employees}`);
  await new ChangeLog(db).init();
  const appended = careerMessages(one.career, employeeId, { partitions: PARTITIONS }).map((m) => m.received);
  const oracle = recordsInOrder(employeeId, appended, c);
  const live = new RecordStore(db, 1, PARTITIONS, FACTS_PER_TEST_CHUNK);
  const rebuilt = new RecordStore(db, 2, PARTITIONS);
  try {
    await projectLive(live, deliver(appended, one.delivery), one.crashes);
    const building = new Projector(rebuilt, c);
    for (const received of replayOrder(appended, one.replay)) await building.handle(received);
    const fromLive = await stored(live, employeeId);
    const fromRebuild = await stored(rebuilt, employeeId);
    const changes = await lastChanges(db, employeeId);

    // Every year anyone has a word on: the oracle's, both generations' and the change log's (years
    // that dropped out are there, announced empty).
    const expected = new Map(oracle.evaluations.map((r) => [r.fiscalYear, asStored(r)]));
    const years = new Set([
      ...expected.keys(),
      ...fromLive.evaluations.keys(),
      ...fromRebuild.evaluations.keys(),
      ...[...changes.keys()]
        .filter((k) => k.startsWith("evaluation:"))
        .map((k) => Number(k.split(":").at(-1))),
    ]);
    /** What GetEvaluationRecord answers: the stored record, else the empty one (a year without facts). */
    const read = (records: Map<number, syncV1.EvaluationRecord>, fy: number) =>
      records.get(fy) ?? asStored(emptyEvaluation(employeeId, fy));
    const byYear = (records: Map<number, syncV1.EvaluationRecord>) =>
      new Map([...years].sort((a, b) => a - b).map((fy) => [fy, read(records, fy)]));

    expect(fromRebuild.rotation, "the rebuild's rotation record").toEqual(asStored(oracle.rotation));
    expect(byYear(fromRebuild.evaluations), "the rebuild's evaluation records by fiscal year").toEqual(
      byYear(expected),
    );
    expect([...fromRebuild.evaluations.keys()].sort(), "the years the rebuild stores").toEqual(
      [...expected.keys()].sort(),
    );
    expect(fromLive.rotation, "the live rotation record").toEqual(asStored(oracle.rotation));
    expect(byYear(fromLive.evaluations), "the live evaluation records by fiscal year").toEqual(
      byYear(expected),
    );

    const listings = oracle.evaluations.map((r) => `${r.fiscalYear}:${r.department}`).sort();
    expect(fromRebuild.listings, "the rebuild's department listings").toEqual(listings);
    expect(fromLive.listings, "the live department listings").toEqual(listings);

    const lastWord = new Map([...changes].map(([key, record]) => [key, asStored(record)]));
    expect(lastWord, "the change log's last change of each record (WatchChanges)").toEqual(
      new Map<string, unknown>([
        [rotationKey(employeeId), fromLive.rotation],
        ...[...years].map((fy) => [evaluationKey(employeeId, fy), read(fromLive.evaluations, fy)] as const),
      ]),
    );

    // Transfer planning, through the queries the operations use: the live generation, then the rebuilt one.
    const all = oracle.planning.answers;
    const asked = all.filter((_, i) => one.planningYears.some((n) => n % all.length === i));
    const expectedAnswers = asStored(asked);
    const generations = new Generations(db, PARTITIONS);
    const queries = new PlanningQueries(generations, c);
    const askedYears = asked.map((a) => a.fiscalYear);
    expect(await askPlanning(queries, askedYears), "the live planning answers").toEqual(expectedAnswers);
    await generations.switchTo(rebuilt.generation);
    expect(await generations.activeGeneration(), "the generation queries read").toBe(rebuilt.generation);
    expect(await askPlanning(queries, askedYears), "the rebuild's planning answers").toEqual(expectedAnswers);
  } finally {
    await db.dropDatabase();
  }
}

/**
 * Sized for CI's budget (at most about a minute on the shared 2-core machine, even at its heaviest load):
 * 2 runs of up to 6 careers, each run's careers projected concurrently, since the time goes to store round
 * trips. `RECORDS_PROPERTY_STORE_RUNS` runs longer (its own variable: the unit level's
 * `RECORDS_PROPERTY_RUNS` counts in thousands).
 */
const RUNS = 2;
const CAREERS_PER_RUN = 6;

describe("records property against the real store (issue 17)", () => {
  it("given random careers delivered shuffled and duplicated with crashes and restarts, then the live records, a rebuild's records and the records of the facts in order are equal year by year", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(caseArbitrary, { minLength: 1, maxLength: CAREERS_PER_RUN }),
        async (cases) => {
          await Promise.all(cases.map(checkCase));
        },
      ),
      propertyRuns("records property against the real store", RUNS, "RECORDS_PROPERTY_STORE_RUNS"),
    );
  }, 3_600_000);
});
