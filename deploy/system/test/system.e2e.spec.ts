import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { credentials, Metadata } from "@grpc/grpc-js";
import { signToken } from "@hr/kit";
import { startZipkin, type ZipkinHandle } from "@hr/local-stack";
import { skillsV1 } from "@hr/proto";
import { dropDatabase, TEST_AUTH_SECRET, testInfra, testNamespace, waitFor } from "@hr/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSystem, type ServiceName, startServices } from "../src/up";
import { newTraceparent, type ZipkinSpan, zipkinTrace } from "./zipkin";

/**
 * The system as `./run up` runs it: every present service as its own process (its main.ts, telemetry
 * first) against the run's real broker and store, spans exported to a real Zipkin; checked from outside
 * through the services' APIs and Zipkin's HTTP API.
 */
const ns = testNamespace();
const dir = mkdtempSync(join(tmpdir(), "hr-system-"));
const dbName = (service: ServiceName) => `${ns.dbName}_${service.replace(/-/g, "_")}`;
let zipkin: ZipkinHandle;
let system: RunningSystem;

beforeAll(async () => {
  const quiet = () => {};
  zipkin = await startZipkin({ dataDir: join(dir, "zipkin"), log: quiet });
  system = await startServices({
    kafkaBrokers: testInfra().kafkaBrokers.join(","),
    mongoUri: testInfra().mongoUri,
    authSecret: TEST_AUTH_SECRET,
    logDir: join(dir, "logs"),
    ports: "free",
    zipkinSpans: zipkin.spansEndpoint,
    env: (service) => ({
      TOPIC_PREFIX: ns.topic(""),
      TOPIC_PARTITIONS: "3",
      MONGODB_DB: dbName(service),
      LOG_LEVEL: "warn",
    }),
    log: quiet,
  });
}, 300_000);

afterAll(async () => {
  await system?.stop();
  await zipkin?.stop();
  for (const s of system?.services ?? []) await dropDatabase(testInfra().mongoUri, dbName(s.name));
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

function service(name: ServiceName) {
  const found = system.services.find((s) => s.name === name);
  if (!found) throw new Error(`${name} is not running`);
  return found;
}

describe("one trace in Zipkin", () => {
  it("holds the gRPC call, the append, the publish, with OpenTelemetry's attribute names", async () => {
    const { traceId, traceparent } = newTraceparent();
    const metadata = new Metadata();
    metadata.set(
      "authorization",
      `Bearer ${await signToken(TEST_AUTH_SECRET, { subject: "e2e", roles: ["hr-core"] })}`,
    );
    metadata.set("traceparent", traceparent);
    const client = new skillsV1.SkillsServiceClient(
      service("skills").grpcAddress,
      credentials.createInsecure(),
    );
    await new Promise<void>((resolve, reject) =>
      client.recordAssessment(
        {
          requestId: `trace-${traceId}`,
          employeeId: "Z0001",
          skillId: "network",
          level: 3,
          assessor: skillsV1.AssessorKind.MANAGER,
          assessedOn: "2025-06-01",
        },
        metadata,
        (error) => (error ? reject(error) : resolve()),
      ),
    );
    client.close();

    const topic = ns.topic("hr.skills.v1");
    const spans = await waitFor(
      async () => {
        const found = await zipkinTrace(zipkin.url, traceId);
        return found.some((s) => s.kind === "PRODUCER") ? found : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, what: `trace ${traceId} with the publish span in Zipkin` },
    );
    const one = (what: string, match: (s: ZipkinSpan) => boolean) => {
      const span = spans.find(match);
      expect(span, `${what} in ${JSON.stringify(spans.map((s) => s.name))}`).toBeDefined();
      return span as ZipkinSpan;
    };
    const call = one("the gRPC server span", (s) => s.kind === "SERVER" && s.tags?.["rpc.system"] === "grpc");
    expect(call.localEndpoint?.serviceName).toBe("skills");
    expect(call.tags).toMatchObject({
      "rpc.service": "hr.skills.v1.SkillsService",
      "rpc.method": "RecordAssessment",
    });
    const append = one("the append", (s) => s.name === "eventstore append");
    const insert = one("the store write", (s) => s.kind === "CLIENT" && s.parentId === append.id);
    expect(insert.tags?.["db.system"] ?? insert.tags?.["db.system.name"]).toBe("mongodb");
    const publish = one("the publish", (s) => s.kind === "PRODUCER");
    expect(publish.parentId).toBe(append.id);
    expect(publish.tags).toMatchObject({
      "messaging.system": "kafka",
      "messaging.destination.name": topic,
      "messaging.operation.type": "publish",
    });
    // All of it is one tree under the call.
    const ids = new Set(spans.map((s) => s.id));
    for (const span of spans) if (span !== call) expect(ids.has(span.parentId ?? "")).toBe(true);
  });
});
