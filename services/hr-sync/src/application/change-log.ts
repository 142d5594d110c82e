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

/** A change to log and what caused it (see `ChangeDocument.cause`). */
export interface CausedChange {
  cause: string;
  change: RecordChange;
}

const positionId = (position: number) => String(position).padStart(15, "0");

/** A write refused only for duplicate keys (a position taken, or a cause logged before). */
const onlyDuplicates = (error: unknown) => {
  const e = error as { code?: number; writeErrors?: { code?: number }[] | { code?: number } };
  const list = e.writeErrors === undefined ? [e] : [e.writeErrors].flat();
  return list.length > 0 && list.every((w) => w.code === 11000);
};

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
 * - A batch's changes (`appendAll`) take consecutive positions in one ordered insert: the store stops at
 *   the first refused one, so nothing lands past a free position; after a refusal each change is appended
 *   on its own as above (those already in are found by their cause).
 * No transaction and no compare-and-set is needed: only inserts against unique indexes.
 */
export class ChangeLog {
  private readonly changes: Collection<ChangeDocument>;
  private next: number | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private waiters: Array<() => void> = [];
  private poller: NodeJS.Timeout | undefined;
  private probing = false;
  /** The head the poller last saw. */
  private seen: number | undefined;

  /** `pollMs`: how often the one poller looks for other writers' appends while anyone follows. */
  constructor(
    db: Db,
    private readonly pollMs = 500,
  ) {
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

  /** Appends changes in order, each unless its cause was logged before, with one insert when none was. */
  appendAll(changes: readonly CausedChange[], changedAt = new Date()): Promise<void> {
    const task = this.queue.then(() => this.appendAllNow(changes, changedAt.toISOString()));
    this.queue = task.catch(() => undefined);
    return task;
  }

  private async appendAllNow(changes: readonly CausedChange[], changedAt: string): Promise<void> {
    if (changes.length === 0) return;
    this.next ??= (await this.head()) + 1;
    const first = this.next;
    try {
      await this.changes.insertMany(
        changes.map(({ cause, change }, i) => ({ _id: positionId(first + i), cause, changedAt, change })),
        { ordered: true },
      );
      this.next = first + changes.length;
    } catch (error) {
      if (!onlyDuplicates(error)) throw error;
      for (const { cause, change } of changes) await this.appendNow(cause, change, changedAt);
    }
    this.wake();
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
        this.seen = Math.max(this.seen ?? 0, position);
        this.wake();
        return position;
      } catch (error) {
        if (!onlyDuplicates(error)) throw error;
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
   * Followers sleep until an append in this process wakes them, or the one poller of this log (running
   * while anyone waits) sees that another writer (an instance, a rebuild) appended: N open streams cost
   * one probe per `pollMs`, not N.
   */
  async *follow(after: number, signal: AbortSignal): AsyncIterable<LoggedChange> {
    let position = after;
    while (!signal.aborted) {
      const next = await this.at(position + 1);
      if (next) {
        position += 1;
        yield next;
        continue;
      }
      // Logged since the read above (an append woke the others before this one slept): read again.
      if ((this.seen ?? position) > position) continue;
      this.seen = position;
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener("abort", done);
          resolve();
        };
        signal.addEventListener("abort", done, { once: true });
        this.waiters.push(done);
        this.poll();
      });
    }
  }

  /** The one poller: probes the position after the last seen head, and wakes every follower when it is taken. */
  private poll() {
    if (this.poller) return;
    this.poller = setInterval(async () => {
      if (this.waiters.length === 0 || this.probing) {
        if (this.waiters.length === 0) {
          clearInterval(this.poller);
          this.poller = undefined;
        }
        return;
      }
      this.probing = true;
      try {
        // One read while nothing is new (the probe of the position after the head seen).
        const head = await this.head(this.seen);
        if (head > (this.seen ?? 0)) {
          this.seen = head;
          this.wake();
        }
      } catch {
        // The store did not answer: the next tick tries again.
      } finally {
        this.probing = false;
      }
    }, this.pollMs);
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
