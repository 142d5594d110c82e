import type { AnyBulkWriteOperation, Collection, Document } from "mongodb";

/**
 * At most this many statements per bulk write command, and one such command at a time in the process.
 *
 * FerretDB 1.24 (the local store) keeps the read behind each statement of an `update` command (a
 * `replaceOne` of a bulk write) open until the whole command ends (`internal/handler/msg_update.go`:
 * `defer closer.Close()` inside the statements' loop), and each open read holds one of the database's
 * 100 SQLite connections (`metadata/pool/opendb.go`). Update commands on one database whose statements
 * together pass 100 then wait for each other's connections forever: the database stops answering, with
 * nothing in FerretDB's log (`./run bench --events 2000` stalled so). Two instances (deploy/k8s) hold at
 * most 2 x 25 connections this way, leaving the rest for reads; MongoDB loses nothing by the split either.
 */
export const STATEMENTS_PER_WRITE = 25;

let tail: Promise<unknown> = Promise.resolve();

/**
 * The writes as bulk writes of at most STATEMENTS_PER_WRITE, one in flight in the process; unordered
 * unless `ordered` (then each statement runs after the ones before it, and none after one that failed).
 */
export async function bulkWriteBounded<D extends Document>(
  collection: Collection<D>,
  writes: readonly AnyBulkWriteOperation<D>[],
  { ordered = false } = {},
): Promise<void> {
  for (let i = 0; i < writes.length; i += STATEMENTS_PER_WRITE) {
    const chunk = writes.slice(i, i + STATEMENTS_PER_WRITE);
    const task = tail.then(() => collection.bulkWrite(chunk, { ordered }));
    tail = task.catch(() => undefined);
    await task;
  }
}
