// The local FerretDB's durability is set on purpose (deploy/local/README.md): SQLite in WAL mode with
// synchronous(normal), so a commit is not an fsync. Counted, not timed: strace attached to the store that
// startStore runs counts its fsync/fdatasync calls over 40 sequential single-document inserts (each its own
// SQLite transaction). SQLite's default (FULL) syncs the WAL at every commit: 40 or more; NORMAL syncs only at
// checkpoints: a handful.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { afterAll, describe, expect, it } from "vitest";
import { type StoreHandle, startStore, storeBackend } from "../src/index";

const INSERTS = 40;
const dataDir = mkdtempSync(join(tmpdir(), "hr-store-durability-"));
let store: StoreHandle | undefined;

afterAll(async () => {
  await store?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Attaches strace to every thread of pid and returns the sync calls counted until `during` resolves. */
async function syncCallsDuring(pid: number, during: () => Promise<void>): Promise<number> {
  const out = join(dataDir, "strace.txt");
  const strace = spawn(
    "strace",
    ["-f", "-qq", "-c", "-e", "trace=fsync,fdatasync", "-o", out, "-p", String(pid)],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  strace.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  // strace has attached once it is waiting on the process; give it a moment, then work.
  await new Promise((r) => setTimeout(r, 500));
  expect(strace.exitCode, `strace could not attach: ${stderr}`).toBeNull();
  await during();
  const exited = new Promise((r) => strace.once("exit", r));
  strace.kill("SIGINT");
  await exited;
  const summary = readFileSync(out, "utf8");
  return [...summary.matchAll(/^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?f(?:data)?sync$/gm)].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  );
}

// With a mongod on PATH the local store is mongod, whose durability is its journal: no SQLite pragma to check.
describe.skipIf(storeBackend() !== "ferretdb")("the local store's durability (FerretDB on SQLite)", () => {
  it(`does not fsync per commit: fewer than ${INSERTS / 4} sync calls for ${INSERTS} single inserts`, async () => {
    store = await startStore({ dataDir, log: () => {} });
    const client = new MongoClient(store.uri);
    try {
      const docs = client.db("durability").collection<{ _id: string }>("docs");
      await docs.insertOne({ _id: "warm-up" }); // creates the database and the collection outside the count
      const pid = store.process.child.pid;
      if (pid === undefined) throw new Error("the store has no pid");
      const syncs = await syncCallsDuring(pid, async () => {
        for (let i = 0; i < INSERTS; i++) await docs.insertOne({ _id: `doc-${i}` });
      });
      expect(await docs.countDocuments({})).toBe(INSERTS + 1);
      expect(syncs).toBeLessThan(INSERTS / 4);
    } finally {
      await client.close();
    }
  });
});
