import "./example/instrument";
import { randomUUID } from "node:crypto";
import { testInfra, testNamespace, waitFor } from "@hr/testing";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, describe, expect, it } from "vitest";
import { ensureTopics, ProjectionConsumer, silentLogger } from "../src";
import { stopTelemetry } from "../src/telemetry";
import { prometheusText } from "../src/telemetry/prometheus";
import { ledgerCodec } from "./example/posting-ledger";

const ns = testNamespace();
const kafka = new Kafka({ brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING });
const stops: Array<() => Promise<void>> = [];

afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  await stopTelemetry();
});

/** The value of `hr_consumer_dead_lettered_total` for a reason and topic on GET /metrics, if exported. */
async function deadLettered(reason: string, topic: string): Promise<number | undefined> {
  const text = (await prometheusText()) ?? "";
  const line = text
    .split("\n")
    .find(
      (l) =>
        l.startsWith("hr_consumer_dead_lettered_total{") &&
        l.includes(`reason="${reason}"`) &&
        l.includes(`topic="${topic}"`),
    );
  return line === undefined ? undefined : Number(line.split(" ").at(-1));
}

describe("dead letters are a metric by reason", () => {
  it("exports every reason at 0 from the start, and counts a handler-failed dead letter", async () => {
    const topic = ns.topic("metered");
    const dlq = ns.topic("metered-dlq");
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [topic, dlq], 1).finally(() => admin.disconnect());
    const producer = kafka.producer();
    await producer.connect();
    stops.push(() => producer.disconnect());
    const consumer = new ProjectionConsumer({
      kafka,
      groupId: ns.topic("metered-projection"),
      topics: [topic],
      codec: ledgerCodec,
      handle: async () => {
        throw new Error("a bug in the projection");
      },
      deadLetter: { topic: dlq, producer },
      logger: silentLogger,
      retry: { initialMs: 10, maxMs: 20 },
      maxHandlerFailures: 2,
      reportLag: false,
    });
    await consumer.start();
    stops.push(() => consumer.stop());
    for (const reason of ["undecodable", "unknown-type", "invalid", "handler-failed"])
      expect(await deadLettered(reason, topic), reason).toBe(0);

    await producer.send({
      topic,
      messages: [
        {
          key: "E1",
          headers: {
            ce_specversion: "1.0",
            ce_id: randomUUID(),
            ce_source: "/hr/example",
            ce_type: "hr.postings.v1.PostingRecorded",
            ce_time: new Date().toISOString(),
          },
          value: Buffer.from([0x0a, 0x02, 0x45, 0x31]), // employeeId "E1"
        },
      ],
    });
    await waitFor(async () => ((await deadLettered("handler-failed", topic)) === 1 ? true : undefined), {
      timeoutMs: 30_000,
      what: "hr_consumer_dead_lettered_total{reason=handler-failed} at 1",
    });
    expect(await deadLettered("invalid", topic)).toBe(0);
  });
});
