import { createHash, randomBytes } from "node:crypto";
import {
  bulkWriteBounded,
  insertManyOnce,
  PoisonMessageError,
  partitionOf,
  type ReceivedEvent,
} from "@hr/kit";
import { type AnyBulkWriteOperation, BSON, type Collection, type Document, type Filter } from "mongodb";
import { REFERENCE_DATA_TYPES } from "../api/events.codec";
import {
  type Classification,
  employeeHistory,
  evaluationRecords,
  type Fact,
  type PlanningProfile,
  planningProfile,
  rotationTimeline,
} from "../domain";
import type { CausedChange, ChangeLog, RecordChange } from "./change-log";
import { checkEventInput } from "./event-input";
import { FactCache } from "./fact-cache";
import { KeyedLock } from "./keyed-lock";
import { writeRosterShards } from "./planning.roster";
import {
  departmentKey,
  departmentNamesKey,
  type EmployeeIndexDocument,
  employeeIndexOf,
  emptyEvaluation,
  evaluationKey,
  type FactChunkDocument,
  type FactDocument,
  factChunkKeys,
  factChunkWrites,
  type RecordDocument,
  type RecordStore,
  rosterBucketOf,
  rosterKey,
  rotationKey,
  type UnchunkedFacts,
} from "./record-store";

const hash = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("base64url");

/** The fact hr-sync keeps of a received event; refuses (to the DLQ) one it can never place. */
export function factOf(received: ReceivedEvent): FactDocument {
  const data = received.event.data as unknown as Record<string, unknown>;
  const employeeId = typeof data.employeeId === "string" ? data.employeeId : "";
  const effectiveDate = received.effectiveDate ?? data.effectiveDate;
  if (!employeeId) throw new PoisonMessageError("employee_id is empty");
  checkEventInput(employeeId, effectiveDate, data, received);
  return {
    _id: received.id,
    id: received.id,
    type: received.type,
    employeeId,
    effectiveDate,
    recordedAt: received.time,
    sequence: Number(received.sequence ?? 0) || 0,
    ...(received.streamId ? { streamId: received.streamId } : {}),
    data,
    topic: received.topic,
    partition: received.partition,
    offset: received.offset,
  };
}

/** What projecting one employee's new facts writes: all of it goes out in one bulk write per collection. */
interface EmployeePlan {
  index: EmployeeIndexDocument & { stamp: string };
  /** Every applied fact once the plan is written, in the chunks' order. */
  facts: readonly Fact[];
  /** The fact chunks to write before the index: the new facts' (and a former index's facts). */
  chunks: AnyBulkWriteOperation<FactChunkDocument>[];
  records: AnyBulkWriteOperation<RecordDocument>[];
  changes: CausedChange[];
  listings: ListingEdit[];
  /** The transfer-planning profile, when it changed. */
  planning?: PlanningProfile;
}

interface ListingEdit {
  fiscalYear: number;
  department: string;
  employeeId: string;
  add: boolean;
}

/** Whether a department's listing shard of a partition holds anyone after a batch: its name follows. */
interface NameEdit {
  fiscalYear: number;
  partition: number;
  department: string;
  listed: boolean;
}

/**
 * Projects events into one generation of records, a fetched batch at a time:
 * 1. the batch's facts are inserted once by their `ce_id` (one unordered insert);
 * 2. per employee of the batch (one writer, see KeyedLock), the employee index (`_id` = employee id) is
 *    read once, and its applied facts are those this process wrote with the index's stamp (`FactCache`)
 *    or else its fact chunks (`factCount / FACTS_PER_CHUNK` reads by `_id`, no read per fact); facts
 *    applied already are dropped;
 * 3. every record is recomputed once from all the employee's facts, the batch's new ones included;
 * 4. each record that changed is written by `_id` and logged on the change log (when `changes` is given);
 *    a year the index knows that is no longer computed (a secondment ended early, a manager's posting
 *    voided) is emptied: its record removed, so it reads as a year without facts, as a rebuild has it;
 * 5. department listings follow the records' departments (an emptied year leaves its listing), the
 *    year's department names follow the listings, and the transfer-planning profile (in its roster shard)
 *    follows the employee's history;
 * 6. the writes go out as one bulk write per collection (in commands of a bounded size: the kit's `bulkWriteBounded`),
 *    records first, then the batch's changes as one insert of consecutive positions, the listings, the
 *    roster, the new facts' chunks, and the indexes last: an index never counts a fact its chunks lack,
 *    and a crash anywhere before it redoes the work on redelivery (the change log's unique cause keeps
 *    that redo from logging a change twice).
 * Records depend only on the set of facts, so a batch gives what its events one by one would (and a
 * rebuild, and the facts applied in order), with fewer writes: a change per record per batch.
 */
