/** Settings every service process reads from its environment (CONTRACTS.md, "Configuration"). */
export interface ServiceConfig {
  serviceName: string;
  /** Loopback by default: exposing a service is a deliberate deployment choice. */
  host: string;
  httpPort: number;
  grpcPort: number;
  kafkaBrokers: string[];
  mongoUri: string;
  dbName: string;
  /** Prepended to every topic name; empty in production, unique per test file in tests. */
  topicPrefix: string;
  topicPartitions: number;
}

export function configFromEnv(
  serviceName: string,
  defaults: { httpPort: number; grpcPort: number },
  env: NodeJS.ProcessEnv = process.env,
): ServiceConfig {
  return {
    serviceName,
    host: env.HOST || "127.0.0.1",
    httpPort: port(env, "HTTP_PORT", defaults.httpPort),
    grpcPort: port(env, "GRPC_PORT", defaults.grpcPort),
    kafkaBrokers: (env.KAFKA_BROKERS || "127.0.0.1:9092").split(",").map((b) => b.trim()),
    mongoUri: env.MONGODB_URI || "mongodb://127.0.0.1:27017",
    dbName: env.MONGODB_DB || `hr_${serviceName.replace(/-/g, "_")}`,
    topicPrefix: env.TOPIC_PREFIX || "",
    topicPartitions: port(env, "TOPIC_PARTITIONS", 6),
  };
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${name} must be a whole number from 0 to 65535, got "${raw}"`);
  }
  return value;
}
