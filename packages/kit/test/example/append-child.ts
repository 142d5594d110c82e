/**
 * Child process for the crash-point tests: records one posting and stops at the named point of the
 * append, leaving the store exactly as a writer that died (or froze) there leaves it.
 *   after-intent         the outbox intent is stored, the commit is not: dies by SIGKILL
 *   after-commit         the commit is stored, the request record (the stored reply) is not: dies by SIGKILL
 *   pause-after-intent   the intent is stored, then the process stops itself (SIGSTOP, as a long GC pause
 *                        or CPU throttling would) until the parent sends SIGCONT, then goes on and prints
 *                        its outcome as one JSON line: `{ replayed, reply }` or `{ error }`
 * An optional last argument bounds the command handler's conflict retries.
 */
import { Collection, MongoClient } from "mongodb";
import { EventStore } from "../../src";
import { posting, recordPosting } from "./posting-ledger";

export type AppendChildPoint = "after-intent" | "after-commit" | "pause-after-intent";

const [mongoUri, dbName, point, employeeId, requestId, maxRetries] = process.argv.slice(2) as [
  string,
  string,
  AppendChildPoint,
  string,
  string,
  string | undefined,
];
const stopBefore = point === "after-commit" ? "events_requests" : "events";
let stopped = false;

// Stops the moment the append writes to the collection that comes after the stop point (once only:
// a writer that resumes and retries must get through).
for (const method of ["insertOne", "insertMany"] as const) {
  const original = Collection.prototype[method] as (...args: unknown[]) => Promise<unknown>;
  (Collection.prototype as unknown as Record<string, unknown>)[method] = function (
    this: Collection,
    ...args: unknown[]
  ) {
    if (this.collectionName === stopBefore && !stopped) {
      stopped = true;
      if (point !== "pause-after-intent") process.kill(process.pid, "SIGKILL");
      console.log("pausing");
      process.kill(process.pid, "SIGSTOP"); // resumes here on SIGCONT
    }
    return original.apply(this, args);
  };
}

async function main() {
  const client = await MongoClient.connect(mongoUri);
  const store = new EventStore(client.db(dbName));
  await store.init();
  const outcome = await recordPosting(store, posting(employeeId, "p-crash", "2024-10-01"), {
    context: { requestId },
    ...(maxRetries === undefined ? {} : { maxRetries: Number(maxRetries) }),
  }).then(
    ({ replayed, reply }) => ({ replayed, reply }),
    (error: Error) => ({ error: error.constructor.name }),
  );
  if (point !== "pause-after-intent") {
    console.log("not killed");
    process.exit(1);
  }
  console.log(JSON.stringify(outcome));
  await client.close();
}
void main();
