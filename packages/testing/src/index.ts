// Per-spec-file test infrastructure: the run's broker and store (from the global set-up), a random
// namespace per file (its own database and topics), and small helpers.
import { randomBytes } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import { MongoClient } from "mongodb";
import { inject } from "vitest";
import "./provided-context";

export interface TestInfra {
  kafkaBrokers: string[];
  mongoUri: string;
}

/** The broker and store the global set-up provided for this run. */
export function testInfra(): TestInfra {
  return {
    kafkaBrokers: inject("kafkaBrokers")
      .split(",")
      .map((b) => b.trim())
      .filter(Boolean),
    mongoUri: inject("mongoUri"),
  };
}

export interface TestNamespace {
  /** Short random id, unique per call (call once per spec file). */
  id: string;
  /** A database of this file's own. */
  dbName: string;
  /** `t<id>.<name>`: a topic of this file's own. */
  topic(name: string): string;
}

export function testNamespace(): TestNamespace {
  const id = randomBytes(4).toString("hex");
  return { id, dbName: `t${id}`, topic: (name) => `t${id}.${name}` };
}

/** Creates the topics (idempotent) and waits until every partition has a leader. */
export async function createTopics(brokers: string[], topics: string[], partitions = 3): Promise<void> {
  const admin = new Kafka({ clientId: "hr-testing", brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

export async function dropDatabase(uri: string, dbName: string): Promise<void> {
  const client = new MongoClient(uri);
  try {
    await client.db(dbName).dropDatabase();
  } finally {
    await client.close();
  }
}

export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** What is awaited, for the failure message, e.g. "the projection of employee E1". */
  what: string;
}

/** Polls probe until it returns something other than undefined; fails after timeoutMs naming `what`. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs = 15_000, intervalMs = 100, what }: WaitForOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
      throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}${cause}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** HS256 secret the in-process services of a test run accept (a test value, never a real secret). */
export const TEST_AUTH_SECRET = "test-only-secret-that-is-at-least-32-bytes";

/**
 * Settings to run a service in-process for a spec file: free loopback ports, the file's own database
 * and topic prefix, the run's broker and store, the test auth secret, a quick outbox relay.
 */
export function serviceOverrides(ns: TestNamespace) {
  const infra = testInfra();
  return {
    httpPort: 0,
    grpcPort: 0,
    kafkaBrokers: infra.kafkaBrokers,
    mongoUri: infra.mongoUri,
    dbName: ns.dbName,
    topicPrefix: ns.topic(""),
    topicPartitions: 3,
    auth: {
      secret: new TextEncoder().encode(TEST_AUTH_SECRET),
      issuer: "hr-integration",
      audience: "hr-integration",
    },
    relay: { idleMs: 50 },
  };
}
export * from "./bad-input";
export * from "./database-under-test";
export * from "./given";
export * from "./grpc";
export * from "./parity";
export * from "./request-limits";
export * from "./service-under-test";
