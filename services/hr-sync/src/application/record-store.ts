import { createHash } from "node:crypto";
import { insertOnce } from "@hr/kit";
import { syncV1 } from "@hr/proto";
import type { AnyBulkWriteOperation, Collection, Db } from "mongodb";
import type { Fact, PlanningProfile, RotationTimeline } from "../domain";
import type { RecordChange } from "./change-log";

/** Where each record lives: `_id` only, so every read and write is an indexed `_id` lookup. */
export const rotationKey = (employeeId: string) => `rotation:${employeeId}`;
export const evaluationKey = (employeeId: string, fiscalYear: number) =>
  `evaluation:${employeeId}:${fiscalYear}`;
/**
 * What a year without facts reads as: the record an emptied year is announced with. Absent optional
 * fields are left out, not `undefined`: the store would keep those as null, which gRPC cannot encode.
 */
export const emptyEvaluation = (employeeId: string, fiscalYear: number) =>
  Object.fromEntries(
    Object.entries(syncV1.EvaluationRecord.fromPartial({ employeeId, fiscalYear })).filter(
      ([, value]) => value !== undefined,
    ),
  ) as syncV1.EvaluationRecord;
/**
 * A department's listing is sharded by the Kafka partition of its employees' events: each shard has one
 * writer, the instance that owns the partition (see the co-partitioned assignor), so listings take no
 * read-then-write race between instances.
 */
export const departmentKey = (fiscalYear: number, department: string, partition: number) =>
  `${fiscalYear}:${department}:${partition}`;

/**
 * The transfer-planning roster: every employee's profile with its evidence, in shards of a partition
 * (one writer: the instance owning it, as for listings) split into buckets by a hash of the employee id,
 * so a shard stays small to rewrite. Queries keep it in memory (`RosterCache`, planning.roster.ts) and
 * re-read by `_id` only the shards whose stamp changed.
 */
export const ROSTER_BUCKETS = 16;
export const rosterKey = (partition: number, bucket: number) => `${partition}:${bucket}`;
export const rosterBucketOf = (employeeId: string) =>
  createHash("sha256").update(employeeId).digest().readUInt16BE(0) % ROSTER_BUCKETS;
/** The `_id` of a partition's roster stamps, in the roster's collection. */
export const rosterStampsKey = (partition: number) => `stamps:${partition}`;
/** The field of a shard's stamp in its partition's stamps document. */
export const rosterStampField = (bucket: number) => `b${bucket}`;

/** One roster shard: its employees' profiles, by employee id. */
export interface RosterDocument {
  _id: string;
  partition: number;
  bucket: number;
  /** Full profiles with their evidence: a page shows them as they are (absent in a shard written before). */
  profiles?: PlanningProfile[];
  /**
   * Profiles without evidence, as shards held them before `profiles` (a page reads these employees' full
   * profiles by `_id` from `g<N>_planning`); each moves to `profiles` with the employee's next projection.
   */
  entries?: PlanningProfile[];
  /** New with every write, set in the partition's stamps first; absent in a shard written before stamps. */
  stamp?: string;
}

/**
 * A partition's roster stamps (`_id` = `rosterStampsKey`): per bucket (`rosterStampField`) the stamp of
 * the shard's latest write, set in the same ordered bulk write just before the shard. A query reads these
 * few small documents instead of the whole roster.
 */
export type RosterStampsDocument = { _id: string } & Record<string, string>;

/**
 * An employee's transfer-planning profile with its evidence (`_id` = employee id), as written before the
 * roster shards carried the evidence: read only for a shard's `entries` of that time.
 */
export interface PlanningDocument {
  _id: string;
  profile: PlanningProfile;
}

/** The shard, per fiscal year and partition, of the departments whose listing shard holds anyone. */
export const departmentNamesKey = (fiscalYear: number, partition: number) => `${fiscalYear}:${partition}`;

