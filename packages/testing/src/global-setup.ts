// Vitest global set-up: one real broker and store for the whole run, shared by every spec file.
// 1. KAFKA_BROKERS and MONGODB_URI set: use them, start nothing.
// 2. A Docker engine answers: MongoDB and Kafka 3.9 containers through testcontainers.
// 3. Otherwise: the project's local stack (@hr/local-stack) on free loopback ports.
import { existsSync } from "node:fs";
import { request } from "node:http";
import { startStack } from "@hr/local-stack";
import type { TestProject } from "vitest/node";
import "./provided-context";

interface Infra {
  kafkaBrokers: string;
  mongoUri: string;
  backend: string;
  stop(): Promise<void>;
}

/** GET /_ping on the Docker socket, answered within a short time. */
export function dockerAnswers(timeoutMs = 1_500): Promise<boolean> {
  const host = process.env.DOCKER_HOST;
  const socketPath = host?.startsWith("unix://") ? host.slice("unix://".length) : "/var/run/docker.sock";
  if (host && !host.startsWith("unix://")) return Promise.resolve(false); // tcp engines: not probed here
  if (!existsSync(socketPath)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = request({ socketPath, path: "/_ping", timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}

async function startContainers(): Promise<Infra> {
  const [{ MongoDBContainer }, { KafkaContainer }] = await Promise.all([
    import("@testcontainers/mongodb"),
    import("@testcontainers/kafka"),
  ]);
  // Confluent Platform 7.9 is Apache Kafka 3.9.
  const [mongo, kafka] = await Promise.all([
    new MongoDBContainer("mongo:7.0").start(),
    new KafkaContainer("confluentinc/cp-kafka:7.9.1").withKraft().start(),
  ]);
  return {
    kafkaBrokers: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
    mongoUri: `${mongo.getConnectionString()}/?directConnection=true`,
    backend: "testcontainers: cp-kafka 7.9.1 (Kafka 3.9) + mongo 7.0",
    async stop() {
      await Promise.all([kafka.stop(), mongo.stop()]);
    },
  };
}

async function startInfra(log: (line: string) => void): Promise<Infra> {
  const { KAFKA_BROKERS, MONGODB_URI } = process.env;
  if (KAFKA_BROKERS && MONGODB_URI) {
    return {
      kafkaBrokers: KAFKA_BROKERS,
      mongoUri: MONGODB_URI,
      backend: "environment",
      stop: async () => {},
    };
  }
  if (await dockerAnswers()) return startContainers();
  return startStack({ log });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (line: string) => console.log(line);
  const infra = await startInfra(log);
  log(
    `[testing] infrastructure: ${infra.backend}; KAFKA_BROKERS=${infra.kafkaBrokers} MONGODB_URI=${infra.mongoUri}`,
  );
  project.provide("kafkaBrokers", infra.kafkaBrokers);
  project.provide("mongoUri", infra.mongoUri);
  project.provide("infraBackend", infra.backend);
  return () => infra.stop();
}
