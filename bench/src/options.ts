import { parseArgs } from "node:util";

export interface BenchOptions {
  /** Commands driven through the pipeline, and messages/documents in each baseline. */
  events: number;
  /** Commands (and baseline sends) in flight at once. */
  concurrency: number;
  /** Partitions of the pipeline's topic and of the baseline topics. */
  partitions: number;
  /** The whole run stops (and cleans up) after this long. */
  timeoutMs: number;
  /** Events stored in bulk (in streams of their own) before the run: a store with history. */
  seed: number;
  /** Open loop: commands started per second whatever the replies (0: closed loop at --concurrency). */
  rate: number;
  /** GetEvaluationRecord calls (and raw findOne calls) in the read stage. */
  reads: number;
  /** Reads started per second (open loop). */
  readRate: number;
}

export const USAGE = `usage: pnpm bench [--events N] [--concurrency N] [--partitions N] [--timeout SECONDS]
  --events N        commands through the pipeline, messages/documents per baseline (default 300)
  --concurrency N   commands in flight at once, and raw sends in flight in the baseline (default 8)
  --partitions N    partitions of every topic the bench creates (default 6, the services' default)
  --timeout S       give up and clean up after S seconds (default 600)
  --seed N          store N events in bulk (other employees' history) before the run (default 0)
  --rate R          open loop: start R commands per second, whatever the replies (default: closed loop)
  --reads N         GetEvaluationRecord calls over gRPC, and as many raw findOne by _id (default 1000)
  --read-rate R     reads started per second, open loop (default 50)
Uses KAFKA_BROKERS and MONGODB_URI when both are set; else starts the local stack on free ports.`;

function whole(value: string | undefined, fallback: number, name: string, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new Error(`--${name} must be a whole number from 1 to ${max}`);
  return n;
}

/** Parses the command line; `undefined` when help was asked for. */
export function parseOptions(argv: string[]): BenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: "string" },
      concurrency: { type: "string" },
      partitions: { type: "string" },
      timeout: { type: "string" },
      seed: { type: "string" },
      rate: { type: "string" },
      reads: { type: "string" },
      "read-rate": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return undefined;
  return {
    events: whole(values.events, 300, "events", 1_000_000),
    concurrency: whole(values.concurrency, 8, "concurrency", 1000),
    partitions: whole(values.partitions, 6, "partitions", 100),
    timeoutMs: whole(values.timeout, 600, "timeout", 24 * 3600) * 1000,
    seed: values.seed === "0" ? 0 : whole(values.seed, 0, "seed", 10_000_000),
    rate: whole(values.rate, 0, "rate", 100_000),
    reads: whole(values.reads, 1000, "reads", 10_000_000),
    readRate: whole(values["read-rate"], 50, "read-rate", 100_000),
  };
}
