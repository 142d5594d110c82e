// The whole local stack: provision its components, start them side by side, stop them together.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { KAFKA_VERSION, type KafkaHandle, provisionKafka, startKafka } from "./kafka";
import { defaultLog, type Log } from "./process";
import { FERRETDB_VERSION, provisionStore, type StoreHandle, startStore } from "./store";
import { provisionZipkin, startZipkin, type ZipkinHandle } from "./zipkin";

/** Downloads and builds whatever the stack needs into the cache; does nothing when it is all there. */
export async function provision(log: Log = defaultLog): Promise<void> {
  await Promise.all([provisionKafka(log), provisionStore(log), provisionZipkin(log)]);
}

export interface StackOptions {
  /** Broker port; a free port by default. */
  kafkaPort?: number;
  /** Kafka's controller (KRaft quorum) port; a free port by default. Fixed to restart the broker on its data. */
  kafkaControllerPort?: number;
  /** Kafka nodes (each broker and controller): 1 by default; 3 replicate every topic three times. */
  kafkaNodes?: number;
  /** Store port; a free port by default. */
  storePort?: number;
  /** Also start Zipkin (the trace server), e.g. for `./run up`; tests that need it start their own. */
  traces?: boolean;
  /** Zipkin's port when `traces`; a free port by default. */
  zipkinPort?: number;
  /** Kept after stop when given; by default a fresh temporary folder, removed on stop. */
  dataDir?: string;
  log?: (line: string) => void;
}

export interface Stack {
  /** Comma-separated `host:port` list, as KAFKA_BROKERS takes it. */
  kafkaBrokers: string;
  /** As MONGODB_URI takes it. */
  mongoUri: string;
  /** What runs, e.g. `local: Kafka 3.9.1 + FerretDB 1.24.2 (sqlite)`. */
  backend: string;
  dataDir: string;
  kafka: KafkaHandle;
  store: StoreHandle;
  /** Present when started with `traces`. */
  zipkin?: ZipkinHandle;
  stop(): Promise<void>;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const log = opts.log ?? defaultLog;
  await provision(log);
  const ephemeral = opts.dataDir === undefined;
  const dataDir = opts.dataDir ? resolve(opts.dataDir) : mkdtempSync(join(tmpdir(), "hr-stack-"));
  const removeData = () => {
    if (ephemeral) rmSync(dataDir, { recursive: true, force: true });
  };

  const [kafka, store, zipkin] = await Promise.allSettled([
    startKafka({
      port: opts.kafkaPort,
      controllerPort: opts.kafkaControllerPort,
      nodes: opts.kafkaNodes,
      dataDir: join(dataDir, "kafka"),
      log,
    }),
    startStore({ port: opts.storePort, dataDir: join(dataDir, "store"), log }),
    opts.traces ? startZipkin({ port: opts.zipkinPort, dataDir: join(dataDir, "zipkin"), log }) : undefined,
  ]);
  const started = [kafka, store, zipkin].flatMap((r) =>
    r.status === "fulfilled" && r.value ? [r.value] : [],
  );
  const stopAll = () => Promise.all(started.map((component) => component.stop()));
  if (kafka.status === "rejected" || store.status === "rejected" || zipkin.status === "rejected") {
    await stopAll();
    removeData();
    const reasons = [kafka, store, zipkin].flatMap((r) =>
      r.status === "rejected" ? [String(r.reason)] : [],
    );
    throw new Error(reasons.join("\n"));
  }

  const storeName = store.value.backend === "mongod" ? "mongod" : `FerretDB ${FERRETDB_VERSION} (sqlite)`;
  let stopping: Promise<void> | undefined;
  return {
    kafkaBrokers: kafka.value.brokers,
    mongoUri: store.value.uri,
    backend: `local: Kafka ${KAFKA_VERSION}${kafka.value.nodes.length > 1 ? ` (${kafka.value.nodes.length} nodes)` : ""} + ${storeName}`,
    dataDir,
    kafka: kafka.value,
    store: store.value,
    ...(zipkin.value ? { zipkin: zipkin.value } : {}),
    stop() {
      stopping ??= (async () => {
        log("[stack] stopping...");
        await stopAll();
        removeData();
        log("[stack] stopped");
      })();
      return stopping;
    },
  };
}

/** Resolves with the signal when the user presses Ctrl-C (SIGINT) or the process gets SIGTERM. */
export function untilInterrupted(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    const onSignal = (signal: NodeJS.Signals) => {
      // Removed after this signal's other listeners ran: the child-process hook (process.ts) re-raises a
      // signal that nobody else handles, which would end the process before the caller stops things.
      setImmediate(() => {
        process.removeListener("SIGINT", onSignal);
        process.removeListener("SIGTERM", onSignal);
      });
      resolveSignal(signal);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}
