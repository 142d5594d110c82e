import type { syncV1 } from "@hr/proto";
import type { Collection, Db } from "mongodb";
import type { RotationTimeline } from "../domain";

/** One record change, the full record as it is after it. */
export type RecordChange =
  | { recordKey: string; kind: "rotation"; record: RotationTimeline }
  | { recordKey: string; kind: "evaluation"; record: syncV1.EvaluationRecord };

export interface ChangeDocument {
  /** The position, zero-padded so that it is a string `_id` (FerretDB looks up only string ids by index). */
  _id: string;
  /** What caused it (record key and the set of facts it was computed from): unique, so a retry adds none. */
  cause: string;
  changedAt: string;
  change: RecordChange;
}

export interface LoggedChange {
  cursor: number;
  changedAt: string;
  change: RecordChange;
}

const positionId = (position: number) => String(position).padStart(15, "0");

/**
 * The change log behind `WatchChanges`: positions 1, 2, 3, ... with no gap, each written once.
 *
 * - Gap-free: a position is taken by inserting its document (`_id` = the position). Appends in this
 *   process run one at a time, and the next position is tried only after the one before exists (it was
 *   inserted here, or the insert found it taken by another writer: another hr-sync instance, or a
 *   rebuild): a reader that stops at the first missing position can never skip one that appears later.
 *   Several instances append to one log this way; a lost race costs a retry at the next free position.
 * - Repeat-free: `cause` has a unique index, so an event redelivered after a crash cannot log its
 *   change twice; a reader resumes after the position it was given, and documents never change.
 * No transaction and no compare-and-set is needed: only inserts against unique indexes.
 */
export class ChangeLog {
  private readonly changes: Collection<ChangeDocument>;
  private next: number | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private waiters: Array<() => void> = [];

  constructor(db: Db) {
    this.changes = db.collection("hr_sync_changes");
  }

  async init(): Promise<void> {
    await this.changes.createIndex({ cause: 1 }, { unique: true });
  }

  /** Appends a change unless its cause was logged before; resolves to its position (or undefined). */
  append(cause: string, change: RecordChange, changedAt = new Date()): Promise<number | undefined> {
    const task = this.queue.then(() => this.appendNow(cause, change, changedAt.toISOString()));
    this.queue = task.catch(() => undefined);
    return task;
  }

  private async appendNow(
    cause: string,
    change: RecordChange,
    changedAt: string,
  ): Promise<number | undefined> {
    this.next ??= (await this.head()) + 1;
    for (;;) {
      const position: number = this.next;
      try {
        await this.changes.insertOne({ _id: positionId(position), cause, changedAt, change });
        this.next = position + 1;
        this.wake();
        return position;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
        const taken = await this.changes.findOne({ _id: positionId(position) });
        // The position is free, so the duplicate was the cause: this change is already logged.
        if (!taken) return undefined;
        if (taken.cause === cause) {
          this.next = position + 1;
          return undefined;
        }
        // Another instance appended: skip past all it appended since (by `_id` probes, not one by one).
        this.next = (await this.head(position)) + 1;
      }
    }
  }

  /** The last position taken, found by probing forward by `_id` from a known one. */
  async head(from = 0): Promise<number> {
    let position = from;
    // Gallop, then step: O(log n) reads to pass a long log, never a scan.
    let step = 1;
    while (await this.at(position + step)) {
      position += step;
      step *= 2;
    }
    while (step > 1) {
      step /= 2;
      if (await this.at(position + step)) position += step;
    }
    return position;
  }

  async at(position: number): Promise<LoggedChange | undefined> {
    const doc = await this.changes.findOne({ _id: positionId(position) });
    return doc ? { cursor: position, changedAt: doc.changedAt, change: doc.change } : undefined;
  }

  /**
   * Every change after `after`, in order, then each new one as it is logged, until `signal` aborts.
   * Waits on appends in this process and polls for those of others.
   */
  async *follow(after: number, signal: AbortSignal, pollMs = 500): AsyncIterable<LoggedChange> {
    let position = after;
    while (!signal.aborted) {
      const next = await this.at(position + 1);
      if (next) {
        position += 1;
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, pollMs);
        signal.addEventListener("abort", done, { once: true });
        this.waiters.push(done);
      });
    }
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