/** Department names sorted as a Japanese reader expects (kana by reading order, then the rest). */
export const JAPANESE_ORDER = new Intl.Collator("ja");

export interface FactDocument extends Fact {
  _id: string;
  topic: string;
  partition: number;
  offset: string;
}

/** What the employee index knows of one fiscal year's evaluation record. */
export interface IndexedYear {
  fiscalYear: number;
  /** Hash of the record as last written (and announced on the change log). */
  hash: string;
  /** The department whose listing holds the employee for that year. */
  department: string;
}

/**
 * Per employee (`_id` = employee id): how many facts are applied, what each record was last written as,
 * where it is listed. The facts themselves are in the employee's fact chunks (`FactChunkDocument`), so
 * this document stays small however long the history. No field name is built from input (ids,
 * departments, years are values only): the store refuses `.`, `$` and NUL in field names, and an index
 * that cannot be saved would lose the employee's history.
 */
export interface EmployeeIndexDocument {
  _id: string;
  /** The applied facts: the first `factCount` of the chunks, in order. Written after the chunks. */
  factCount: number;
  /** Hash of the rotation record as last written; absent before the first. */
  rotationHash?: string;
  /** Every year with an evaluation record, ascending: what a later event must rewrite or empty. */
  years: IndexedYear[];
  /** Hash of the transfer-planning profile as last written; absent before the first. */
  planningHash?: string;
  /** New with every write: a process's cached facts of the employee are valid while it is unchanged. */
  stamp?: string;
}

/**
 * How many facts a chunk holds. Adding facts rewrites the last chunk (and inserts the next ones), so an
 * event writes at most this many facts whatever the length of the history; reading it all is
 * `factCount / FACTS_PER_CHUNK` reads by `_id`.
 */
export const FACTS_PER_CHUNK = 50;

/** The `_id` of an employee's n-th chunk of facts (unique for any employee id: `n` has no `:`). */
export const factChunkKey = (employeeId: string, n: number) => `${employeeId}:${n}`;

/** Facts `FACTS_PER_CHUNK * n` and on of an employee, in the order they were applied. */
export interface FactChunkDocument {
  _id: string;
  employeeId: string;
  facts: Fact[];
}

/**
 * The writes that store `facts` (all of an employee's applied facts, in order) when the chunks hold the
 * first `stored` of them already: the chunk `stored` falls in (rewritten, its facts before `stored`
 * unchanged) and the chunks after it. A chunk may hold facts past its index's `factCount` (a process that
 * died before its index write): those are dropped on reading and overwritten here.
 */
export function factChunkWrites(
  employeeId: string,
  facts: readonly Fact[],
  stored: number,
  perChunk = FACTS_PER_CHUNK,
): AnyBulkWriteOperation<FactChunkDocument>[] {
  const writes: AnyBulkWriteOperation<FactChunkDocument>[] = [];
  for (let n = Math.floor(stored / perChunk); n * perChunk < facts.length; n++) {
    const _id = factChunkKey(employeeId, n);
    const replacement = { employeeId, facts: facts.slice(n * perChunk, (n + 1) * perChunk) };
    writes.push({ replaceOne: { filter: { _id }, replacement, upsert: true } });
  }
  return writes;
}

/** The chunks' `_id`s holding the first `count` facts of an employee. */
export const factChunkKeys = (employeeId: string, count: number, perChunk = FACTS_PER_CHUNK) =>
  Array.from({ length: Math.ceil(count / perChunk) }, (_, n) => factChunkKey(employeeId, n));

/**
 * The index as stored before the facts moved to chunks: the ids of the applied facts (and, in its last
 * form, the facts themselves; in its first, maps `recordHashes` keyed by record key and `departments`
 * keyed by fiscal year instead of `rotationHash` and `years`).
 */
interface FormerEmployeeIndex {
  _id: string;
  factIds: string[];
  facts?: Fact[];
  rotationHash?: string;
  years?: IndexedYear[];
  planningHash?: string;
  recordHashes?: Record<string, string>;
  departments?: Record<string, string>;
}