export class Projector {
  private readonly locks = new KeyedLock();
  private readonly cache = new FactCache();

  constructor(
    readonly store: RecordStore,
    private readonly classification: Classification,
    private changes?: ChangeLog,
  ) {}

  /** Whether changes are logged: only the generation queries read logs them. */
  logChangesTo(changes: ChangeLog | undefined) {
    this.changes = changes;
  }

  handle = (received: ReceivedEvent): Promise<void> => this.handleBatch([received]);

  /** A batch of one partition's events; throws (refusing the batch) if any cannot be placed. */
  handleBatch = (events: readonly ReceivedEvent[]): Promise<void> =>
    this.projectAll(events.filter((e) => !REFERENCE_DATA_TYPES.has(e.type)).map(factOf));

  /** Projects a fact (as `factOf` keeps it): the store layout takes any employee id. */
  project(fact: FactDocument): Promise<void> {
    return this.projectAll([fact]);
  }

  async projectAll(facts: readonly FactDocument[]): Promise<void> {
    if (facts.length === 0) return;
    const { store } = this;
    await insertManyOnce(store.facts, [...facts]);
    const byEmployee = groupBy(facts, (f) => f.employeeId);
    await this.locks.runAll(byEmployee.keys(), async () => {
      const employees = [...byEmployee.keys()];
      const indexes = await Promise.all(employees.map((_id) => store.employees.findOne({ _id })));
      const plans: EmployeePlan[] = [];
      for (const [i, employeeId] of employees.entries()) {
        const plan = await this.plan(employeeId, indexes[i] ?? null, byEmployee.get(employeeId)!);
        if (plan) plans.push(plan);
      }
      if (plans.length === 0) return;
      const records = plans.flatMap((p) => p.records);
      await bulkWriteBounded(store.records, records);
      await this.changes?.appendAll(plans.flatMap((p) => p.changes));
      await this.editListings(plans.flatMap((p) => p.listings));
      await this.writePlanning(plans.flatMap((p) => (p.planning ? [p.planning] : [])));
      await bulkWriteBounded(
        store.factChunks,
        plans.flatMap((p) => p.chunks),
      );
      await bulkWriteBounded(
        store.employees,
        plans.map(({ index: { _id, ...index } }) => ({
          replaceOne: { filter: { _id }, replacement: index, upsert: true },
        })),
      );
      for (const { index, facts } of plans) this.cache.set(index._id, index.stamp, facts);
    });
  }

