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
  /** TLS and SASL towards the brokers (`KAFKA_TLS*`, `KAFKA_SASL_*`); plain text when unset. */
  kafkaSecurity?: KafkaSecurity;
  /** TLS towards the store by files (`MONGODB_TLS_*`); `tls=true` and its options in `MONGODB_URI` work too. */
  mongoTls?: MongoTlsFiles;
}

/** SASL mechanisms kafkajs speaks without plugins. */
export const KAFKA_SASL_MECHANISMS = ["plain", "scram-sha-256", "scram-sha-512"] as const;

export interface KafkaSecurity {
  /** TLS, verified against the system's CAs or `caFile`; with `certFile`/`keyFile` the client proves itself. */
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
  sasl?: { mechanism: (typeof KAFKA_SASL_MECHANISMS)[number]; username: string; password: string };
}

export interface MongoTlsFiles {
  caFile?: string;
  /** The client's certificate and key in one PEM file (the driver's `tlsCertificateKeyFile`). */
  certKeyFile?: string;
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
    ...kafkaSecurityFromEnv(env),
    ...mongoTlsFromEnv(env),
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

/**
 * Kafka over TLS when `KAFKA_TLS=true` or any `KAFKA_TLS_*_FILE` is set; SASL when `KAFKA_SASL_MECHANISM`
 * is, with `KAFKA_SASL_USERNAME` and `KAFKA_SASL_PASSWORD`. Half a setting is refused, naming what is
 * missing, and so is SASL/PLAIN without TLS, which would send the password in clear.
 */
function kafkaSecurityFromEnv(env: NodeJS.ProcessEnv): { kafkaSecurity?: KafkaSecurity } {
  const { KAFKA_TLS: on, KAFKA_TLS_CA_FILE: caFile, KAFKA_TLS_CERT_FILE: certFile } = env;
  const { KAFKA_TLS_KEY_FILE: keyFile, KAFKA_SASL_MECHANISM: mechanism } = env;
  const { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = env;
  if (on && on !== "true" && on !== "false") throw new Error(`KAFKA_TLS must be true or false, got "${on}"`);
  if (!certFile !== !keyFile) {
    throw new Error("set both KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE, or neither");
  }
  const tlsOn = on === "true" || Boolean(caFile || certFile);
  if (on === "false" && tlsOn) throw new Error("KAFKA_TLS=false contradicts the KAFKA_TLS_*_FILE set");
  const tls = tlsOn
    ? { ...(caFile ? { caFile } : {}), ...(certFile ? { certFile, keyFile } : {}) }
    : undefined;
  if (!mechanism) {
    if (username || password) throw new Error("KAFKA_SASL_USERNAME/PASSWORD need KAFKA_SASL_MECHANISM");
    return tls ? { kafkaSecurity: { tls } } : {};
  }
  const known = KAFKA_SASL_MECHANISMS.find((m) => m === mechanism.toLowerCase());
  if (!known) {
    throw new Error(
      `KAFKA_SASL_MECHANISM must be one of ${KAFKA_SASL_MECHANISMS.join(", ")}, got "${mechanism}"`,
    );
  }
  if (!username || !password) {
    throw new Error(`KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`);
  }
  if (known === "plain" && !tls) {
    throw new Error(
      "KAFKA_SASL_MECHANISM=plain sends the password in clear: set KAFKA_TLS=true (or KAFKA_TLS_CA_FILE)",
    );
  }
  return { kafkaSecurity: { sasl: { mechanism: known, username, password }, ...(tls ? { tls } : {}) } };
}

/** `MONGODB_TLS_CA_FILE`, `MONGODB_TLS_CERT_KEY_FILE`: TLS towards the store (each implies `tls=true`). */
function mongoTlsFromEnv(env: NodeJS.ProcessEnv): { mongoTls?: MongoTlsFiles } {
  const { MONGODB_TLS_CA_FILE: caFile, MONGODB_TLS_CERT_KEY_FILE: certKeyFile } = env;
  if (!caFile && !certKeyFile) return {};
  return { mongoTls: { ...(caFile ? { caFile } : {}), ...(certKeyFile ? { certKeyFile } : {}) } };
}

/** A file's contents, with an error naming the setting and the file when it cannot be read. */
export function readSettingFile(name: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`${name} ${path} cannot be read: ${(error as Error).message}`);
  }
}

/** The PEM contents of the TLS files, with an error naming the file that cannot be read. */
export function readTlsFiles(files: TlsFiles): { cert: Buffer; key: Buffer; ca?: Buffer } {
  return {
    cert: readSettingFile("TLS_CERT_FILE", files.certFile),
    key: readSettingFile("TLS_KEY_FILE", files.keyFile),
    ...(files.caFile ? { ca: readSettingFile("TLS_CA_FILE", files.caFile) } : {}),
  };
}