/** The facts a former index says are applied, still to be moved into chunks. */
export interface UnchunkedFacts {
  factIds: string[];
  /** Kept in the index, in `factIds`' order; absent in its first form (then read by id). */
  facts?: Fact[];
}

/**
 * A stored index in the current shape, whatever shape it was stored in: a former one has no fact in
 * chunks yet (`factCount` 0) and gives its applied facts as `unchunked`; the employee's next write moves
 * them into chunks and rewrites the index.
 */
export function employeeIndexOf(
  doc: EmployeeIndexDocument | FormerEmployeeIndex | null,
  employeeId: string,
): { index: EmployeeIndexDocument; unchunked?: UnchunkedFacts } {
  if (!doc) return { index: { _id: employeeId, factCount: 0, years: [] } };
  if (!("factIds" in doc)) return { index: doc };
  const { factIds, facts, rotationHash, planningHash, recordHashes, departments } = doc;
  const years =
    doc.years ??
    Object.entries(departments ?? {})
      .map(([fy, department]) => ({
        fiscalYear: Number(fy),
        hash: recordHashes?.[evaluationKey(employeeId, Number(fy))] ?? "",
        department,
      }))
      .sort((a, b) => a.fiscalYear - b.fiscalYear);
  const rotation = rotationHash ?? recordHashes?.[rotationKey(employeeId)];
  return {
    index: {
      _id: employeeId,
      factCount: 0,
      years,
      ...(rotation ? { rotationHash: rotation } : {}),
      ...(planningHash ? { planningHash } : {}),
    },
    unchunked: { factIds, ...(facts ? { facts } : {}) },
  };
}

/**
 * A stored evaluation record in the contract's current shape. Records stay for years while the contract
 * grows: one stored before a field was added lacks it, and an absent optional field written as `undefined`
 * is kept by the store as null; gRPC cannot encode either ("Error serializing response") and the domain
 * expects every list. The generated `fromPartial` gives each missing or null field its default.
 */
export const currentEvaluation = (record: unknown): syncV1.EvaluationRecord =>
  syncV1.EvaluationRecord.fromPartial(record as syncV1.EvaluationRecord);

/** A record by its key; `record` is a rotation timeline or an evaluation record, as `kind` says. */
export interface RecordDocument {
  _id: string;
  kind: "rotation" | "evaluation";
  employeeId: string;
  record: RotationTimeline | syncV1.EvaluationRecord;
}

/** A stored record as the change it is logged as. */
export const recordChangeOf = (doc: RecordDocument): RecordChange =>
  doc.kind === "rotation"
    ? { recordKey: doc._id, kind: "rotation", record: doc.record as RotationTimeline }
    : { recordKey: doc._id, kind: "evaluation", record: doc.record as syncV1.EvaluationRecord };

/** One shard of a department's employees with an evaluation record in a fiscal year, sorted. */
export interface DepartmentDocument {
  _id: string;
  fiscalYear: number;
  department: string;
  partition: number;
  employeeIds: string[];
}

/**
 * The departments with a listing in a fiscal year, for choosing one (the pages): sharded like the listings,
 * so each shard has the one writer that owns its partition; the shards read by `_id` and merged.
 */
export interface DepartmentNamesDocument {
  _id: string;
  fiscalYear: number;
  partition: number;
  departments: string[];
}

/**
 * One generation of hr-sync's read side: facts, the employee index, records and department listings.
 * A rebuild fills a new generation and then switches queries over to it (see `Generations`).
 */
export class RecordStore {
  readonly facts: Collection<FactDocument>;
  readonly employees: Collection<EmployeeIndexDocument>;
  readonly factChunks: Collection<FactChunkDocument>;
  readonly records: Collection<RecordDocument>;
  readonly departments: Collection<DepartmentDocument>;
  readonly planning: Collection<PlanningDocument>;
  readonly roster: Collection<RosterDocument>;
  /** The same collection as `roster`, for its stamps documents. */
  readonly rosterStamps: Collection<RosterStampsDocument>;
  readonly departmentNames: Collection<DepartmentNamesDocument>;

