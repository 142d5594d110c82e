import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { credentials, Metadata } from "@grpc/grpc-js";
import { BATCH_TRACE_ATTRIBUTE, signToken } from "@hr/kit";
import { startZipkin, type ZipkinHandle } from "@hr/local-stack";
import { skillsV1 } from "@hr/proto";
import { dropDatabase, TEST_AUTH_SECRET, testInfra, testNamespace, waitFor } from "@hr/testing";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSystem, type ServiceName, startServices } from "../src/up";
import { newTraceparent, type ZipkinSpan, zipkinTrace } from "../src/zipkin";
import { dashboardSeries, seriesNames } from "./prometheus";

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

async function scrape(httpUrl: string): Promise<string> {
  const response = await fetch(`${httpUrl}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
  return response.text();
}

/** A message no projection can decode (no CloudEvents headers): it must end on the dead-letter topic. */
async function sendPoisonMessage(topic: string): Promise<void> {
  const producer = new Kafka({ brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key: "Z0003", value: Buffer.from("not an event") }] });
  await producer.disconnect();
}

function service(name: ServiceName) {
  const found = system.services.find((s) => s.name === name);
  if (!found) throw new Error(`${name} is not running`);
  return found;
}

const token = (roles: Array<"hr-core" | "hr-admin">) =>
  signToken(TEST_AUTH_SECRET, { subject: "e2e", roles });

async function post(url: string, body: unknown): Promise<number> {
  const response = await fetch(url, {
    method: "POST",
    headers: { authorization: `Bearer ${await token(["hr-core"])}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await response.body?.cancel();
  return response.status;
}

describe("one trace in Zipkin", () => {
  it("holds the gRPC call, the append, the publish, hr-sync's consume and projection write, with OpenTelemetry's attribute names", async () => {
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
    // Each service exports its spans in its own batches, a parent often after its children: wait until
    // the publish, hr-sync's consume and every span's parent have arrived.
    const spans = await waitFor(
      async () => {
        const found = await zipkinTrace(zipkin.url, traceId);
        const consumed = found.some(
          (s) => s.kind === "CONSUMER" && s.localEndpoint?.serviceName === "hr-sync",
        );
        const ids = new Set(found.map((s) => s.id));
        // The call's parent is this test's own span (in the traceparent), which is not exported.
        const caller = traceparent.split("-")[2];
        const whole = found.every((s) => s.parentId === caller || ids.has(s.parentId ?? ""));
        return found.some((s) => s.kind === "PRODUCER") && consumed && whole ? found : undefined;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 1_000,
        what: `trace ${traceId}, whole, with the publish and consume spans`,
      },
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
    const consume = one(
      "hr-sync's consume",
      (s) => s.kind === "CONSUMER" && s.localEndpoint?.serviceName === "hr-sync",
    );
    expect(consume.parentId).toBe(publish.id);
    expect(consume.tags).toMatchObject({ "messaging.system": "kafka", "messaging.destination.name": topic });
    // hr-sync projects a batch of events at once: the event's span names the batch's trace, which holds
    // the projection's writes to the store.
    const batchTraceId = consume.tags?.[BATCH_TRACE_ATTRIBUTE];
    expect(batchTraceId, `${BATCH_TRACE_ATTRIBUTE} of ${JSON.stringify(consume)}`).toMatch(/^[0-9a-f]{32}$/);
    const batch = await waitFor(
      async () => {
        const found = await zipkinTrace(zipkin.url, batchTraceId as string);
        const writes = found.filter(
          (s) =>
            s.localEndpoint?.serviceName === "hr-sync" &&
            s.kind === "CLIENT" &&
            (s.tags?.["db.system.name"] ?? s.tags?.["db.system"]) === "mongodb",
        );
        return writes.length > 0 ? found : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 1_000, what: `hr-sync's store writes in batch trace ${batchTraceId}` },
    );
    const process = batch.find((s) => s.kind === "CONSUMER" && s.name.endsWith("process"));
    expect(Number(process?.tags?.["messaging.batch.message_count"])).toBeGreaterThanOrEqual(1);
    // All of it is one tree under the call.
    const ids = new Set(spans.map((s) => s.id));
    for (const span of spans) if (span !== call) expect(ids.has(span.parentId ?? "")).toBe(true);
  });
});

describe("GET /metrics", () => {
  it("serves Prometheus text on every service, with every series the Grafana dashboard queries", async () => {
    // A command that is recorded and one a rule refuses, so the command figures have points.
    const skills = `${service("skills").httpUrl}/v1/employees/Z0002/job-type-changes`;
    const hire = { toJobType: "ICT", effectiveDate: "2021-04-01", basis: "JOB_TYPE_CHANGE_BASIS_HIRING" };
    expect(await post(skills, { requestId: "m-hire", ...hire })).toBe(200);
    expect(await post(skills, { requestId: "m-same", ...hire, effectiveDate: "2022-04-01" })).toBe(422);

    // hr-sync, the consumer, exports the consumer series: lag, projection latency, and a dead letter.
    await sendPoisonMessage(ns.topic("hr.skills.v1"));

    const queried = dashboardSeries();
    expect(queried).toContain("hr_command_errors_total");
    const missing = await waitFor(
      async () => {
        const exported = new Set<string>();
        for (const s of system.services)
          for (const name of seriesNames(await scrape(s.httpUrl))) exported.add(name);
        const notExported = queried.filter((name) => !exported.has(name));
        return notExported.length === 0 ? notExported : undefined;
      },
      {
        timeoutMs: 60_000,
        intervalMs: 2_000,
        what: "every series the dashboard queries",
      },
    );
    expect(missing).toEqual([]);
    for (const s of system.services) {
      const text = await scrape(s.httpUrl);
      expect(text, s.name).toMatch(/^hr_dependency_reachable\{dependency="store",.*\} 1$/m);
      expect(text, s.name).toMatch(/^hr_dependency_reachable\{dependency="kafka",.*\} 1$/m);
    }
  });
});
