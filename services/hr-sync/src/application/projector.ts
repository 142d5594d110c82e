import { createHash } from "node:crypto";
import { insertOnce, isIsoDate, PoisonMessageError, type ReceivedEvent } from "@hr/kit";
import { REFERENCE_DATA_TYPES } from "../api/events.codec";
import {
  type Classification,
  employeeHistory,
  evaluationRecords,
  type Fact,
  rotationTimeline,
} from "../domain";
import type { ChangeLog, RecordChange } from "./change-log";
import { KeyedLock } from "./keyed-lock";
import {
  departmentKey,
  type EmployeeIndexDocument,
  evaluationKey,
  type FactDocument,
  type RecordStore,
  rotationKey,
} from "./record-store";

const hash = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("base64url");

/** The fact hr-sync keeps of a received event; refuses (to the DLQ) one it can never place. */
export function factOf(received: ReceivedEvent): FactDocument {
  const data = received.event.data as unknown as Record<string, unknown>;
  const employeeId = typeof data.employeeId === "string" ? data.employeeId : "";
  const effectiveDate = received.effectiveDate ?? data.effectiveDate;
  if (!employeeId) throw new PoisonMessageError("employee_id is empty");
  if (received.key && received.key !== employeeId) {
    throw new PoisonMessageError(`message key ${received.key} is not the event's employee_id ${employeeId}`);
  }
  if (!isIsoDate(effectiveDate))
    throw new PoisonMessageError(`effective date ${String(effectiveDate)} is not a date`);
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
 * 5. department listings follow the records' departments;
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

  /** From now on, changes are logged (a rebuilt generation becoming the live one). */
  logChangesTo(changes: ChangeLog) {
    this.changes = changes;
  }

  handle = async (received: ReceivedEvent): Promise<void> => {
    if (REFERENCE_DATA_TYPES.has(received.type)) return;
    const fact = factOf(received);
    await this.locks.run(fact.employeeId, () => this.project(fact));
  };

  private async project(fact: FactDocument): Promise<void> {
    const { store } = this;
    await insertOnce(store.facts, fact);
    const index: EmployeeIndexDocument = (await store.employees.findOne({ _id: fact.employeeId })) ?? {
      _id: fact.employeeId,
      factIds: [],
      recordHashes: {},
      departments: {},
    };
    if (index.factIds.includes(fact.id)) return;
    const factIds = [...index.factIds, fact.id];
    const facts = await this.loadFacts(factIds);
    const history = employeeHistory(fact.employeeId, facts);
    const factSet = hash([...factIds].sort());

    const changes: RecordChange[] = [
      { recordKey: rotationKey(fact.employeeId), kind: "rotation", record: rotationTimeline(history) },
      ...evaluationRecords(history, this.classification).map(
        (record): RecordChange => ({
          recordKey: evaluationKey(fact.employeeId, record.fiscalYear),
          kind: "evaluation",
          record,
        }),
      ),
    ];
    const recordHashes = { ...index.recordHashes };
    for (const change of changes) {
      const h = hash(change.record);
      if (recordHashes[change.recordKey] === h) continue;
      await store.records.replaceOne(
        { _id: change.recordKey },
        { kind: change.kind, employeeId: fact.employeeId, record: change.record },
        { upsert: true },
      );
      await this.changes?.append(`${change.recordKey}|${factSet}`, change);
      recordHashes[change.recordKey] = h;
    }
    const departments = await this.list(fact, index.departments, changes);
    await store.employees.replaceOne(
      { _id: fact.employeeId },
      { factIds, recordHashes, departments },
      { upsert: true },
    );
  }

  private async loadFacts(ids: readonly string[]): Promise<Fact[]> {
    const docs = await Promise.all(ids.map((_id) => this.store.facts.findOne({ _id })));
    return docs.filter((d): d is FactDocument => d !== null);
  }

  /**
   * Moves the employee between department listings where a year's department changed, in the listings'
   * shard of the fact's partition (all of an employee's events are on that partition number).
   */
  private async list(
    { employeeId, partition }: FactDocument,
    before: Record<string, string>,
    changes: readonly RecordChange[],
  ): Promise<Record<string, string>> {
    const after = { ...before };
    for (const change of changes) {
      if (change.kind !== "evaluation") continue;
      const { fiscalYear, department } = change.record;
      const previous = before[fiscalYear];
      if (previous === department) continue;
      if (previous !== undefined) await this.editListing(fiscalYear, previous, partition, employeeId, false);
      await this.editListing(fiscalYear, department, partition, employeeId, true);
      after[fiscalYear] = department;
    }
    return after;
  }

  /**
   * A listing shard is shared by the department's employees on one partition, all projected by this
   * instance, so its read-then-write runs under the shard's own lock; add and remove are idempotent, so a
   * redo after a crash is harmless.
   */
  private editListing(
    fiscalYear: number,
    department: string,
    partition: number,
    employeeId: string,
    add: boolean,
  ) {
    const _id = departmentKey(fiscalYear, department, partition);
    return this.locks.run(`listing:${_id}`, async () => {
      const doc = await this.store.departments.findOne({ _id });
      const ids = new Set(doc?.employeeIds ?? []);
      if (add === ids.has(employeeId)) return;
      if (add) ids.add(employeeId);
      else ids.delete(employeeId);
      await this.store.departments.replaceOne(
        { _id },
        { fiscalYear, department, partition, employeeIds: [...ids].sort() },
        { upsert: true },
      );
    });
  }
}
