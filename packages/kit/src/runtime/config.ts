import { readFileSync } from "node:fs";
import { DEFAULT_RATE_LIMIT, type RateLimit } from "../api/rate-limit";

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
  /** TLS for gRPC and HTTPS for REST, when `TLS_CERT_FILE` and `TLS_KEY_FILE` are set. */
  tls?: TlsFiles;
  /** Commands per caller (token subject) and instance: `RATE_LIMIT_PER_SECOND`, `RATE_LIMIT_BURST`. */
  rateLimit: RateLimit;
}

/** PEM files: the server's certificate chain and key; with `caFile`, clients must present a certificate it signed. */
export interface TlsFiles {
  certFile: string;
  keyFile: string;
  caFile?: string;
}

export function configFromEnv(
  serviceName: string,
  defaults: { httpPort: number; grpcPort: number },
  env: NodeJS.ProcessEnv = process.env,
): ServiceConfig {
  return {
    serviceName,
    host: env.HOST || "127.0.0.1",
    httpPort: wholeNumber(env, "HTTP_PORT", defaults.httpPort, PORTS),
    grpcPort: wholeNumber(env, "GRPC_PORT", defaults.grpcPort, PORTS),
    kafkaBrokers: (env.KAFKA_BROKERS || "127.0.0.1:9092").split(",").map((b) => b.trim()),
    mongoUri: env.MONGODB_URI || "mongodb://127.0.0.1:27017",
    dbName: env.MONGODB_DB || `hr_${serviceName.replace(/-/g, "_")}`,
    topicPrefix: env.TOPIC_PREFIX || "",
    // A topic needs at least one partition; Kafka itself refuses more than a few thousand per broker.
    topicPartitions: wholeNumber(env, "TOPIC_PARTITIONS", 6, { min: 1, max: 1_000 }),
    rateLimit: {
      perSecond: wholeNumber(env, "RATE_LIMIT_PER_SECOND", DEFAULT_RATE_LIMIT.perSecond, LIMITS),
      burst: wholeNumber(env, "RATE_LIMIT_BURST", DEFAULT_RATE_LIMIT.burst, { ...LIMITS, min: 1 }),
    },
    ...tlsFromEnv(env),
  };
}

const PORTS = { min: 0, max: 65_535 };
const LIMITS = { min: 0, max: 1_000_000 };

function wholeNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  { min, max }: { min: number; max: number },
): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** Both files or neither: a certificate without its key (or the reverse) is a mistake, not plain text. */
function tlsFromEnv(env: NodeJS.ProcessEnv): { tls?: TlsFiles } {
  const { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile, TLS_CA_FILE: caFile } = env;
  if (!certFile && !keyFile) {
    if (caFile) throw new Error("TLS_CA_FILE needs TLS_CERT_FILE and TLS_KEY_FILE");
    return {};
  }
  if (!certFile || !keyFile) throw new Error("set both TLS_CERT_FILE and TLS_KEY_FILE, or neither");
  return { tls: { certFile, keyFile, ...(caFile ? { caFile } : {}) } };
}

/** The PEM contents of the TLS files, with an error naming the file that cannot be read. */
export function readTlsFiles(files: TlsFiles): { cert: Buffer; key: Buffer; ca?: Buffer } {
  const read = (name: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(`${name} ${path} cannot be read: ${(error as Error).message}`);
    }
  };
  return {
    cert: read("TLS_CERT_FILE", files.certFile),
    key: read("TLS_KEY_FILE", files.keyFile),
    ...(files.caFile ? { ca: read("TLS_CA_FILE", files.caFile) } : {}),
  };
}
