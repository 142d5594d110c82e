// `./run up`: the whole local system in one command: Kafka and the store, every service that exists,
// demo data. Ctrl-C stops it all.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type SpawnedProcess, type Stack, spawnLogged, stopProcess } from "@hr/local-stack";
import { loadDemoData } from "./demo";

/** Default ports (CONTRACTS.md). */
export const SERVICES = [
  { name: "skills", httpPort: 3001, grpcPort: 50051 },
  { name: "training", httpPort: 3002, grpcPort: 50052 },
  { name: "secondment", httpPort: 3003, grpcPort: 50053 },
  { name: "hr-sync", httpPort: 3004, grpcPort: 50054 },
] as const;

const ROOT = resolve(__dirname, "../../..");
const STATE_DIR = join(ROOT, ".hr-stack");

export interface RunningSystem {
  services: Array<{ name: string; httpUrl: string; grpcAddress: string; process: SpawnedProcess }>;
  stop(): Promise<void>;
}

/**
 * Starts the services found under services/ against the stack, waits until each is ready, loads the
 * demo data. The development auth secret is written to .hr-stack/dev.env for `./run token`.
 */
export async function startSystem(stack: Stack, log: (line: string) => void): Promise<RunningSystem> {
  mkdirSync(join(STATE_DIR, "logs"), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(
    join(STATE_DIR, "dev.env"),
    `AUTH_JWT_SECRET=${secret}\nKAFKA_BROKERS=${stack.kafkaBrokers}\nMONGODB_URI=${stack.mongoUri}\n`,
    { mode: 0o600 },
  );
  const present = SERVICES.filter((s) => existsSync(join(ROOT, "services", s.name, "src/main.ts")));
  const missing = SERVICES.filter((s) => !present.includes(s));
  if (missing.length > 0) log(`[up] not built yet, so not started: ${missing.map((s) => s.name).join(", ")}`);

  const services = present.map((s) => {
    const logFile = join(STATE_DIR, "logs", `${s.name}.log`);
    log(`[up] starting ${s.name} (HTTP ${s.httpPort}, gRPC ${s.grpcPort}; log: ${logFile})...`);
    const process = spawnLogged(
      globalThis.process.execPath,
      ["--import", "tsx", join("services", s.name, "src/main.ts")],
      logFile,
      {
        cwd: ROOT,
        env: {
          ...globalThis.process.env,
          KAFKA_BROKERS: stack.kafkaBrokers,
          MONGODB_URI: stack.mongoUri,
          AUTH_JWT_SECRET: secret,
          HTTP_PORT: String(s.httpPort),
          GRPC_PORT: String(s.grpcPort),
        },
      },
    );
    return {
      name: s.name,
      httpUrl: `http://127.0.0.1:${s.httpPort}`,
      grpcAddress: `127.0.0.1:${s.grpcPort}`,
      process,
    };
  });
  const stop = async () => {
    await Promise.all(services.map((s) => stopProcess(s.process.child, 10_000)));
  };
  try {
    for (const s of services) await waitUntilReady(s, log);
    await loadDemoData(services, secret, log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { services, stop };
}

async function waitUntilReady(
  service: RunningSystem["services"][number],
  log: (line: string) => void,
): Promise<void> {
  const started = Date.now();
  const deadline = started + 120_000;
  for (;;) {
    if (service.process.child.exitCode !== null) {
      throw new Error(
        `${service.name} exited with code ${service.process.child.exitCode}; see ${service.process.logFile}`,
      );
    }
    const ready = await fetch(`${service.httpUrl}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) {
      log(`[up] ${service.name} ready (${((Date.now() - started) / 1000).toFixed(1)}s)`);
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`${service.name} was not ready within 120s; see ${service.process.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

export function summary(system: RunningSystem): string {
  const lines = system.services.map(
    (s) => `  ${s.name.padEnd(11)} REST ${s.httpUrl}/v1  docs ${s.httpUrl}/docs  gRPC ${s.grpcAddress}`,
  );
  return [
    "[up] the system is running:",
    ...lines,
    "  a token:    ./run token --roles hr-core        (roles: hr-core, hr-admin, skills-admin, ..., employee)",
    '  try:        curl -H "authorization: Bearer $(./run -s token --roles hr-core)" http://127.0.0.1:3001/v1/employees/E1001/profile',
    "  press Ctrl-C to stop everything",
  ].join("\n");
}
