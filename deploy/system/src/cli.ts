// ./run up [--kafka-port N] [--store-port N] [--zipkin-port N] [--port-offset N] [--data-dir DIR]:
// the whole local system until Ctrl-C (or SIGTERM), then every process it started is stopped.
// The package script runs it as `node --import tsx`, not through the tsx launcher: on a busy machine
// the launcher SIGKILLs a child that is slow to acknowledge Ctrl-C, which would cut the stopping short.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { provision, type Stack, startStack, untilInterrupted } from "@hr/local-stack";
import { loadDemoData } from "./demo";
import { claimInstance, portsInUse } from "./instance";
import { Interrupted, stepRunner } from "./progress";
import { summary } from "./summary";
import { ROOT, type RunningSystem, startServices } from "./up";

const STATE_DIR = join(ROOT, ".hr-stack");

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      "kafka-port": { type: "string", default: "9092" },
      "store-port": { type: "string", default: "27017" },
      "zipkin-port": { type: "string", default: "9411" },
      "port-offset": { type: "string", default: "0" },
      "data-dir": { type: "string" },
    },
  });
  const offset = whole(values["port-offset"], "port-offset");
  const port = (name: "kafka-port" | "store-port" | "zipkin-port") => {
    const n = whole(values[name], name) + offset;
    if (n <= 0 || n > 65_535) throw new Error(`--${name} plus --port-offset is not a port: ${n}`);
    return n;
  };
  // The services' highest default port (gRPC 50054) must stay a port too.
  if (50_054 + offset > 65_535) throw new Error(`--port-offset ${offset} puts the gRPC ports above 65535`);
  return {
    kafkaPort: port("kafka-port"),
    storePort: port("store-port"),
    zipkinPort: port("zipkin-port"),
    portOffset: offset,
    dataDir: values["data-dir"],
  };
}

function whole(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`--${name}: not a whole number: ${value}`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const opts = options(argv);
  const log = (line: string) => console.log(line);
  const release = claimInstance(STATE_DIR, opts.portOffset);
  let stack: Stack | undefined;
  let system: RunningSystem | undefined;
  // Ctrl-C during start-up stops what has started so far, like Ctrl-C once running.
  const interrupted = untilInterrupted();
  const step = stepRunner(log, interrupted);
  try {
    const taken = await portsInUse(opts);
    if (taken.length > 0) {
      throw new Error(
        `ports in use by another program: ${taken.join(", ")}; stop it, or run beside it with --port-offset N`,
      );
    }
    await step("provisioning the stack (the first time: about 3 minutes)", () => provision(log));
    // Interrupted in a step, what the step had started is stopped on exit (SIGTERM to every child).
    const started = await step("starting Kafka, the store and Zipkin", () =>
      startStack({ ...opts, traces: true, log }),
    );
    stack = started;
    const authSecret = randomBytes(32).toString("base64url");
    writeFileSync(
      join(STATE_DIR, "dev.env"),
      `AUTH_JWT_SECRET=${authSecret}\nKAFKA_BROKERS=${started.kafkaBrokers}\nMONGODB_URI=${started.mongoUri}\n`,
      { mode: 0o600 },
    );
    system = await step("starting the services", () =>
      startServices({
        kafkaBrokers: started.kafkaBrokers,
        mongoUri: started.mongoUri,
        authSecret,
        logDir: join(STATE_DIR, "logs"),
        ports: { offset: opts.portOffset },
        zipkinSpans: started.zipkin?.spansEndpoint,
        log,
      }),
    );
    const services = system.services;
    const demo = await step("loading the demo careers", () => loadDemoData(services, authSecret, log));
    log(summary(system, started, demo));
    await interrupted;
  } finally {
    log("[up] stopping...");
    await system?.stop();
    await stack?.stop();
    release();
    log("[up] stopped; no process left running");
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof Interrupted) process.exit(130);
    console.error(`up: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
