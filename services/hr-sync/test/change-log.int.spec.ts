import { dropDatabase, testInfra, testNamespace, waitFor } from "@hr/testing";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChangeLog, type LoggedChange, type RecordChange } from "../src/application/change-log";

/**
 * The change log behind WatchChanges and the pages' server-sent events, followed by many open streams:
 * they are woken by appends (this process's at once, other writers' through one poller per log), and an
 * idle stream costs no reads of its own.
 */
const ns = testNamespace();
let watched: MongoClient;
let other: MongoClient;
/** Reads of the change log through `watched`, counted from the driver's command monitoring. */
let reads = 0;

beforeAll(async () => {
  watched = new MongoClient(testInfra().mongoUri, { monitorCommands: true });
  watched.on("commandStarted", (event) => {
    if (event.commandName === "find" && event.command.find === "hr_sync_changes") reads += 1;
  });
  await watched.connect();
  other = await MongoClient.connect(testInfra().mongoUri);
});

afterAll(async () => {
  await watched.close();
  await other.close();
  await dropDatabase(testInfra().mongoUri, ns.dbName);
});

const change = (employeeId: string): RecordChange => ({
  recordKey: employeeId,
  kind: "evaluation",
  record: { employeeId } as never,
});

/** Follows the log from `after` until `signal` aborts, collecting what arrives. */
function follower(log: ChangeLog, after: number, signal: AbortSignal): LoggedChange[] {
  const seen: LoggedChange[] = [];
  void (async () => {
    for await (const logged of log.follow(after, signal)) seen.push(logged);
  })();
  return seen;
}

describe("following the change log", () => {
  it("costs one poll per interval for all idle followers, and wakes them all on appends here and elsewhere", async () => {
    const log = new ChangeLog(watched.db(ns.dbName));
    await log.init();
    const elsewhere = new ChangeLog(other.db(ns.dbName));
    await elsewhere.append("first", change("E0"));
    const from = await log.head();
    const stop = new AbortController();
    const followers = Array.from({ length: 20 }, () => follower(log, from, stop.signal));
    try {
      await new Promise((r) => setTimeout(r, 500)); // every follower has read once and sleeps
      const before = reads;
      await new Promise((r) => setTimeout(r, 2_000));
      // One poller at 500 ms: about 4 probes in 2 s, whatever the number of followers (was 20 x 4).
      expect(reads - before).toBeLessThanOrEqual(8);

      const appendedAt = Date.now();
      await log.append("here", change("E1"));
      await waitFor(async () => (followers.every((f) => f.length === 1) ? true : undefined), {
        timeoutMs: 2_000,
        intervalMs: 10,
        what: "every follower woken by the append in this process",
      });
      expect(Date.now() - appendedAt).toBeLessThan(500);

      await elsewhere.append("elsewhere", change("E2"));
      await waitFor(async () => (followers.every((f) => f.length === 2) ? true : undefined), {
        timeoutMs: 3_000,
        intervalMs: 20,
        what: "every follower woken by another writer's append",
      });
      for (const f of followers) expect(f.map((c) => c.change.recordKey)).toEqual(["E1", "E2"]);
    } finally {
      stop.abort();
    }
  }, 30_000);
});