  /** What the employee's new facts change, or nothing when all were applied before. */
  private async plan(
    employeeId: string,
    doc: EmployeeIndexDocument | null,
    received: readonly FactDocument[],
  ): Promise<EmployeePlan | undefined> {
    const { index, unchunked } = employeeIndexOf(doc, employeeId);
    const appliedFacts =
      (!unchunked && this.cache.get(employeeId, index.stamp)) ||
      (await this.appliedFacts(employeeId, index.factCount, unchunked));
    const applied = new Set(unchunked?.factIds ?? appliedFacts.map((f) => f.id));
    const added = new Map<string, Fact>();
    for (const f of received) if (!applied.has(f.id) && !added.has(f.id)) added.set(f.id, asStored(f));
    if (added.size === 0) return undefined;
    const facts = [...appliedFacts, ...added.values()];
    const history = employeeHistory(employeeId, facts);
    const cause = hash([...applied, ...added.keys()].sort());
    const plan: EmployeePlan = {
      index: {
        _id: employeeId,
        factCount: facts.length,
        years: [],
        stamp: randomBytes(12).toString("base64url"),
      },
      facts,
      chunks: factChunkWrites(employeeId, facts, index.factCount, this.store.factsPerChunk),
      records: [],
      changes: [],
      listings: [],
    };
    const write = (change: RecordChange, lastHash: string | undefined): string => {
      const h = hash(change.record);
      if (h === lastHash) return h;
      const replacement = { kind: change.kind, employeeId, record: change.record };
      plan.records.push({ replaceOne: { filter: { _id: change.recordKey }, replacement, upsert: true } });
      plan.changes.push({ cause: `${change.recordKey}|${cause}`, change });
      return h;
    };
    const rotation = rotationTimeline(history);
    plan.index.rotationHash = write(
      { recordKey: rotationKey(employeeId), kind: "rotation", record: rotation },
      index.rotationHash,
    );
    const profile = planningProfile(history, rotation);
    plan.index.planningHash = hash(profile);
    if (plan.index.planningHash !== index.planningHash) plan.planning = profile;
    const known = new Map(index.years.map((y) => [y.fiscalYear, y]));
    for (const record of evaluationRecords(history, this.classification)) {
      const { fiscalYear, department } = record;
      const before = known.get(fiscalYear);
      known.delete(fiscalYear);
      const recordKey = evaluationKey(employeeId, fiscalYear);
      const h = write({ recordKey, kind: "evaluation", record }, before?.hash);
      if (before?.department !== department) {
        if (before) plan.listings.push({ fiscalYear, department: before.department, employeeId, add: false });
        plan.listings.push({ fiscalYear, department, employeeId, add: true });
      }
      plan.index.years.push({ fiscalYear, hash: h, department });
    }
    // What is left of the index's years is no longer computed: emptied, announced, unlisted.
    for (const { fiscalYear, department } of known.values()) {
      const recordKey = evaluationKey(employeeId, fiscalYear);
      plan.records.push({ deleteOne: { filter: { _id: recordKey } } });
      const record = emptyEvaluation(employeeId, fiscalYear);
      plan.changes.push({
        cause: `${recordKey}|${cause}`,
        change: { recordKey, kind: "evaluation", record },
      });
      plan.listings.push({ fiscalYear, department, employeeId, add: false });
    }
    return plan;
  }

  /**
   * The facts the index says are applied: the first `count` of its chunks, each chunk read by `_id` (a
   * chunk may hold more: written by a process that died before the index); or a former index's, kept in
   * it or each read by `_id`.
   */
  private async appliedFacts(employeeId: string, count: number, unchunked?: UnchunkedFacts): Promise<Fact[]> {
    if (unchunked) {
      if (unchunked.facts?.length === unchunked.factIds.length) return unchunked.facts;
      const docs = await Promise.all(unchunked.factIds.map((_id) => this.store.facts.findOne({ _id })));
      return docs.filter((d): d is FactDocument => d !== null).map(asStored);
    }
    const keys = factChunkKeys(employeeId, count, this.store.factsPerChunk);
    const chunks = await Promise.all(keys.map((_id) => this.store.factChunks.findOne({ _id })));
    const facts = chunks.flatMap((c) => c?.facts ?? []).slice(0, count);
    if (facts.length < count)
      throw new Error(`employee ${employeeId}: ${count} facts applied, ${facts.length} in its chunks`);
    return facts;
  }

  /**
   * Adds employees to or removes them from departments' listings for a year, in the listing's shard of
   * the partition the employee id maps to as the producers partition it (not the partition the message
   * arrived on: a copy put back by another partitioner would make a second writer). Add and remove are
   * idempotent, so a redo after a crash is harmless.
   */
  private editListings(edits: readonly ListingEdit[]): Promise<void> {
    const { departments, partitions } = this.store;
    const names: NameEdit[] = [];
    return this.editShards(
      departments,
      "listing",
      groupBy(edits, (e) => departmentKey(e.fiscalYear, e.department, partitionOf(e.employeeId, partitions))),
      (doc, shardEdits) => {
        const ids = new Set(doc?.employeeIds ?? []);
        let changed = false;
        for (const { employeeId, add } of shardEdits) {
          if (add === ids.has(employeeId)) continue;
          changed = true;
          if (add) ids.add(employeeId);
          else ids.delete(employeeId);
        }
        const { fiscalYear, department, employeeId } = shardEdits[0]!;
        const partition = partitionOf(employeeId, partitions);
        // Also when the shard was written already: a crash before the names were is redone on redelivery.
        names.push({ fiscalYear, partition, department, listed: ids.size > 0 });
        if (!changed) return undefined;
        return { fiscalYear, department, partition, employeeIds: [...ids].sort() };
      },
      () => this.nameDepartments(names),
    );
  }

