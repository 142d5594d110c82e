// An LMS's batch of xAPI statements against the real store (issue 19 item 6): the employees of a batch are
// recorded side by side, so their commits share the store's group commits, and a retried batch (after a
// lost reply, racing its own retry) records every statement once: none lost, none doubled.
import { type CallContext, EventStore } from "@hr/kit";
import { databaseUnderTest, testNamespace } from "@hr/testing";
import { beforeAll, describe, expect, it } from "vitest";
import defaultCertifications from "../catalogue/certifications.json";
import fy2024 from "../catalogue/fy2024.json";
import { CourseCatalogueStore } from "../src/application/course-catalogue.store";
import { recordStream, TrainingRecordHandlers } from "../src/application/training-record.handlers";
import { XapiStatements } from "../src/application/xapi.handler";
import { type Statement, VERBS } from "../src/application/xapi-statement";
import { type CourseCatalogue, certificationCatalogue } from "../src/domain";

const ns = testNamespace();
const database = databaseUnderTest(ns);
const HOME_PAGE = "https://learning.metro.example";
const ACTIVITY = "https://learning.metro.example/activities/udemy-python-data";
const call: CallContext = {
  principal: { subject: "lms", roles: ["training-admin"] },
  actor: { subject: "lms", roles: ["training-admin"] },
};

let store: EventStore;
let statements: XapiStatements;
beforeAll(async () => {
  const { db } = database;
  store = new EventStore(db);
  await store.init();
  const catalogues = new CourseCatalogueStore(db);
  await catalogues.init([fy2024 as CourseCatalogue]);
  const records = new TrainingRecordHandlers(
    store,
    catalogues,
    () => {},
    db,
    certificationCatalogue(defaultCertifications),
  );
  statements = new XapiStatements(db, records, catalogues, HOME_PAGE);
});

/** A UUID of its own for each (test, n): a statement id or a registration. */
const uuid = (test: number, n: number) =>
  `${ns.id}-${String(test).padStart(4, "0")}-4000-8000-${String(n).padStart(12, "0")}`;

function completion(id: string, employeeId: string, registration: string, verb: string = VERBS.completed) {
  const statement: Statement = {
    id,
    actor: { account: { homePage: HOME_PAGE, name: employeeId } },
    verb: { id: verb },
    object: { objectType: "Activity", id: ACTIVITY },
    result: { duration: "PT2H" },
    context: { registration },
    timestamp: "2024-06-03T21:15:00+09:00",
  };
  return { statement, id };
}

function voiding(id: string, voidedId: string) {
  const statement: Statement = {
    id,
    actor: { account: { homePage: HOME_PAGE, name: "lms-admin" } },
    verb: { id: VERBS.voided },
    object: { objectType: "StatementRef", id: voidedId },
  };
  return { statement, id };
}

/** The store's `command`s on `collection` while `work` ran. */
async function commandsOn(command: string, collection: string, work: () => Promise<void>) {
  const before = database.commands.length;
  await work();
  return database.commands
    .slice(before)
    .filter((c) => c.commandName === command && c.command[command] === collection);
}

const eventTypes = async (employeeId: string) =>
  (await store.readStream(recordStream(employeeId))).events.map((e) => e.type);

describe("an xAPI batch", () => {
  it("writes the commits of a batch's employees together, not one round trip after another", async () => {
    const batch = Array.from({ length: 40 }, (_, n) => completion(uuid(1, n), `XB${n}`, uuid(1, 100 + n)));
    const commitInserts = await commandsOn("insert", "events", () => statements.recordAll(batch, call));
    // One at a time, a batch of 40 is 40 commit inserts.
    expect(commitInserts.length).toBeLessThanOrEqual(20);
    for (let n = 0; n < 40; n++) expect(await eventTypes(`XB${n}`)).toEqual(["TrainingCompleted"]);
  });

  it("reads the course catalogue once for a batch, not once or twice per statement", async () => {
    const batch = Array.from({ length: 40 }, (_, n) => completion(uuid(3, n), `XC${n}`, uuid(3, 100 + n)));
    const catalogueReads = await commandsOn("find", "course_catalogues", () =>
      statements.recordAll(batch, call),
    );
    expect(catalogueReads).toHaveLength(1);
    for (let n = 0; n < 40; n++) expect(await eventTypes(`XC${n}`)).toEqual(["TrainingCompleted"]);
  });

  it("records each statement of a retried batch once: after a partial first try, racing its own retry", async () => {
    const [a, b, c, d] = [0, 1, 2, 3].map((n) => uuid(2, n)) as [string, string, string, string];
    const batch = [
      completion(a, "XR1", uuid(2, 10)),
      // passed of the same attempt: no second completion
      completion(b, "XR1", uuid(2, 10), VERBS.passed),
      // voids c, before c in the batch
      voiding(d, c),
      completion(c, "XR2", uuid(2, 11)),
      ...Array.from({ length: 30 }, (_, n) => completion(uuid(2, 100 + n), `XR${10 + n}`, uuid(2, 200 + n))),
    ];
    // The first try recorded part of the batch before its reply was lost.
    await statements.recordAll(batch.slice(0, 2), call);
    await statements.recordAll(batch.slice(20), call);
    // The LMS's retry races a second retry: one may lose a stream's race (a retryable conflict)...
    await Promise.allSettled([statements.recordAll(batch, call), statements.recordAll(batch, call)]);
    // ...and the LMS retries until it is answered.
    await statements.recordAll(batch, call);

    expect(await eventTypes("XR1")).toEqual(["TrainingCompleted"]);
    expect(await eventTypes("XR2")).toEqual(["TrainingCompleted", "CompletionVoided"]);
    for (let n = 0; n < 30; n++) expect(await eventTypes(`XR${10 + n}`)).toEqual(["TrainingCompleted"]);
    const lookup = database.db.collection<{ _id: string; completionId: string }>("xapi_statements");
    const completionOf = async (id: string) => (await lookup.findOne({ _id: id }))?.completionId;
    expect([await completionOf(a), await completionOf(b), await completionOf(c)]).toEqual([
      `xapi-${a}`,
      `xapi-${a}`,
      `xapi-${c}`,
    ]);
  });
});
