// hr-sync's cost per event as a function of one employee's history: an employee with 1,000 facts against
// one with 10, projected into a generation of their own in hr-sync's database, one event at a time (each
// its own batch: the worst case, what a trickle of events meets).
import { Projector } from "@hr/hr-sync/src/application/projector";
import { type FactDocument, factChunkWrites, RecordStore } from "@hr/hr-sync/src/application/record-store";
import { DEFAULT_CLASSIFICATION } from "@hr/hr-sync/src/domain";
import { postingsV1 } from "@hr/proto";
import type { Db } from "mongodb";
import { SKILLS } from "./commands";
import { log } from "./pool";

export interface HistoryCost {
  facts: number;
  /** Wall time per event, ms (store round trips included). */
  msPerEvent: number;
  /** CPU of this process per event, ms. */
  cpuPerEvent: number;
}

/** Each size's employee gets this many new events, timed. */
const EVENTS = 40;
/** A generation number no service uses: dropped at the end. */
const GENERATION = 9_000;

export async function historyCost(db: Db, partitions: number, sizes = [10, 1_000]): Promise<HistoryCost[]> {
  const store = new RecordStore(db, GENERATION, partitions);
  try {
    const out: HistoryCost[] = [];
    for (const size of sizes) out.push(await measure(store, size));
    return out;
  } finally {
    await store.drop();
  }
}

async function measure(store: RecordStore, size: number): Promise<HistoryCost> {
  const employeeId = `HIST${size}`;
  const projector = new Projector(store, DEFAULT_CLASSIFICATION);
  // The history, stored in bulk as the projector would have left it, then one event to build the records.
  const history = Array.from({ length: size }, (_, n) => historyFact(employeeId, n, size));
  await store.facts.insertMany(history, { ordered: false });
  const applied = history.slice(0, -1).map(({ _id, topic, partition, offset, ...fact }) => fact);
  await store.factChunks.bulkWrite(factChunkWrites(employeeId, applied, 0));
  await store.employees.replaceOne(
    { _id: employeeId },
    { factCount: applied.length, years: [] },
    { upsert: true },
  );
  await projector.project(history.at(-1)!);
  log(`hr-sync per event: employee with ${size} facts stored; projecting ${EVENTS} more, one at a time...`);
  const fresh = Array.from({ length: EVENTS }, (_, k) => historyFact(employeeId, size + k, size + EVENTS));
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  for (const fact of fresh) {
    await store.facts.insertOne(fact);
    await projector.project(fact);
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    facts: size,
    msPerEvent: (Date.now() - t0) / EVENTS,
    cpuPerEvent: (cpu.user + cpu.system) / 1000 / EVENTS,
  };
}

/**
 * The n-th of `of` facts of a 30-year career: skill assessments, and a posting every tenth fact (the
 * records then have departments and years in post), effective dates spread from FY1995 to FY2024.
 */
function historyFact(employeeId: string, n: number, of: number): FactDocument {
  const day = new Date(Date.UTC(1995, 3, 1) + Math.floor((n * 30 * 365.25 * 86_400_000) / of));
  const effectiveDate = day.toISOString().slice(0, 10);
  const id = `${employeeId}-${n}`;
  const posting = n % 10 === 0;
  const data = posting
    ? postingsV1.PostingRecorded.fromPartial({
        employeeId,
        effectiveDate,
        postingId: id,
        department: `Bureau ${n % 7}`,
        post: "ICT",
        rank: "RANK_STAFF" as postingsV1.Rank,
      })
    : { employeeId, effectiveDate, assessmentId: id, skillId: SKILLS[n % SKILLS.length], level: 1 + (n % 4) };
  return {
    _id: id,
    id,
    type: posting ? "hr.postings.v1.PostingRecorded" : "hr.skills.v1.SkillAssessed",
    employeeId,
    effectiveDate,
    recordedAt: new Date(Date.UTC(2025, 0, 1) + n * 1_000).toISOString(),
    sequence: n + 1,
    data: data as unknown as Record<string, unknown>,
    topic: posting ? "hr.postings.v1" : "hr.skills.v1",
    partition: 0,
    offset: String(n),
  };
}
