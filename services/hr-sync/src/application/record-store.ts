import { syncV1 } from "@hr/proto";
import type { Collection, Db } from "mongodb";
import type { Fact, RotationTimeline } from "../domain";
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
 * Per employee: which facts are applied, what each record was last written as, where it is listed.
 * No field name is built from input (ids, departments, years are values only): the store refuses `.`,
 * `$` and NUL in field names, and an index that cannot be saved would lose the employee's history.
 */
export interface EmployeeIndexDocument {
  _id: string;
  factIds: string[];
  /** Hash of the rotation record as last written; absent before the first. */
  rotationHash?: string;
  /** Every year with an evaluation record, ascending: what a later event must rewrite or empty. */
  years: IndexedYear[];
}

/**
 * The index as stored before its maps became arrays (`recordHashes` keyed by record key, `departments`
 * keyed by fiscal year): read in the current shape, written back in it with the employee's next event.
 */
interface LegacyEmployeeIndex {
  _id: string;
  factIds: string[];
  recordHashes: Record<string, string>;
  departments: Record<string, string>;
}

export function employeeIndexOf(
  doc: EmployeeIndexDocument | LegacyEmployeeIndex | null,
  employeeId: string,
): EmployeeIndexDocument {
  if (!doc) return { _id: employeeId, factIds: [], years: [] };
  if (!("recordHashes" in doc)) return doc;
  const years = Object.entries(doc.departments).map(([fy, department]) => ({
    fiscalYear: Number(fy),
    hash: doc.recordHashes[evaluationKey(employeeId, Number(fy))] ?? "",
    department,
  }));
  return {
    _id: employeeId,
    factIds: doc.factIds,
    rotationHash: doc.recordHashes[rotationKey(employeeId)],
    years: years.sort((a, b) => a.fiscalYear - b.fiscalYear),
  };
}

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
 * One generation of hr-sync's read side: facts, the employee index, records and department listings.
 * A rebuild fills a new generation and then switches queries over to it (see `Generations`).
 */
export class RecordStore {
  readonly facts: Collection<FactDocument>;
  readonly employees: Collection<EmployeeIndexDocument>;
  readonly records: Collection<RecordDocument>;
  readonly departments: Collection<DepartmentDocument>;

  constructor(
    readonly db: Db,
    readonly generation: number,
    /** The consumed topics' partition count: how many shards each department listing has. */
    readonly partitions: number,
  ) {
    const name = (what: string) => `g${generation}_${what}`;
    this.facts = db.collection(name("facts"));
    this.employees = db.collection(name("employees"));
    this.records = db.collection(name("records"));
    this.departments = db.collection(name("departments"));
  }

  async rotation(employeeId: string): Promise<RotationTimeline | undefined> {
    const doc = await this.records.findOne({ _id: rotationKey(employeeId) });
    return doc?.kind === "rotation" ? (doc.record as RotationTimeline) : undefined;
  }

  async evaluation(employeeId: string, fiscalYear: number): Promise<syncV1.EvaluationRecord | undefined> {
    const doc = await this.records.findOne({ _id: evaluationKey(employeeId, fiscalYear) });
    return doc?.kind === "evaluation" ? (doc.record as syncV1.EvaluationRecord) : undefined;
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

  /** Evaluation records of some employees, in the order given (each an `_id` read). */
  async evaluations(employeeIds: readonly string[], fiscalYear: number): Promise<syncV1.EvaluationRecord[]> {
    const records = await Promise.all(employeeIds.map((id) => this.evaluation(id, fiscalYear)));
    return records.filter((r): r is syncV1.EvaluationRecord => r !== undefined);
  }

  async drop(): Promise<void> {
    for (const c of [this.facts, this.employees, this.records, this.departments]) {
      await c.drop().catch(() => undefined);
    }
  }
}

interface GenerationDocument {
  _id: "generation";
  active: number;
}

/**
 * Which generation queries read. Switching is one write of this pointer; readers refresh it every
 * second, so a rebuild switches over without stopping queries.
 */
export class Generations {
  private readonly meta: Collection<GenerationDocument>;
  private cached: { store: RecordStore; at: number } | undefined;

  constructor(
    private readonly db: Db,
    private readonly partitions: number,
  ) {
    this.meta = db.collection("hr_sync_meta");
  }

  async activeGeneration(): Promise<number> {
    return (await this.meta.findOne({ _id: "generation" }))?.active ?? 1;
  }

  async active(): Promise<RecordStore> {
    if (this.cached && Date.now() - this.cached.at < 1_000) return this.cached.store;
    const generation = await this.activeGeneration();
    const store =
      this.cached?.store.generation === generation
        ? this.cached.store
        : new RecordStore(this.db, generation, this.partitions);
    this.cached = { store, at: Date.now() };
    return store;
  }

  async switchTo(generation: number): Promise<void> {
    await this.meta.replaceOne({ _id: "generation" }, { active: generation }, { upsert: true });
    this.cached = undefined;
  }
}