  constructor(
    readonly db: Db,
    readonly generation: number,
    /** The consumed topics' partition count: how many shards each department listing has. */
    readonly partitions: number,
    /** How many facts a fact chunk holds (tests take a few, to cross chunks with short careers). */
    readonly factsPerChunk = FACTS_PER_CHUNK,
  ) {
    const name = (what: string) => `g${generation}_${what}`;
    this.facts = db.collection(name("facts"));
    this.employees = db.collection(name("employees"));
    this.factChunks = db.collection(name("fact_chunks"));
    this.records = db.collection(name("records"));
    this.departments = db.collection(name("departments"));
    this.planning = db.collection(name("planning"));
    this.roster = db.collection(name("planning_roster"));
    this.rosterStamps = db.collection(name("planning_roster"));
    this.departmentNames = db.collection(name("department_names"));
  }

  async rotation(employeeId: string): Promise<RotationTimeline | undefined> {
    const doc = await this.records.findOne({ _id: rotationKey(employeeId) });
    return doc?.kind === "rotation" ? (doc.record as RotationTimeline) : undefined;
  }

  async evaluation(employeeId: string, fiscalYear: number): Promise<syncV1.EvaluationRecord | undefined> {
    const doc = await this.records.findOne({ _id: evaluationKey(employeeId, fiscalYear) });
    return doc?.kind === "evaluation" ? currentEvaluation(doc.record) : undefined;
  }

  /** The department's employees, sorted, for paging: the listing's shards read by `_id` and merged. */
  async departmentMembers(fiscalYear: number, department: string): Promise<string[]> {
    const shards = await Promise.all(
      Array.from({ length: this.partitions }, (_, p) =>
        this.departments.findOne({ _id: departmentKey(fiscalYear, department, p) }),
      ),
    );
    return [...new Set(shards.flatMap((s) => s?.employeeIds ?? []))].sort();
  }

  /** The departments with anyone listed in the fiscal year, in Japanese order: its shards read by `_id`. */
  async departmentsOf(fiscalYear: number): Promise<string[]> {
    const shards = await Promise.all(
      Array.from({ length: this.partitions }, (_, p) =>
        this.departmentNames.findOne({ _id: departmentNamesKey(fiscalYear, p) }),
      ),
    );
    return [...new Set(shards.flatMap((s) => s?.departments ?? []))].sort(JAPANESE_ORDER.compare);
  }

  /** Evaluation records of some employees, in the order given (each an `_id` read). */
  async evaluations(employeeIds: readonly string[], fiscalYear: number): Promise<syncV1.EvaluationRecord[]> {
    const records = await Promise.all(employeeIds.map((id) => this.evaluation(id, fiscalYear)));
    return records.filter((r): r is syncV1.EvaluationRecord => r !== undefined);
  }

  async drop(): Promise<void> {
    for (const c of [
      this.facts,
      this.employees,
      this.factChunks,
      this.records,
      this.departments,
      this.planning,
      this.roster,
      this.departmentNames,
    ]) {
      await c.drop().catch(() => undefined);
    }
  }
}

/**
 * `hr_sync_meta`, a handful of documents by `_id`: `generation` (the active one), `building` (the one a
 * rebuild is filling, with the rebuild's id and heartbeat), `mirrored:<rebuild id>` (an instance other than
 * the rebuilder wrote to the generation that rebuild fills while its replay ran).
 */
interface MetaDocument {
  _id: string;
  active?: number;
  generation?: number;
  rebuild?: string;
  replaying?: boolean;
  heartbeatAt?: string;
}

/** A rebuild in progress: the generation it fills, its id (a generation number may be tried again). */
export interface Build {
  generation: number;
  rebuild: string;
  replaying: boolean;
}