  /**
   * Keeps the year's department names (the pages' list to choose from) in step with the listing shards: a
   * department is named in its partition's names shard while its listing shard there holds anyone. Runs
   * under the listing shards' locks, so names follow them in the order they were written; idempotent.
   */
  private nameDepartments(edits: readonly NameEdit[]): Promise<void> {
    return this.editShards(
      this.store.departmentNames,
      "names",
      groupBy(edits, (e) => departmentNamesKey(e.fiscalYear, e.partition)),
      (doc, shardEdits) => {
        const names = new Set(doc?.departments ?? []);
        let changed = false;
        for (const { department, listed } of shardEdits) {
          if (listed === names.has(department)) continue;
          changed = true;
          if (listed) names.add(department);
          else names.delete(department);
        }
        if (!changed) return undefined;
        const { fiscalYear, partition } = shardEdits[0]!;
        return { fiscalYear, partition, departments: [...names].sort() };
      },
    );
  }

  /**
   * Writes the changed transfer-planning profiles, with their evidence, in the roster shard of the
   * employee's partition and bucket (so a page needs no read per employee); setting a profile is
   * idempotent. An entry of the shard's old shape (without evidence) gives way to the employee's profile.
   */
  private async writePlanning(profiles: readonly PlanningProfile[]): Promise<void> {
    if (profiles.length === 0) return;
    const { roster, partitions } = this.store;
    const shardOf = (employeeId: string) =>
      rosterKey(partitionOf(employeeId, partitions), rosterBucketOf(employeeId));
    await this.editShards(
      roster,
      "roster",
      groupBy(profiles, (p) => shardOf(p.employeeId)),
      (doc, shardProfiles) => {
        const replaced = new Set(shardProfiles.map((p) => p.employeeId));
        const others = (kept: PlanningProfile[] = []) => kept.filter((e) => !replaced.has(e.employeeId));
        const entries = others(doc?.entries);
        const { employeeId } = shardProfiles[0]!;
        return {
          partition: partitionOf(employeeId, partitions),
          bucket: rosterBucketOf(employeeId),
          profiles: [...others(doc?.profiles), ...shardProfiles].sort((a, b) =>
            a.employeeId < b.employeeId ? -1 : 1,
          ),
          ...(entries.length > 0 ? { entries } : {}),
        };
      },
      undefined,
      // Each shard with a new stamp, for the queries' roster caches (planning.roster.ts).
      (shards) => writeRosterShards(this.store, shards),
    );
  }

  /**
   * Edits shared shards (listings, roster): a shard is shared by the employees of one partition, all
   * projected by this instance, but batches of the four topics' partition may run at once, so its
   * read-then-write runs under the shard's own lock. Each shard is read once by `_id`; the changed ones
   * (`edit` returns their new content) go out in one bulk write (or through `write`); then `andThen`,
   * still under the locks.
   */
  private async editShards<D extends Document & { _id: string }, E>(
    collection: Collection<D>,
    kind: string,
    byShard: Map<string, E[]>,
    edit: (doc: D | null, edits: E[]) => Omit<D, "_id"> | undefined,
    andThen?: () => Promise<void>,
    write?: (shards: Omit<D, "_id">[]) => Promise<void>,
  ): Promise<void> {
    if (byShard.size === 0) return;
    const shards = [...byShard.keys()];
    await this.locks.runAll(
      shards.map((id) => `${kind}:${id}`),
      async () => {
        const docs = await Promise.all(shards.map((_id) => collection.findOne({ _id } as Filter<D>)));
        const edited = shards.flatMap((_id, i) => {
          const replacement = edit(docs[i] as D | null, byShard.get(_id)!);
          return replacement ? [{ _id, replacement }] : [];
        });
        if (write) await write(edited.map((e) => e.replacement));
        else
          await bulkWriteBounded(
            collection,
            edited.map(
              ({ _id, replacement }) =>
                ({
                  replaceOne: { filter: { _id } as Filter<D>, replacement, upsert: true },
                }) as AnyBulkWriteOperation<D>,
            ),
          );
        await andThen?.();
      },
    );
  }
}

/** A fact as the store gives it back (undefined fields as null): the records see the same either way. */
function asStored({ _id, topic, partition, offset, ...fact }: FactDocument): Fact {
  return BSON.deserialize(BSON.serialize(fact)) as Fact;
}

/** Items by key, keys in order of first appearance (Node 20 has no `Map.groupBy`). */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
