import { cpus } from "node:os";
import { startStack } from "@hr/local-stack";
import { MongoClient } from "mongodb";
import { log } from "./pool";

export interface BenchInfra {
  kafkaBrokers: string[];
  mongoUri: string;
  /** Where they come from: the environment, or the local stack started for this run. */
  origin: string;
  stop(): Promise<void>;
}

/** KAFKA_BROKERS + MONGODB_URI when both are set; else the local stack on free loopback ports. */
export async function startInfra(): Promise<BenchInfra> {
  const { KAFKA_BROKERS, MONGODB_URI } = process.env;
  if (KAFKA_BROKERS && MONGODB_URI) {
    return {
      kafkaBrokers: brokerList(KAFKA_BROKERS),
      mongoUri: MONGODB_URI,
      origin: "environment (KAFKA_BROKERS, MONGODB_URI)",
      stop: async () => {},
    };
  }
  log("KAFKA_BROKERS/MONGODB_URI not both set: starting the local stack on free loopback ports...");
  const stack = await startStack({ log: (line) => console.log(line) });
  return {
    kafkaBrokers: brokerList(stack.kafkaBrokers),
    mongoUri: stack.mongoUri,
    origin: stack.backend,
    stop: () => stack.stop(),
  };
}

const brokerList = (value: string) =>
  value
    .split(",")
    .map((b) => b.trim())
    .filter(Boolean);

/** What the store says it is: FerretDB reports its own version beside the MongoDB one it speaks. */
export async function storeName(mongoUri: string): Promise<string> {
  const client = new MongoClient(mongoUri, { serverSelectionTimeoutMS: 10_000 });
  try {
    const info = await client.db("admin").command({ buildInfo: 1 });
    if (typeof info.ferretdbVersion === "string") {
      // A FerretDB built as a library (the local stack's) reports its version as "unknown".
      const version = info.ferretdbVersion === "unknown" ? "" : ` ${info.ferretdbVersion}`;
      return `FerretDB${version} (speaks MongoDB ${info.version})`;
    }
    return `mongod ${info.version}`;
  } finally {
    await client.close();
  }
}

export function environmentLine(store: string, infra: BenchInfra): string {
  const cpu = cpus();
  return (
    `environment: ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? "unknown"}), Node ${process.version}, ` +
    `store ${store}, infrastructure ${infra.origin}`
  );
}