/** Where every live event goes: the active generation and, while a rebuild runs, the one being built. */
export interface WriteTargets {
  active: number;
  building?: Build;
}

/** How stale an instance's view of `hr_sync_meta` may be: re-read at least this often. */
export const META_MAX_AGE_MS = 1_000;
/** A rebuild's heartbeat older than this is a rebuild that died: instances stop mirroring to it. */
export const BUILD_LEASE_MS = 60_000;

/**
 * Which generations exist for readers and writers, shared by every instance through `hr_sync_meta`.
 * Switching is one write of the `generation` pointer; instances re-read it (and `building`) at most
 * `META_MAX_AGE_MS` after a change, so queries switch without stopping and every instance's live events
 * reach the generation being built, even an instance started during the rebuild.
 */
export class Generations {
  private readonly meta: Collection<MetaDocument>;
  private cached: { targets: WriteTargets; at: number } | undefined;
  private store: RecordStore | undefined;

  constructor(
    private readonly db: Db,
    private readonly partitions: number,
  ) {
    this.meta = db.collection("hr_sync_meta");
  }

  /** The generations to write, as `hr_sync_meta` said at most `META_MAX_AGE_MS` ago. */
  async targets(): Promise<WriteTargets> {
    if (this.cached && Date.now() - this.cached.at < META_MAX_AGE_MS) return this.cached.targets;
    const [pointer, building] = await Promise.all([
      this.meta.findOne({ _id: "generation" }),
      this.meta.findOne({ _id: "building" }),
    ]);
    const { generation, rebuild = "", replaying = false, heartbeatAt = "" } = building ?? {};
    const alive = generation !== undefined && Date.now() - Date.parse(heartbeatAt) < BUILD_LEASE_MS;
    const targets: WriteTargets = {
      active: pointer?.active ?? 1,
      ...(alive ? { building: { generation, rebuild, replaying } } : {}),
    };
    this.cached = { targets, at: Date.now() };
    return targets;
  }

  /** The active generation as stored now (not cached). */
  async activeGeneration(): Promise<number> {
    this.cached = undefined;
    return (await this.targets()).active;
  }

  /** The generation recorded as being built, alive or not (a rebuild that died leaves one behind). */
  async recordedBuilding(): Promise<number | undefined> {
    return (await this.meta.findOne({ _id: "building" }))?.generation;
  }

  /** The generation queries read. */
  async active(): Promise<RecordStore> {
    const { active } = await this.targets();
    if (this.store?.generation !== active) this.store = new RecordStore(this.db, active, this.partitions);
    return this.store;
  }

  /** Records (and renews) the generation being built: every instance mirrors its live events to it. */
  async building(build: Build): Promise<void> {
    await this.meta.replaceOne(
      { _id: "building" },
      { ...build, heartbeatAt: new Date().toISOString() },
      { upsert: true },
    );
    this.cached = undefined;
  }

  /** An instance other than the rebuilder wrote to a rebuild's generation while it replayed (once is enough). */
  async markMirrored(rebuild: string): Promise<void> {
    await insertOnce(this.meta, { _id: `mirrored:${rebuild}` });
  }

  async mirroredDuringReplay(rebuild: string): Promise<boolean> {
    return (await this.meta.findOne({ _id: `mirrored:${rebuild}` })) !== null;
  }

  /** Queries and writers move to `generation`; nothing is being built any more. */
  async switchTo(generation: number): Promise<void> {
    await this.meta.replaceOne({ _id: "generation" }, { active: generation }, { upsert: true });
    await this.endBuilding(generation);
  }

  /** Forgets the generation being built (switched to, refused or abandoned). */
  async endBuilding(generation: number): Promise<void> {
    const building = await this.meta.findOne({ _id: "building" });
    if (building?.generation !== generation) return;
    await this.meta.deleteOne({ _id: `mirrored:${building.rebuild}` });
    await this.meta.deleteOne({ _id: "building" });
    this.cached = undefined;
  }
}
