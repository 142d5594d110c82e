import { createHash } from "node:crypto";
import { insertOnce, PoisonMessageError, partitionOf, type ReceivedEvent } from "@hr/kit";
import { REFERENCE_DATA_TYPES } from "../api/events.codec";
import {
  type Classification,
  employeeHistory,
  evaluationRecords,
  type Fact,
  type PlanningProfile,
  planningProfile,
  rosterEntryOf,
  rotationTimeline,
} from "../domain";
import type { ChangeLog, RecordChange } from "./change-log";
import { checkEventInput } from "./event-input";
import { KeyedLock } from "./keyed-lock";
import {
  departmentKey,
  departmentNamesKey,
  employeeIndexOf,
  emptyEvaluation,
  evaluationKey,
  type FactDocument,
  type IndexedYear,
  type RecordStore,
  rosterBucketOf,
  rosterKey,
  rotationKey,
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

/**
 * Projects one event into one generation of records. Per employee (one writer, see KeyedLock):
 * 1. the fact is inserted once by its `ce_id`;
 * 2. the employee index (`_id` = employee id) says whether it was applied already: then nothing to do;
 * 3. every record is recomputed from all the employee's facts (each read by `_id`);
 * 4. each record that changed is written by `_id` and logged on the change log (when `changes` is given);
 *    a year the index knows that is no longer computed (a secondment ended early, a manager's posting
 *    voided) is emptied: its record removed, so it reads as a year without facts, as a rebuild has it;
 * 5. department listings follow the records' departments (an emptied year leaves its listing), and the
 *    year's department names follow the listings;
 * 6. the index is written last, so a crash anywhere before redoes the work on redelivery, and the
 *    change log's unique cause keeps that redo from logging a change twice.
 */
export class Projector {
  private readonly locks = new KeyedLock();

  constructor(
    readonly store: RecordStore,
    private readonly classification: Classification,
    private changes?: ChangeLog,
  ) {}

  /** Whether changes are logged: only the generation queries read logs them. */
  logChangesTo(changes: ChangeLog | undefined) {
    this.changes = changes;
  }

  handle = async (received: ReceivedEvent): Promise<void> => {
    if (REFERENCE_DATA_TYPES.has(received.type)) return;
    await this.project(factOf(received));
  };

  /** Projects a fact (as `factOf` keeps it): the store layout takes any employee id. */
  project(fact: FactDocument): Promise<void> {
    return this.locks.run(fact.employeeId, () => this.projectNow(fact));
  }

  private async projectNow(fact: FactDocument): Promise<void> {
    const { store } = this;
    const { employeeId } = fact;
    await insertOnce(store.facts, fact);
    const index = employeeIndexOf(await store.employees.findOne({ _id: employeeId }), employeeId);
    if (index.factIds.includes(fact.id)) return;
    const factIds = [...index.factIds, fact.id];
    const history = employeeHistory(employeeId, await this.loadFacts(factIds));
    const cause = hash([...factIds].sort());

    const timeline = rotationTimeline(history);
    const rotationHash = await this.write(
      { recordKey: rotationKey(employeeId), kind: "rotation", record: timeline },
      index.rotationHash,
      cause,
    );
    const planningHash = await this.writePlanning(planningProfile(history, timeline), index.planningHash);
    const known = new Map(index.years.map((y) => [y.fiscalYear, y]));
    const years: IndexedYear[] = [];
    for (const record of evaluationRecords(history, this.classification)) {
      const { fiscalYear, department } = record;
      const before = known.get(fiscalYear);
      known.delete(fiscalYear);
      const recordKey = evaluationKey(employeeId, fiscalYear);
      const h = await this.write({ recordKey, kind: "evaluation", record }, before?.hash, cause);
      if (before?.department !== department) {
        if (before) await this.editListing(fiscalYear, before.department, fact, false);
        await this.editListing(fiscalYear, department, fact, true);
      }
      years.push({ fiscalYear, hash: h, department });
    }
    // What is left of the index's years is no longer computed: emptied, announced, unlisted.
    for (const { fiscalYear, department } of known.values()) {
      const recordKey = evaluationKey(employeeId, fiscalYear);
      await store.records.deleteOne({ _id: recordKey });
      const record = emptyEvaluation(employeeId, fiscalYear);
      await this.changes?.append(`${recordKey}|${cause}`, { recordKey, kind: "evaluation", record });
      await this.editListing(fiscalYear, department, fact, false);
    }
    await store.employees.replaceOne(
      { _id: employeeId },
      { factIds, rotationHash, years, planningHash },
      { upsert: true },
    );
  }

  /** Writes a record and logs it unless it is as last written; returns its hash. */
  private async write(change: RecordChange, lastHash: string | undefined, cause: string): Promise<string> {
    const h = hash(change.record);
    if (h === lastHash) return h;
    await this.store.records.replaceOne(
      { _id: change.recordKey },
      { kind: change.kind, employeeId: change.record.employeeId, record: change.record },
      { upsert: true },
    );
    await this.changes?.append(`${change.recordKey}|${cause}`, change);
    return h;
  }

  /**
   * Writes the transfer-planning profile and its roster entry unless it is as last written; returns its
   * hash. The roster shard is shared by the employees of one partition and bucket, all projected by this
   * instance: its read-then-write runs under the shard's own lock, and setting an entry is idempotent.
   */
  private async writePlanning(profile: PlanningProfile, lastHash: string | undefined): Promise<string> {
    const h = hash(profile);
    if (h === lastHash) return h;
    const { employeeId } = profile;
    await this.store.planning.replaceOne({ _id: employeeId }, { profile }, { upsert: true });
    const partition = partitionOf(employeeId, this.store.partitions);
    const bucket = rosterBucketOf(employeeId);
    const _id = rosterKey(partition, bucket);
    await this.locks.run(`roster:${_id}`, async () => {
      const doc = await this.store.roster.findOne({ _id });
      const entries = (doc?.entries ?? []).filter((e) => e.employeeId !== employeeId);
      entries.push(rosterEntryOf(profile));
      entries.sort((a, b) => (a.employeeId < b.employeeId ? -1 : 1));
      await this.store.roster.replaceOne({ _id }, { partition, bucket, entries }, { upsert: true });
    });
    return h;
  }

  private async loadFacts(ids: readonly string[]): Promise<Fact[]> {
    const docs = await Promise.all(ids.map((_id) => this.store.facts.findOne({ _id })));
    return docs.filter((d): d is FactDocument => d !== null);
  }

  /**
   * Adds the employee to or removes them from a department's listing for a year, in the listing's shard of
   * the partition the employee id maps to as the producers partition it (not the partition the message
   * arrived on: a copy put back by another partitioner would make a second writer). A listing shard is
   * shared by the department's employees on one partition, all projected by this instance, so its
   * read-then-write runs under the shard's own lock; add and remove are idempotent, so a redo after a
   * crash is harmless.
   */
  private editListing(fiscalYear: number, department: string, { employeeId }: FactDocument, add: boolean) {
    const partition = partitionOf(employeeId, this.store.partitions);
    const _id = departmentKey(fiscalYear, department, partition);
    return this.locks.run(`listing:${_id}`, async () => {
      const doc = await this.store.departments.findOne({ _id });
      const ids = new Set(doc?.employeeIds ?? []);
      if (add !== ids.has(employeeId)) {
        if (add) ids.add(employeeId);
        else ids.delete(employeeId);
        await this.store.departments.replaceOne(
          { _id },
          { fiscalYear, department, partition, employeeIds: [...ids].sort() },
          { upsert: true },
        );
      }
      // Also when the shard was written already: a crash before the names were is redone on redelivery.
      await this.nameDepartment(fiscalYear, partition, department, ids.size > 0);
    });
  }

  /**
   * Keeps the year's department names (the pages' list to choose from) in step with the listing shards: a
   * department is named in its partition's names shard while its listing shard there holds anyone. The
   * names shard has one writer (this partition's owner) and its own lock; naming is idempotent.
   */
  private nameDepartment(fiscalYear: number, partition: number, department: string, listed: boolean) {
    const _id = departmentNamesKey(fiscalYear, partition);
    return this.locks.run(`names:${_id}`, async () => {
      const doc = await this.store.departmentNames.findOne({ _id });
      const names = new Set(doc?.departments ?? []);
      if (listed === names.has(department)) return;
      if (listed) names.add(department);
      else names.delete(department);
      await this.store.departmentNames.replaceOne(
        { _id },
        { fiscalYear, partition, departments: [...names].sort() },
        { upsert: true },
      );
    });
  }
}
