/**
 * Child process for the crash-point tests: records one posting and kills itself with SIGKILL at the
 * named point of the append, leaving the store exactly as a writer that died there leaves it.
 *   after-intent   the outbox intent is stored, the commit is not
 *   after-commit   the commit is stored, the request record (the stored reply) is not
 */
import { Collection, MongoClient } from "mongodb";
import { EventStore } from "../../src";
import { posting, recordPosting } from "./posting-ledger";

const [mongoUri, dbName, crashAt, employeeId, requestId] = process.argv.slice(2) as [
  string,
  string,
  "after-intent" | "after-commit",
  string,
  string,
];
const dieBefore = crashAt === "after-intent" ? "events" : "events_requests";

// Dies the moment the append writes to the collection that comes after the crash point.
for (const method of ["insertOne", "insertMany"] as const) {
  const original = Collection.prototype[method] as (...args: unknown[]) => Promise<unknown>;
  (Collection.prototype as unknown as Record<string, unknown>)[method] = function (
    this: Collection,
    ...args: unknown[]
  ) {
    if (this.collectionName === dieBefore) process.kill(process.pid, "SIGKILL");
    return original.apply(this, args);
  };
}

async function main() {
  const client = await MongoClient.connect(mongoUri);
  const store = new EventStore(client.db(dbName));
  await store.init();
  await recordPosting(store, posting(employeeId, "p-crash", "2024-10-01"), { context: { requestId } });
  console.log("not killed");
  process.exit(1);
}
void main();
