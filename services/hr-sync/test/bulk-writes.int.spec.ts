import { STATEMENTS_PER_WRITE } from "@hr/kit";
import { dropDatabase, testInfra, testNamespace } from "@hr/testing";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChangeLog } from "../src/application/change-log";
import { Projector } from "../src/application/projector";
import { type FactDocument, RecordStore } from "../src/application/record-store";
import { DEFAULT_CLASSIFICATION } from "../src/domain";
import { fact } from "./facts.fixtures";

/**
 * A batch that rewrites many stored records at once, against the real store. FerretDB 1.24 holds one of a
 * database's 100 SQLite connections per statement of an update command until the command ends, so one
 * bulk write of more than 100 replacements of existing documents waited for itself forever and the
 * database stopped answering (`./run bench --events 2000` stalled in the hr-sync stage).
 */
const ns = testNamespace();
const EMPLOYEES = 120;
let client: MongoClient;
/** Whether the database still answers: a wedged one is left alone (dropping it would wait on it too). */
let answering = true;

beforeAll(async () => {
  client = await MongoClient.connect(testInfra().mongoUri, { monitorCommands: true });
});
afterAll(async () => {
  await client?.close();
  if (answering) await dropDatabase(testInfra().mongoUri, ns.dbName);
});

const posting = (employeeId: string, id: string, effectiveDate: string, department: string): FactDocument => {
  const f = fact(
    "hr.postings.v1.PostingRecorded",
    { postingId: id, effectiveDate, department, post: "主事", kind: "POSTING_KIND_REGULAR_TRANSFER" },
    { id: `${employeeId}-${id}`, employeeId },
  );
  return { ...f, _id: f.id, topic: "hr.postings.v1", partition: 0, offset: "0" };
};

/** Every update command's statements, and the most statements of update commands in flight at once. */
function watchUpdates(c: MongoClient) {
  const inFlight = new Map<number, number>();
  const seen = { commands: [] as number[], mostInFlight: 0 };
  c.on("commandStarted", (e) => {
    if (e.commandName !== "update" || e.databaseName !== ns.dbName) return;
    const statements = (e.command.updates as unknown[]).length;
    seen.commands.push(statements);
    inFlight.set(e.requestId, statements);
    const total = [...inFlight.values()].reduce((a, b) => a + b, 0);
    seen.mostInFlight = Math.max(seen.mostInFlight, total);
  });
  const done = (e: { requestId: number }) => inFlight.delete(e.requestId);
  c.on("commandSucceeded", done);
  c.on("commandFailed", done);
  return seen;
}

describe("a batch that rewrites many stored records", () => {
  it("is projected with update commands of a bounded size, and the store keeps answering", async () => {
    const db = client.db(ns.dbName);
    const changes = new ChangeLog(db);
    await changes.init();
    const projector = new Projector(new RecordStore(db, 1, 3), DEFAULT_CLASSIFICATION, changes);
    const ids = Array.from({ length: EMPLOYEES }, (_, i) => `E-BULK-${i}`);
    // Given every employee's records stored,
    await projector.projectAll(ids.map((e) => posting(e, "p1", "2024-04-01", "総務局 人事部")));
    const updates = watchUpdates(client);

    // when one batch moves them all to another department (rotation and FY2024 records, indexes, listings),
    const moved = projector.projectAll(ids.map((e) => posting(e, "p2", "2024-10-01", "デジタルサービス局")));
    const outcome = await Promise.race([
      moved.then(() => "projected"),
      new Promise((resolve) => setTimeout(resolve, 60_000, "the store stopped answering")),
    ]);
    answering = outcome === "projected";

    // then it is projected, no update command holds more than the bound, nor do those in flight together,
    expect(outcome).toBe("projected");
    expect(Math.max(...updates.commands)).toBeLessThanOrEqual(STATEMENTS_PER_WRITE);
    expect(updates.mostInFlight).toBeLessThanOrEqual(STATEMENTS_PER_WRITE);
    // and every employee is listed in the department moved to.
    const store = new RecordStore(db, 1, 3);
    expect(await store.departmentMembers(2024, "デジタルサービス局")).toEqual([...ids].sort());
    expect(await store.departmentMembers(2024, "総務局 人事部")).toEqual([]);
  }, 120_000);
});
