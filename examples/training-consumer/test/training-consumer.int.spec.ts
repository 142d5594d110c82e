import { trainingV1 } from "@hr/proto";
import { createTopics, dropDatabase, testInfra, testNamespace, waitFor } from "@hr/testing";
import { Kafka, logLevel } from "kafkajs";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTrainingConsumer, type TrainingEvent } from "../src/training-consumer";

/** The example consumer against the real broker and store, fed records as CONTRACTS.md describes them. */
const ns = testNamespace();
const topic = ns.topic("hr.training.v1");
let client: MongoClient;

beforeAll(async () => {
  client = await MongoClient.connect(testInfra().mongoUri);
  await createTopics(testInfra().kafkaBrokers, [topic]);
});

afterAll(async () => {
  await dropDatabase(testInfra().mongoUri, ns.dbName);
  await client.close();
});

/** A CloudEvents record in binary content mode, as the training service publishes it. */
function record(id: string, type: string, value: Uint8Array, employeeId = "E1001") {
  return {
    key: employeeId,
    value: Buffer.from(value),
    headers: {
      ce_specversion: "1.0",
      ce_id: id,
      ce_source: "/hr/training",
      ce_type: type,
      ce_subject: employeeId,
      ce_time: "2025-06-02T01:00:00.000Z",
      ce_effectivedate: "2025-06-01",
      ce_sequence: "1",
      "content-type": "application/protobuf",
    },
  };
}

async function consumeAll(groupId: string, expected: number): Promise<TrainingEvent[]> {
  const seen: TrainingEvent[] = [];
  const consumer = await startTrainingConsumer({
    brokers: testInfra().kafkaBrokers,
    groupId,
    topic,
    db: client.db(ns.dbName),
    handle: async (event) => void seen.push(event),
    log: () => {},
  });
  try {
    await waitFor(async () => (seen.length >= expected ? true : undefined), {
      timeoutMs: 60_000,
      what: `${expected} handled events`,
    });
    await new Promise((r) => setTimeout(r, 2_000)); // room for a wrongly repeated delivery to show
    return seen;
  } finally {
    await consumer.stop();
  }
}

it("handles each event once by ce_id, decodes it with the generated types, and skips what it does not know", async () => {
  const completed = trainingV1.TrainingCompleted.encode(
    trainingV1.TrainingCompleted.fromPartial({
      employeeId: "E1001",
      effectiveDate: "2025-06-01",
      completionId: "c-1",
      courseId: "cloud-basics",
      courseTitle: "Cloud basics",
      form: trainingV1.TrainingForm.E_LEARNING,
    }),
  ).finish();
  const certified = trainingV1.CertificationAcquired.encode(
    trainingV1.CertificationAcquired.fromPartial({ employeeId: "E1002", effectiveDate: "2025-07-10" }),
  ).finish();
  const producer = new Kafka({ brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: [
      record("ev-1", "hr.training.v1.TrainingCompleted", completed),
      record("ev-1", "hr.training.v1.TrainingCompleted", completed), // a redelivery: same ce_id
      record("ev-2", "hr.training.v1.SomethingNewer", new Uint8Array([8, 1])), // a type added later
      { key: "E1003", value: Buffer.from("no headers") },
      record("ev-3", "hr.training.v1.CertificationAcquired", certified, "E1002"),
    ],
  });
  await producer.disconnect();

  // Two employees, so two partitions perhaps: order holds per employee only.
  const seen = (await consumeAll(ns.topic("example-department"), 2)).sort((a, b) => a.id.localeCompare(b.id));
  expect(seen.map((e) => [e.id, e.type, e.employeeId])).toEqual([
    ["ev-1", "hr.training.v1.TrainingCompleted", "E1001"],
    ["ev-3", "hr.training.v1.CertificationAcquired", "E1002"],
  ]);
  expect(seen[0]?.data).toMatchObject({ courseId: "cloud-basics", form: "TRAINING_FORM_E_LEARNING" });
  expect(seen[0]?.effectiveDate).toBe("2025-06-01");

  // A second group over the same handled ids (e.g. after the group was reset to replay) handles nothing again.
  const again: TrainingEvent[] = [];
  const replay = await startTrainingConsumer({
    brokers: testInfra().kafkaBrokers,
    groupId: ns.topic("example-department-replay"),
    topic,
    db: client.db(ns.dbName),
    handle: async (event) => void again.push(event),
    log: () => {},
  });
  const admin = new Kafka({ brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await waitFor(
    async () => {
      const offsets = await admin.fetchOffsets({
        groupId: ns.topic("example-department-replay"),
        topics: [topic],
      });
      const committed =
        offsets[0]?.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0) ?? 0;
      return committed >= 5 ? true : undefined;
    },
    { timeoutMs: 60_000, what: "the replay group past all five records" },
  );
  await admin.disconnect();
  await replay.stop();
  expect(again).toEqual([]);
});
