// The LMS path: an LMS posting a term's completions to training's xAPI endpoint in batches of 100, C batches
// in flight, against a raw insertMany of the same statements in batches of 100 into the same store; then
// one batch sent alone with the service's store round trips counted (driver command monitoring).
import { randomBytes, randomUUID } from "node:crypto";
import { signToken } from "@hr/kit";
import { VERBS } from "@hr/training/src/application/xapi-statement";
import { TRAINING_DLQ_TOPIC, trainingService } from "@hr/training/src/training.service";
import { Kafka, logLevel } from "kafkajs";
import { MongoClient } from "mongodb";
import { startService } from "./commands";
import type { BenchOptions } from "./options";
import { type Cleanups, log, runPool } from "./pool";
import { perSecond, type Summary, summarize } from "./stats";

export interface XapiResult {
  statements: number;
  /** Statements per second, first request sent -> last batch answered 200 (every completion stored). */
  rate: number;
  /** One POST of a batch, request -> reply. */
  batch: Summary;
  /** The same statements as documents, raw insertMany in batches of BATCH, C in flight, same store. */
  rawRate: number;
  /** Store round trips of one batch sent alone, by command and collection. */
  roundTrips: { stage: string; count: number }[];
}

export const XAPI_BATCH = 100;
const HOME_PAGE = "https://learning.metro.example";
/** Listed in the default FY2024 catalogue's `xapiActivityIds`. */
const ACTIVITY = "https://learning.metro.example/activities/udemy-python-data";

/**
 * A completed statement of its own attempt (a registration of its own, so each records a completion),
 * for an employee no other statement of the run names: concurrent batches never write one stream.
 */
function statement(n: number) {
  return {
    id: randomUUID(),
    actor: { objectType: "Agent", account: { homePage: HOME_PAGE, name: `L${String(n).padStart(6, "0")}` } },
    verb: { id: VERBS.completed, display: { "en-US": "completed" } },
    object: { objectType: "Activity", id: ACTIVITY },
    result: { completion: true, success: true, score: { scaled: 0.8 }, duration: "PT2H" },
    context: { registration: randomUUID() },
    timestamp: "2024-06-03T21:15:00+09:00",
  };
}

/** Batches of XAPI_BATCH statements covering `count`, numbered from `from` (unique employees). */
function batches(count: number, from: number) {
  return Array.from({ length: Math.ceil(count / XAPI_BATCH) }, (_, b) =>
    Array.from({ length: Math.min(XAPI_BATCH, count - b * XAPI_BATCH) }, (_, i) =>
      statement(from + b * XAPI_BATCH + i),
    ),
  );
}

/** The store URI with command monitoring on, so the service's own client reports every round trip. */
function monitored(mongoUri: string): string {
  const separator = mongoUri.includes("?") ? "&" : /^mongodb(\+srv)?:\/\/[^/]+\//.test(mongoUri) ? "?" : "/?";
  return `${mongoUri}${separator}monitorCommands=true`;
}

export async function runXapi(
  infra: { kafkaBrokers: string[]; mongoUri: string },
  options: BenchOptions,
  scope: Cleanups,
): Promise<XapiResult> {
  const ns = `benchxapi${randomBytes(3).toString("hex")}`;
  const secret = randomBytes(32).toString("base64url");
  const service = await startService(
    trainingService,
    { kafkaBrokers: infra.kafkaBrokers, mongoUri: monitored(infra.mongoUri) },
    options,
    { dbName: ns, topicPrefix: `${ns}.` },
    secret,
  );
  const { db } = service.infrastructure;
  // The service stopped first (its relay writes no more), then its database and topics, by our own clients.
  scope.defer(async () => {
    await service.stop();
    const mongo = new MongoClient(infra.mongoUri);
    const admin = new Kafka({ brokers: infra.kafkaBrokers, logLevel: logLevel.ERROR }).admin();
    try {
      await mongo.db(ns).dropDatabase();
      await admin.connect();
      await admin.deleteTopics({ topics: [`${ns}.${trainingService.topic}`, `${ns}.${TRAINING_DLQ_TOPIC}`] });
    } catch {
      // Best effort: a leftover namespace of a bench run is named benchxapi* and harms nothing.
    } finally {
      await admin.disconnect();
      await mongo.close();
    }
  });
  const token = await signToken(secret, { subject: "bench-lms", roles: ["training-admin"], ttl: "1h" });
  const post = async (batch: ReturnType<typeof statement>[]) => {
    const response = await fetch(`${service.httpUrl}/xapi/statements`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "X-Experience-API-Version": "1.0.3",
      },
      body: JSON.stringify(batch),
    });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`xAPI batch refused: ${response.status} ${body}`);
  };

  log(`xapi: training service on ${service.httpUrl}, database ${ns}; a warm-up batch of 10...`);
  await post(batches(10, 900_000)[0]!);
  const work = batches(options.events, 0);
  log(
    `xapi: ${options.events} statements in ${work.length} batches of ${XAPI_BATCH}, ${options.concurrency} in flight...`,
  );
  const took: number[] = [];
  const t0 = Date.now();
  await runPool(work.length, options.concurrency, async (b) => {
    const sent = Date.now();
    await post(work[b]!);
    took.push(Date.now() - sent);
  });
  const rate = perSecond(options.events, Date.now() - t0);
  const stored = await db.collection("xapi_statements").countDocuments({});
  if (stored < options.events + 10) {
    throw new Error(`xapi: ${stored} statements stored of ${options.events + 10} accepted`);
  }

  log(`xapi: one batch of ${XAPI_BATCH} alone, the service's store round trips counted...`);
  const counts = new Map<string, number>();
  const count = (e: { commandName: string; command: Record<string, unknown> }) => {
    const collection = e.command[e.commandName];
    const stage = `${e.commandName} ${typeof collection === "string" ? collection : ""}`.trim();
    counts.set(stage, (counts.get(stage) ?? 0) + 1);
  };
  service.infrastructure.mongo.on("commandStarted", count);
  await post(batches(XAPI_BATCH, 950_000)[0]!);
  service.infrastructure.mongo.off("commandStarted", count);

  log(
    `xapi: raw insertMany of ${options.events} statements in batches of ${XAPI_BATCH}, ${options.concurrency} in flight...`,
  );
  const raw = db.collection<{ _id: string }>("raw_statements");
  const docs = batches(options.events, 0).map((batch) => batch.map((s) => ({ _id: s.id, ...s })));
  const t1 = Date.now();
  await runPool(docs.length, options.concurrency, async (b) => {
    await raw.insertMany(docs[b]!, { ordered: false });
  });
  const rawRate = perSecond(options.events, Date.now() - t1);

  return {
    statements: options.events,
    rate,
    batch: summarize(took),
    rawRate,
    roundTrips: [...counts.entries()]
      .map(([stage, n]) => ({ stage, count: n }))
      .sort((a, b) => b.count - a.count),
  };
}
