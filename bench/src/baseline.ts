// The bare parts on the same machine in the same run: KafkaJS produce/consume and MongoDB writes,
// with messages and documents of the pipeline's size, no service code in between.
import { randomBytes, randomUUID } from "node:crypto";
import { ensureTopics } from "@hr/kit";
import { type Consumer, type IHeaders, Kafka, logLevel, type Producer } from "kafkajs";
import { type Collection, MongoClient } from "mongodb";
import type { BenchOptions } from "./options";
import { type Cleanups, dropDatabases, isDuplicateKey, log, runPool, secondsSince, waitUntil } from "./pool";
import { perSecond, type Summary, span, summarize } from "./stats";

export interface BaselineResult {
  /** Produce -> consume -> insertOne per message, `concurrency` sends in flight, consumer already joined. */
  live: { throughput: number; endToEnd: Summary };
  /** Batches of 200 (the relay's batch size), acks from all replicas. */
  produceRate: number;
  /** A fresh group reading the topic from the beginning: from subscribe, and from the first message. */
  consumeRate: number;
  consumeRateFromFirst: number;
  insertManyRate: number;
  /** One document per call, one after the other, as a command's single commit write. */
  insertOne: { rate: number; latency: Summary };
}

type Keyed = { _id: string; [field: string]: unknown };

const PRODUCE_BATCH = 200;
const INSERT_MANY_BATCH = 1000;

/** A message shaped like a published skills event: a protobuf-sized value and the CloudEvents headers. */
function message(i: number) {
  const id = randomUUID();
  const headers: IHeaders = {
    ce_specversion: "1.0",
    ce_id: id,
    ce_source: "/hr/skills",
    ce_type: "hr.skills.v1.AssessmentRecorded",
    ce_subject: `B${String(i % 1000).padStart(5, "0")}`,
    ce_time: new Date().toISOString(),
    ce_effectivedate: "2024-10-01",
    ce_sequence: String(1 + Math.floor(i / 1000)),
    "content-type": "application/protobuf",
  };
  return { id, key: headers.ce_subject as string, value: randomBytes(110), headers };
}

/** A document shaped like a projected fact. */
function fact(i: number) {
  return {
    _id: randomUUID(),
    type: "AssessmentRecorded",
    subject: `B${String(i % 1000).padStart(5, "0")}`,
    sequence: String(1 + Math.floor(i / 1000)),
    effectiveDate: "2024-10-01",
    time: new Date().toISOString(),
    data: {
      employeeId: `B${String(i % 1000).padStart(5, "0")}`,
      assessmentId: `asm-${randomUUID()}`,
      skillId: "security-engineering",
      level: 1 + (i % 4),
      assessor: "MANAGER",
      assessedOn: "2024-10-01",
      note: "benchmark assessment",
    },
  };
}

