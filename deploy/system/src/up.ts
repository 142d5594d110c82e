// `./run up`: the whole local system in one command: Kafka, the store and Zipkin, every service that
// exists, demo data. Ctrl-C stops it all.
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { freePort, type SpawnedProcess, spawnLogged, stopProcess, tail } from "@hr/local-stack";

/**
 * Every service of the system with its default ports (CONTRACTS.md): the one list a new service joins.
 * `./run up` starts those whose `services/<name>/src/main.ts` exists, and `./run contracts` checks
 * each of them against its own OpenAPI document.
 */
export const SERVICES = [
  { name: "skills", httpPort: 3001, grpcPort: 50051 },
  { name: "training", httpPort: 3002, grpcPort: 50052 },
  { name: "secondment", httpPort: 3003, grpcPort: 50053 },
  { name: "hr-sync", httpPort: 3004, grpcPort: 50054 },
] as const;

export type ServiceName = (typeof SERVICES)[number]["name"];

export const ROOT = resolve(__dirname, "../../..");

export interface RunningService {
  name: ServiceName;
  httpUrl: string;
  grpcAddress: string;
  process: SpawnedProcess;
}

export interface RunningSystem {
  services: RunningService[];
  /** Starts a service again on its ports with its environment (after it ended) and waits until it is ready. */
  restart(name: ServiceName): Promise<void>;
  /**
   * Starts one more instance of a service (free ports, the same environment: the same store, topics and
   * consumer group) and waits until it is ready; `stop()` ends only that instance.
   */
  addInstance(name: ServiceName): Promise<RunningService>;
  stop(): Promise<void>;
}

export interface ServicesOptions {
  kafkaBrokers: string;
  mongoUri: string;
  authSecret: string;
  /** Where each service's log goes (`<name>.log`). */
  logDir: string;
  /**
   * The default ports (CONTRACTS.md) plus an offset, so a second system can run beside the first; or
   * free ports (tests).
   */
  ports?: { offset: number } | "free";
  /** Zipkin's span endpoint (`/api/v2/spans`), when traces are collected. */
  zipkinSpans?: string;
  /** More environment for every service, e.g. TOPIC_PREFIX; a function of the service for MONGODB_DB. */
  env?: (service: ServiceName) => NodeJS.ProcessEnv;
  /** Only these services (of those present); all by default. */
  only?: ServiceName[];
  log: (line: string) => void;
}

/** The services whose code exists under services/ (the others are being built). */
export function presentServices(): Array<(typeof SERVICES)[number]> {
  return SERVICES.filter((s) => existsSync(join(ROOT, "services", s.name, "src/main.ts")));
}

/**
 * Starts every present service as its own process (as deployed: its main.ts, telemetry first) and waits
 * until each is ready; on failure stops those started and names the log to read.
 */
export async function startServices(options: ServicesOptions): Promise<RunningSystem> {
  mkdirSync(options.logDir, { recursive: true });
  const present = presentServices().filter((s) => !options.only || options.only.includes(s.name));
  const missing = SERVICES.filter(
    (s) => !present.includes(s) && (!options.only || options.only.includes(s.name)),
  );
  if (missing.length > 0) {
    options.log(`[up] not built yet, so not started: ${missing.map((s) => s.name).join(", ")}`);
  }
  const ports = options.ports ?? { offset: 0 };
  const spawn = (
    s: (typeof SERVICES)[number],
    httpPort: number,
    grpcPort: number,
    logName: string = s.name,
  ) => {
    const logFile = join(options.logDir, `${logName}.log`);
    options.log(`[up] starting ${s.name} (HTTP ${httpPort}, gRPC ${grpcPort}; log: ${logFile})...`);
    return spawnLogged(
      process.execPath,
      ["--import", "tsx", join("services", s.name, "src/main.ts")],
      logFile,
      {
        cwd: ROOT,
        env: {
          ...process.env,
          KAFKA_BROKERS: options.kafkaBrokers,
          MONGODB_URI: options.mongoUri,
          AUTH_JWT_SECRET: options.authSecret,
          HTTP_PORT: String(httpPort),
          GRPC_PORT: String(grpcPort),
          // The local system's HR pages take a pasted token (there is no sign-in proxy here).
          HR_PAGES_TOKEN_SIGN_IN: "true",
          ...(options.zipkinSpans
            ? { OTEL_EXPORTER_ZIPKIN_ENDPOINT: options.zipkinSpans, OTEL_BSP_SCHEDULE_DELAY: "1000" }
            : {}),
          ...options.env?.(s.name),
        },
      },
    );
  };
  const services: RunningService[] = [];
  const restarts = new Map<ServiceName, () => SpawnedProcess>();
  let instances = 0;
  for (const s of present) {
    const [httpPort, grpcPort] =
      ports === "free"
        ? [await freePort(), await freePort()]
        : [s.httpPort + ports.offset, s.grpcPort + ports.offset];
    services.push({
      name: s.name,
      httpUrl: `http://127.0.0.1:${httpPort}`,
      grpcAddress: `127.0.0.1:${grpcPort}`,
      process: spawn(s, httpPort, grpcPort),
    });
    restarts.set(s.name, () => spawn(s, httpPort, grpcPort));
  }
  const stop = async () => {
    await Promise.all(services.map((s) => stopProcess(s.process.child, 10_000)));
  };
  try {
    await Promise.all(services.map((s) => waitUntilReady(s, options.log)));
  } catch (error) {
    await stop();
    throw error;
  }
  const restart = async (name: ServiceName) => {
    const service = services.find((s) => s.name === name);
    const respawn = restarts.get(name);
    if (!service || !respawn) throw new Error(`${name} is not running here`);
    await stopProcess(service.process.child, 10_000);
    service.process = respawn();
    await waitUntilReady(service, options.log);
  };
  const addInstance = async (name: ServiceName) => {
    const s = present.find((p) => p.name === name);
    if (!s) throw new Error(`${name} is not built here`);
    const [httpPort, grpcPort] = [await freePort(), await freePort()];
    const instance: RunningService = {
      name,
      httpUrl: `http://127.0.0.1:${httpPort}`,
      grpcAddress: `127.0.0.1:${grpcPort}`,
      process: spawn(s, httpPort, grpcPort, `${name}-${++instances}`),
    };
    try {
      await waitUntilReady(instance, options.log);
    } catch (error) {
      await stopProcess(instance.process.child, 10_000);
      throw error;
    }
    return instance;
  };
  return { services, restart, addInstance, stop };
}

async function waitUntilReady(service: RunningService, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  const deadline = started + 180_000;
  for (;;) {
    const { exitCode, signalCode } = service.process.child;
    if (exitCode !== null || signalCode !== null) {
      throw new Error(
        // The log's last lines too: a private stack's folder is gone once the caller stopped it.
        `${service.name} exited (${signalCode ?? `code ${exitCode}`}); see ${service.process.logFile}:\n${tail(service.process.logFile, 8)}`,
      );
    }
    const ready = await fetch(`${service.httpUrl}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) {
      log(`[up] ${service.name} ready (${((Date.now() - started) / 1000).toFixed(1)}s)`);
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`${service.name} was not ready within 180s; see ${service.process.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
