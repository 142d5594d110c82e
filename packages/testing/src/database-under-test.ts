// A database of the spec file's own on the run's store, for tests of a read model without its service:
// the file's hooks connect and drop it, and every command sent is kept so a test can check its filters.
import { type CommandStartedEvent, type Db, MongoClient } from "mongodb";
import { afterAll, beforeAll } from "vitest";
import { dropDatabase, type TestNamespace, testInfra } from "./index";

export interface DatabaseUnderTest {
  /** The database (connected in this file's `beforeAll`). */
  readonly db: Db;
  /** Every command sent to the store since the file started (clear it to watch one step). */
  readonly commands: CommandStartedEvent[];
}

/** Registers a `beforeAll` that connects to the namespace's database and an `afterAll` that drops it. */
export function databaseUnderTest(ns: TestNamespace): DatabaseUnderTest {
  const infra = testInfra();
  const commands: CommandStartedEvent[] = [];
  let client: MongoClient | undefined;
  let db: Db | undefined;
  beforeAll(async () => {
    client = new MongoClient(infra.mongoUri, { monitorCommands: true });
    client.on("commandStarted", (c) => commands.push(c));
    await client.connect();
    db = client.db(ns.dbName);
  });
  afterAll(async () => {
    await client?.close();
    await dropDatabase(infra.mongoUri, ns.dbName);
  });
  return {
    get db() {
      if (!db) throw new Error("databaseUnderTest: the database is connected in beforeAll");
      return db;
    },
    commands,
  };
}