export async function runBaseline(
  infra: { kafkaBrokers: string[]; mongoUri: string },
  options: BenchOptions,
  scope: Cleanups,
): Promise<BaselineResult> {
  const ns = `benchraw${randomBytes(3).toString("hex")}`;
  const mongo = new MongoClient(infra.mongoUri);
  await mongo.connect();
  scope.defer(() => dropDatabases(mongo, ns));
  const db = mongo.db(ns);
  const kafka = new Kafka({
    clientId: "hr-bench-raw",
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.ERROR,
  });
  const admin = kafka.admin();
  await admin.connect();
  const liveTopic = `${ns}.live`;
  const bulkTopic = `${ns}.bulk`;
  scope.defer(async () => {
    await admin.deleteTopics({ topics: [liveTopic, bulkTopic] }).catch(() => undefined);
    await admin.disconnect();
  });
  await ensureTopics(admin, [liveTopic, bulkTopic], options.partitions);
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  scope.defer(() => producer.disconnect());

  const live = await liveRun(
    kafka,
    producer,
    db.collection<Keyed>("raw_live"),
    liveTopic,
    ns,
    options,
    scope,
  );

  let t0 = Date.now();
  log(`baseline: producing ${options.events} messages in batches of ${PRODUCE_BATCH}...`);
  const all = Array.from({ length: options.events }, (_, i) => message(i));
  for (let at = 0; at < all.length; at += PRODUCE_BATCH) {
    await producer.send({ topic: bulkTopic, acks: -1, messages: all.slice(at, at + PRODUCE_BATCH) });
  }
  const produceRate = perSecond(options.events, Date.now() - t0);

  log("baseline: consuming them with a fresh group from the beginning...");
  const consumer = kafka.consumer({ groupId: `${ns}-consume`, maxWaitTimeInMs: 200 });
  scope.defer(() => consumer.disconnect());
  const received: number[] = [];
  t0 = Date.now();
  await consumer.connect();
  await consumer.subscribe({ topic: bulkTopic, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const now = Date.now();
      for (const _ of batch.messages) received.push(now);
    },
  });
  await waitUntil("the raw consumer", () => received.length >= options.events, {
    timeoutMs: 120_000,
    progress: () => `baseline: ${received.length}/${options.events} messages consumed...`,
  });
  const consumeMs = Date.now() - t0;
  await consumer.disconnect();
  const firstToLast = span(received);

  log(`baseline: insertMany of ${options.events} documents in batches of ${INSERT_MANY_BATCH}...`);
  const bulk = db.collection<Keyed>("raw_bulk");
  const docs = Array.from({ length: options.events }, (_, i) => fact(i));
  t0 = Date.now();
  for (let at = 0; at < docs.length; at += INSERT_MANY_BATCH) {
    await bulk.insertMany(docs.slice(at, at + INSERT_MANY_BATCH), { ordered: false });
  }
  const insertManyRate = perSecond(options.events, Date.now() - t0);

  log(`baseline: ${options.events} insertOne calls, one at a time...`);
  const single = db.collection<Keyed>("raw_single");
  const latencies: number[] = [];
  t0 = Date.now();
  for (let i = 0; i < options.events; i++) {
    const started = Date.now();
    await single.insertOne(fact(i));
    latencies.push(Date.now() - started);
  }
  const insertOneRate = perSecond(options.events, Date.now() - t0);
  log(`baseline: done in ${secondsSince(live.startedAt)}`);

  return {
    live: { throughput: live.throughput, endToEnd: live.endToEnd },
    produceRate,
    consumeRate: perSecond(options.events, consumeMs),
    consumeRateFromFirst: perSecond(received.length - 1, firstToLast.ms),
    insertManyRate,
    insertOne: { rate: insertOneRate, latency: summarize(latencies) },
  };
}

/**
 * The bare parts of the pipeline's path after a command is accepted: one message per send with
 * `concurrency` in flight, a consumer (already in its group) that inserts one document per message.
 */
async function liveRun(
  kafka: Kafka,
  producer: Producer,
  facts: Collection<Keyed>,
  topic: string,
  ns: string,
  options: BenchOptions,
  scope: Cleanups,
) {
  const startedAt = Date.now();
  log(
    `baseline: raw produce -> consume -> insertOne of ${options.events} messages, ` +
      `${options.concurrency} sends in flight...`,
  );
  const consumer: Consumer = kafka.consumer({ groupId: `${ns}-live`, maxWaitTimeInMs: 200 });
  scope.defer(() => consumer.disconnect());
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  const sentAt = new Map<string, number>();
  const doneAt = new Map<string, number>();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message: m }) => {
      const id = m.headers?.ce_id?.toString() ?? "";
      try {
        await facts.insertOne({ _id: id, offset: m.offset, size: m.value?.length ?? 0 });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      if (!doneAt.has(id)) doneAt.set(id, Date.now());
    },
  });
  await joined;
  const messages = Array.from({ length: options.events }, (_, i) => message(i));
  let failure: unknown;
  void runPool(messages.length, options.concurrency, async (i) => {
    const m = messages[i]!;
    sentAt.set(m.id, Date.now());
    await producer.send({ topic, acks: -1, messages: [m] });
  }).catch((error: unknown) => {
    failure = error;
  });
  await waitUntil(
    "the raw live run",
    () => {
      if (failure) throw failure;
      return doneAt.size >= options.events;
    },
    {
      timeoutMs: options.timeoutMs,
      progress: () =>
        `baseline: ${sentAt.size}/${options.events} sent, ${doneAt.size} consumed and stored...`,
    },
  );
  await consumer.disconnect();
  const ids = messages.map((m) => m.id);
  const sent = span(ids.map((id) => sentAt.get(id)!));
  const done = span(ids.map((id) => doneAt.get(id)!));
  return {
    startedAt,
    throughput: perSecond(options.events, done.last - sent.first),
    endToEnd: summarize(ids.map((id) => doneAt.get(id)! - sentAt.get(id)!)),
  };
}
