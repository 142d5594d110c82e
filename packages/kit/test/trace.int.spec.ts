import { dropDatabase, testInfra, testNamespace, waitFor } from "@hr/testing";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { Kafka, logLevel } from "kafkajs";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ProjectionConsumer, type RunningService, silentLogger } from "../src";
import { ledgerCodec } from "./example/posting-ledger";
import { startLedger, token } from "./example/start-ledger";

const ns = testNamespace();
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let service: RunningService;
let consumer: ProjectionConsumer;
let client: MongoClient;

beforeAll(async () => {
  provider.register(); // global tracer, W3C propagator and async context, as the SDK sets them up
  process.env.LOG_LEVEL = "silent";
  service = await startLedger(ns);
  client = await MongoClient.connect(testInfra().mongoUri);
  const kafka = new Kafka({ brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING });
  const projected = client.db(ns.dbName).collection("projected");
  consumer = new ProjectionConsumer({
    kafka,
    groupId: ns.topic("trace-projection"),
    topics: [ns.topic("hr.postings.v1")],
    codec: ledgerCodec,
    handle: async (received) => {
      await projected.insertOne({ _id: received.id as unknown as never, subject: received.subject });
    },
    deadLetter: { topic: ns.topic("dlq"), producer: service.infrastructure.producer },
    logger: silentLogger,
  });
  await consumer.start();
});

afterAll(async () => {
  await consumer.stop();
  await service.stop();
  await dropDatabase(testInfra().mongoUri, ns.dbName);
  await client.close();
  await provider.shutdown();
});

it("one trace covers the call, the append, the publish and the projection write", async () => {
  const response = await fetch(`${service.httpUrl}/v1/employees/T1/postings`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await token(["hr-core"])}` },
    body: JSON.stringify({
      requestId: "trace-1",
      postingId: "p1",
      department: "Digital Services Bureau",
      post: "ICT staff",
      effectiveDate: "2025-04-01",
    }),
  });
  expect(response.status).toBe(200);
  const projected = client.db(ns.dbName).collection("projected");
  await waitFor(async () => ((await projected.countDocuments()) === 1 ? true : undefined), {
    timeoutMs: 30_000,
    what: "the projection write",
  });
  const spans = () => exporter.getFinishedSpans();
  await waitFor(async () => (spans().some((s) => s.name.endsWith("process")) ? true : undefined), {
    timeoutMs: 10_000,
    what: "the consumer span",
  });
  const byName = (suffix: string) => spans().find((s) => s.name.endsWith(suffix));
  const call = byName("operation RecordPosting");
  const command = byName("command RecordPosting");
  const append = byName("eventstore append");
  const publish = byName("hr.postings.v1 publish");
  const processed = byName("hr.postings.v1 process");
  for (const span of [call, command, append, publish, processed]) expect(span).toBeDefined();
  const traceId = call!.spanContext().traceId;
  for (const span of [command, append, publish, processed]) expect(span!.spanContext().traceId).toBe(traceId);
  // call -> command -> append -> publish -> process: each the parent of the next.
  expect(command!.parentSpanContext?.spanId).toBe(call!.spanContext().spanId);
  expect(append!.parentSpanContext?.spanId).toBe(command!.spanContext().spanId);
  expect(publish!.parentSpanContext?.spanId).toBe(append!.spanContext().spanId);
  expect(processed!.parentSpanContext?.spanId).toBe(publish!.spanContext().spanId);
  const commit = await service.store.commitOfRequest("trace-1");
  expect(commit?.metadata.traceparent).toContain(traceId);
});
