// The MongoDB-wire store: a `mongod` from PATH when there is one, else FerretDB v1 (SQLite backend)
// built from the project's own Go module in deploy/local/ferretdb.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { MongoClient } from "mongodb";
import { buildInto, cacheDir, isFresh, seconds, stampOf } from "./cache";
import {
  defaultLog,
  freePort,
  type Log,
  onPath,
  requireTool,
  runChecked,
  type SpawnedProcess,
  spawnLogged,
  stopProcess,
  waitReady,
} from "./process";

/** Must match the FerretDB requirement in ferretdb/go.mod. */
export const FERRETDB_VERSION = "1.24.2";
export const FERRETDB_MODULE = resolve(__dirname, "../ferretdb");

export type StoreBackend = "mongod" | "ferretdb";

/** `mongod` when it is on PATH, else FerretDB; HR_STACK_STORE=ferretdb|mongod forces one. */
export function storeBackend(): StoreBackend {
  const forced = process.env.HR_STACK_STORE;
  if (forced === "mongod" || forced === "ferretdb") return forced;
  return onPath("mongod") ? "mongod" : "ferretdb";
}

export function ferretdbBinary(): string {
  return join(cacheDir(), "bin", "hr-ferretdb");
}

/** Builds FerretDB into the cache with Go (once; again only when the Go module changes). */
export async function provisionFerretDb(log: Log = defaultLog): Promise<string> {
  const bin = ferretdbBinary();
  const stampFile = `${bin}.stamp`;
  const stamp = stampOf(["go.mod", "go.sum", "main.go"].map((f) => join(FERRETDB_MODULE, f)));
  if (isFresh(stampFile, stamp)) return bin;
  requireTool("go", "version", "apt-get install -y golang (Go >= 1.24), or a Go toolchain from go.dev");
  const started = Date.now();
  log(`[stack] building FerretDB ${FERRETDB_VERSION} with Go (modules from the Go module proxy)...`);
  await buildInto(bin, stampFile, stamp, (tmp) =>
    runChecked("go", ["build", "-trimpath", "-o", tmp, "."], {
      cwd: FERRETDB_MODULE,
      // go.sum is committed: refuse to change it; SQLite is pure Go (modernc), so no C compiler needed.
      env: { ...process.env, GOFLAGS: "-mod=readonly", CGO_ENABLED: "0" },
    }),
  );
  log(`[stack] FerretDB ${FERRETDB_VERSION} built: ${bin} (${seconds(started)})`);
  return bin;
}

/** Makes sure the chosen store can start: nothing to do for mongod, a build for FerretDB. */
export async function provisionStore(log: Log = defaultLog): Promise<void> {
  if (storeBackend() === "mongod") {
    log("[stack] store: using mongod from PATH");
    return;
  }
  await provisionFerretDb(log);
}

export interface StoreOptions {
  /** A free port by default. */
  port?: number;
  /** Where the databases and the log go. */
  dataDir: string;
  log?: Log;
  timeoutMs?: number;
}

export interface StoreHandle {
  /** `mongodb://127.0.0.1:<port>/` */
  uri: string;
  port: number;
  backend: StoreBackend;
  logFile: string;
  process: SpawnedProcess;
  stop(): Promise<void>;
}

/** True when the server answers a ping. */
export async function storeAnswers(uri: string): Promise<boolean> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1_000, connectTimeoutMS: 1_000 });
  try {
    await client.connect();
    const reply = await client.db("admin").command({ ping: 1 });
    return reply.ok === 1;
  } finally {
    await client.close().catch(() => {});
  }
}

export async function startStore(opts: StoreOptions): Promise<StoreHandle> {
  const log = opts.log ?? defaultLog;
  const backend = storeBackend();
  const started = Date.now();
  const port = opts.port ?? (await freePort());
  const dir = resolve(opts.dataDir);
  const dbDir = join(dir, "db");
  const logFile = join(dir, `${backend}.log`);
  mkdirSync(dbDir, { recursive: true });

  let proc: SpawnedProcess;
  if (backend === "mongod") {
    log(`[stack] starting mongod on 127.0.0.1:${port} (log: ${logFile})...`);
    proc = spawnLogged(
      "mongod",
      ["--bind_ip", "127.0.0.1", "--port", String(port), "--dbpath", dbDir],
      logFile,
    );
  } else {
    const bin = await provisionFerretDb(log);
    log(`[stack] starting FerretDB ${FERRETDB_VERSION} (sqlite) on 127.0.0.1:${port} (log: ${logFile})...`);
    proc = spawnLogged(
      bin,
      ["-listen-addr", `127.0.0.1:${port}`, "-data-dir", dbDir, "-log-level", "warn", "-exit-on-stdin-eof"],
      logFile,
      { stdinPipe: true },
    );
  }
  const uri = `mongodb://127.0.0.1:${port}/`;
  await waitReady(`${backend} on 127.0.0.1:${port}`, proc, () => storeAnswers(uri), opts.timeoutMs ?? 60_000);
  log(`[stack] ${backend} ready on 127.0.0.1:${port} (${seconds(started)})`);
  return { uri, port, backend, logFile, process: proc, stop: () => stopProcess(proc.child) };
}
