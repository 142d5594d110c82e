// pnpm stack [provision | stack] [--kafka-port N] [--brokers N] [--store-port N] [--traces] [--zipkin-port N] [--data-dir DIR]
import { parseArgs } from "node:util";
import { provision, type Stack, startStack, untilInterrupted } from "./index";

export interface CliOptions {
  kafkaPort: number;
  /** Kafka nodes: 1, or 3 for a replicated cluster. */
  brokers: number;
  storePort: number;
  /** Start Zipkin too. */
  traces: boolean;
  zipkinPort: number;
  dataDir?: string;
}

const USAGE = `usage: pnpm stack [command] [options]
commands:
  provision   resolve Kafka's and Zipkin's jars and build FerretDB into the cache (\${HR_STACK_CACHE:-~/.cache/hr-stack}); nothing else
  stack       (default) start Kafka and the store on loopback until Ctrl-C
options:
  --kafka-port N   broker port (default 9092; with --brokers 3 also the next two ports)
  --brokers N      Kafka nodes, each broker and controller (default 1; 3: replication factor 3,
                   min.insync.replicas 2, one node may be down)
  --store-port N   MongoDB-wire port (default 27017)
  --traces         also start Zipkin, the trace server with a UI
  --zipkin-port N  Zipkin's port (default 9411)
  --data-dir DIR   keep data in DIR across runs (default: a temporary folder, removed on stop)`;

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 65_535) throw new Error(`--${name}: not a port: ${value}`);
  return n;
}

function brokerCount(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 9)
    throw new Error(`--brokers: not a node count from 1 to 9: ${value}`);
  return n;
}

/** Parses the command line shared by `stack` (and reusable by `up`). */
export function parseCli(argv: string[]): { command: string; options: CliOptions } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "kafka-port": { type: "string" },
      brokers: { type: "string" },
      "store-port": { type: "string" },
      traces: { type: "boolean" },
      "zipkin-port": { type: "string" },
      "data-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const command = values.help ? "help" : (positionals[0] ?? "stack");
  return {
    command,
    options: {
      kafkaPort: port(values["kafka-port"], 9092, "kafka-port"),
      brokers: brokerCount(values.brokers),
      storePort: port(values["store-port"], 27017, "store-port"),
      traces: values.traces ?? false,
      zipkinPort: port(values["zipkin-port"], 9411, "zipkin-port"),
      dataDir: values["data-dir"],
    },
  };
}

/** Starts the stack on the fixed ports the services default to, and prints the variables to use. */
export async function startDevStack(options: CliOptions): Promise<Stack> {
  const stack = await startStack({
    kafkaPort: options.kafkaPort,
    kafkaNodes: options.brokers,
    storePort: options.storePort,
    traces: options.traces,
    zipkinPort: options.zipkinPort,
    dataDir: options.dataDir,
  });
  console.log(`[stack] ${stack.backend}; data in ${stack.dataDir}`);
  if (stack.zipkin) console.log(`[stack] traces: ${stack.zipkin.uiUrl}`);
  console.log(`KAFKA_BROKERS=${stack.kafkaBrokers} MONGODB_URI=${stack.mongoUri}`);
  return stack;
}

const commands: Record<string, (options: CliOptions) => Promise<void>> = {
  async provision() {
    const started = Date.now();
    await provision();
    console.log(`[stack] provisioned (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  },
  async stack(options) {
    const stack = await startDevStack(options);
    console.log("[stack] running; press Ctrl-C to stop");
    await untilInterrupted();
    await stack.stop();
  },
  async help() {
    console.log(USAGE);
  },
};

async function main(argv: string[]): Promise<void> {
  const { command, options } = parseCli(argv);
  const run = commands[command];
  if (!run) {
    console.error(`unknown command: ${command}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  await run(options);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
