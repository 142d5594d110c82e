import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signToken } from "@hr/kit";
import {
  createTestCertificates,
  type KafkaHandle,
  type StoreHandle,
  startKafka,
  startStore,
  type TlsCertificates,
} from "@hr/local-stack";
import { TEST_AUTH_SECRET, testNamespace, waitFor } from "@hr/testing";
import { type Consumer, Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSystem, startServices } from "../src/up";

/**
 * The skills service as deployed (its main.ts, settings from the environment) against a broker that
 * takes clients only over SASL_SSL (SCRAM-SHA-512) and a store over TLS, both of this file's own, with a
 * certificate authority made now with openssl: KAFKA_TLS_CA_FILE, KAFKA_SASL_*, MONGODB_TLS_CA_FILE.
 */
const ns = testNamespace();
const dir = mkdtempSync(join(tmpdir(), "hr-secure-"));
const USER = "hr-skills";
const PASSWORD = randomBytes(12).toString("hex");
const quiet = () => {};
let certificates: TlsCertificates;
let kafka: KafkaHandle;
let store: StoreHandle;
const systems: RunningSystem[] = [];

/** The skills service with the secure settings; `password` replaces the right one. */
function startSkills(logDir: string, password = PASSWORD): Promise<RunningSystem> {
  return startServices({
    only: ["skills"],
    kafkaBrokers: kafka.secureBrokers as string,
    // No tls=true here: MONGODB_TLS_CA_FILE turns TLS on.
    mongoUri: `mongodb://127.0.0.1:${store.tlsPort}/`,
    authSecret: TEST_AUTH_SECRET,
    logDir: join(dir, logDir),
    ports: "free",
    env: () => ({
      KAFKA_TLS_CA_FILE: certificates.caFile,
      KAFKA_SASL_MECHANISM: "scram-sha-512",
      KAFKA_SASL_USERNAME: USER,
      KAFKA_SASL_PASSWORD: password,
      MONGODB_TLS_CA_FILE: certificates.caFile,
      MONGODB_DB: ns.dbName,
      TOPIC_PREFIX: ns.topic(""),
      TOPIC_PARTITIONS: "3",
      LOG_LEVEL: "warn",
    }),
    log: quiet,
  }).then((system) => {
    systems.push(system);
    return system;
  });
}

beforeAll(async () => {
  certificates = await createTestCertificates(join(dir, "certificates"));
  [kafka, store] = await Promise.all([
    startKafka({
      dataDir: join(dir, "kafka"),
      saslSsl: { certificates, users: { [USER]: PASSWORD } },
      log: quiet,
    }),
    startStore({ dataDir: join(dir, "store"), tls: { certificates }, log: quiet }),
  ]);
}, 240_000);

afterAll(async () => {
  await Promise.all(systems.map((s) => s.stop()));
  await Promise.all([kafka?.stop(), store?.stop()]);
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe("a service with Kafka over SASL_SSL and the store over TLS", () => {
  it("takes a command, stores it over TLS and publishes its event, read back over SASL_SSL", async () => {
    const [skills] = (await startSkills("logs")).services;
    const token = await signToken(TEST_AUTH_SECRET, {
      subject: "secure-test",
      roles: ["hr-admin"],
      ttl: "10m",
    });
    const response = await fetch(`${skills?.httpUrl}/v1/employees/E7001/assessments`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        requestId: `secure-${ns.id}`,
        skillId: "network",
        level: 2,
        assessor: "ASSESSOR_KIND_SELF",
        assessedOn: "2024-10-01",
      }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const { assessmentId } = (await response.json()) as { assessmentId: string };

    const client = new Kafka({
      clientId: "secure-test",
      brokers: (kafka.secureBrokers as string).split(","),
      ssl: { ca: [readFileSync(certificates.caFile, "utf8")] },
      sasl: { mechanism: "scram-sha-512", username: USER, password: PASSWORD },
      logLevel: logLevel.NOTHING,
    });
    const consumer: Consumer = client.consumer({ groupId: `${ns.id}.secure` });
    const got: Array<{ key: string; type: string; value: string }> = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: ns.topic("hr.skills.v1"), fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          got.push({
            key: message.key?.toString() ?? "",
            type: message.headers?.ce_type?.toString() ?? "",
            value: message.value?.toString("latin1") ?? "",
          });
        },
      });
      const event = await waitFor(async () => got.find((m) => m.key === "E7001"), {
        timeoutMs: 60_000,
        what: "the assessment's event on the topic, over SASL_SSL",
      });
      expect(event.type).toBe("hr.skills.v1.SkillAssessed");
      expect(event.value).toContain(assessmentId);
    } finally {
      await consumer.disconnect();
    }
  });

  it("refuses to start with a wrong password, saying that the broker refused the credentials", async () => {
    const failure = await startSkills("logs-wrong", "not-the-password").then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure?.message).toMatch(/skills exited \(code 1\)/);
    const log = readFileSync(join(dir, "logs-wrong", "skills.log"), "utf8");
    expect(log).toMatch(
      /Kafka at 127\.0\.0\.1:\d+ refused the credentials of KAFKA_SASL_USERNAME=hr-skills \(KAFKA_SASL_MECHANISM=scram-sha-512\): check KAFKA_SASL_PASSWORD/,
    );
    expect(log).not.toContain(PASSWORD);
  });
});
