// The MongoDB-wire store: a `mongod` from PATH when there is one, else FerretDB v1 (SQLite backend)
// built from the project's own Go module in deploy/local/ferretdb.
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { MongoClient } from "mongodb";
import { buildInto, cacheDir, isFresh, seconds, stampOf } from "./cache";
import type { TlsCertificates } from "./certificates";
import {
  defaultLog,
  freePort,
  type Log,
  onPath,
  requireTool,
  runCaptured,
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

/** The build's inputs; the binary's name carries it, so checkouts of other versions do not rebuild it back and forth. */
function ferretdbStamp(): string {
  return stampOf(
    ["go.mod", "go.sum", "main.go"].map((f) => join(FERRETDB_MODULE, f)),
    [JSON.stringify(FERRETDB_ID_LOOKUP_PATCH)],
  );
}

export function ferretdbBinary(): string {
  return join(cacheDir(), "bin", `hr-ferretdb-${ferretdbStamp()}`);
}

/**
 * The one change the project makes to FerretDB's source. Its SQLite backend looks documents up by
 * `_id` with the SQL expression `_ferretdb_sjson->'$._id'`, while the unique `_id` index it creates on
 * every table is on `_ferretdb_sjson->"_id"`. SQLite uses an index on an expression only for the same
 * expression, so every `_id` lookup scanned the whole table (24 ms at 20,000 documents instead of
 * 0.01 ms). Written as the index writes it, the lookup is an index search. `ferretdb.int.spec.ts`
 * proves it with EXPLAIN QUERY PLAN.
 */
export const FERRETDB_ID_LOOKUP_PATCH = {
  file: "internal/backends/sqlite/metadata/metadata.go",
  from: `IDColumn = DefaultColumn + "->'$._id'"`,
  to: `IDColumn = DefaultColumn + "->\\"_id\\""`,
} as const;

/**
 * Builds FerretDB into the cache with Go (once; again only when the Go module or the patch changes):
 * FerretDB's module as the module proxy serves it, copied, patched (FERRETDB_ID_LOOKUP_PATCH), and
 * built from a copy of the project's module with a `replace` pointing at the patched copy.
 */
export async function provisionFerretDb(log: Log = defaultLog): Promise<string> {
  const bin = ferretdbBinary();
  const stampFile = `${bin}.stamp`;
  const stamp = ferretdbStamp();
  if (isFresh(stampFile, stamp)) return bin;
  requireTool("go", "version", "apt-get install -y golang (Go >= 1.24), or a Go toolchain from go.dev");
  const started = Date.now();
  log(`[stack] building FerretDB ${FERRETDB_VERSION} with Go (modules from the Go module proxy)...`);
  // go.sum is committed: refuse to change it; SQLite is pure Go (modernc), so no C compiler needed.
  const env = { ...process.env, GOFLAGS: "-mod=readonly", CGO_ENABLED: "0" };
  const download = await runCaptured(
    "go",
    ["mod", "download", "-json", `github.com/FerretDB/FerretDB@v${FERRETDB_VERSION}`],
    { cwd: FERRETDB_MODULE, env },
  );
  const { Dir: moduleDir } = JSON.parse(download) as { Dir: string };
  const work = join(cacheDir(), "ferretdb-build");
  rmSync(work, { recursive: true, force: true });
  const patched = join(work, "FerretDB");
  cpSync(moduleDir, patched, { recursive: true });
  applyPatch(patched, FERRETDB_ID_LOOKUP_PATCH);
  const main = join(work, "main");
  mkdirSync(main);
  for (const f of ["go.mod", "go.sum", "main.go"]) copyFileSync(join(FERRETDB_MODULE, f), join(main, f));
  appendFileSync(join(main, "go.mod"), "\nreplace github.com/FerretDB/FerretDB => ../FerretDB\n");
  try {
    await buildInto(bin, stampFile, stamp, (tmp) =>
      runChecked("go", ["build", "-trimpath", "-o", tmp, "."], { cwd: main, env }),
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  log(
    `[stack] FerretDB ${FERRETDB_VERSION} built (patched: _id lookups use the _id index): ${bin} (${seconds(started)})`,
  );
  return bin;
}

function applyPatch(root: string, patch: { file: string; from: string; to: string }): void {
  const file = join(root, patch.file);
  const source = readFileSync(file, "utf8");
  if (!source.includes(patch.from)) {
    throw new Error(
      `FerretDB ${FERRETDB_VERSION}: ${patch.file} no longer contains ${patch.from}; update FERRETDB_ID_LOOKUP_PATCH in deploy/local/src/store.ts`,
    );
  }
  chmodSync(file, 0o644); // the module cache is read-only, and so is its copy
  writeFileSync(file, source.replace(patch.from, patch.to));
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
  /** Also serve TLS with this certificate (FerretDB: a second listener on a free port; mongod: the same port). */
  tls?: { certificates: TlsCertificates };
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
  /** With `tls`: where TLS is served, `mongodb://127.0.0.1:<tlsPort>/?tls=true`. */
  tlsUri?: string;
  tlsPort?: number;
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

  const certificates = opts.tls?.certificates;
  let proc: SpawnedProcess;
  let tlsPort: number | undefined;
  if (backend === "mongod") {
    log(`[stack] starting mongod on 127.0.0.1:${port} (log: ${logFile})...`);
    // allowTLS: plain text (the stack's probe) and TLS on the one port.
    const tls = certificates
      ? ["--tlsMode", "allowTLS", "--tlsCertificateKeyFile", certificates.keyAndCertFile]
      : [];
    tlsPort = certificates ? port : undefined;
    proc = spawnLogged(
      "mongod",
      ["--bind_ip", "127.0.0.1", "--port", String(port), "--dbpath", dbDir, ...tls],
      logFile,
    );
  } else {
    const bin = await provisionFerretDb(log);
    tlsPort = certificates ? await freePort() : undefined;
    const tls = certificates
      ? [
          ...["-listen-tls", `127.0.0.1:${tlsPort}`],
          ...["-listen-tls-cert-file", certificates.certFile, "-listen-tls-key-file", certificates.keyFile],
        ]
      : [];
    log(`[stack] starting FerretDB ${FERRETDB_VERSION} (sqlite) on 127.0.0.1:${port} (log: ${logFile})...`);
    proc = spawnLogged(
      bin,
      [
        ...[
          "-listen-addr",
          `127.0.0.1:${port}`,
          "-data-dir",
          dbDir,
          "-log-level",
          "warn",
          "-exit-on-stdin-eof",
        ],
        ...tls,
      ],
      logFile,
      { stdinPipe: true },
    );
  }
  const uri = `mongodb://127.0.0.1:${port}/`;
  await waitReady(`${backend} on 127.0.0.1:${port}`, proc, () => storeAnswers(uri), opts.timeoutMs ?? 60_000);
  log(`[stack] ${backend} ready on 127.0.0.1:${port} (${seconds(started)})`);
  return {
    uri,
    port,
    backend,
    logFile,
    process: proc,
    ...(tlsPort ? { tlsPort, tlsUri: `mongodb://127.0.0.1:${tlsPort}/?tls=true` } : {}),
    stop: () => stopProcess(proc.child),
  };
}
