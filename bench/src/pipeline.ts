// The system's own path, end to end: REST command -> event store commit -> outbox relay -> Kafka ->
// ProjectionConsumer -> one fact document per event (the shape hr-sync will have), then a replay.
import { randomBytes, randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import {
  commitId,
  type EventStore,
  ensureTopics,
  insertManyOnce,
  insertOnce,
  ProjectionConsumer,
  type ReceivedEvent,
  replayTopics,
  silentLogger,
} from "@hr/kit";
import { skillsEventCodec } from "@hr/skills/src/api/events.codec";
import { skillsService } from "@hr/skills/src/skills.service";
import { Kafka, logLevel, type Producer } from "kafkajs";
import { type Collection, MongoClient } from "mongodb";
import { type Accepted, assessmentSender, drive, SKILLS, startSkills } from "./commands";
import type { BenchOptions } from "./options";
import { type Cleanups, log, runPool, secondsSince, waitUntil } from "./pool";
import { profileCommandPath } from "./profile";
import { perSecond, type Summary, span, summarize } from "./stats";

export interface PipelineResult {
  commands: number;
  /** Events per second from the first command accepted to the last fact projected. */
  throughput: number;
  /** Command accepted (REST reply) -> its fact visible in the projection. */
  endToEnd: Summary;
  /** REST request sent -> reply. */
  command: Summary;
  /** CPU time of this process (client, service, relay, projection: one Node process) per command, in ms. */
  cpuPerCommand: number;
  /** Command latency p50 of the first and of the last tenth of the commands sent: does it grow with the store? */
  commandGrowth: { first: number; last: number };
  replay: ReplayResult;
  /** The store path of a command, one at a time, by round trip. */
  profile: Awaited<ReturnType<typeof profileCommandPath>>;
  topic: string;
}

export interface ReplayResult {
  events: number;
  /** Events per second, from the call to replayTopics to its return (includes joining a fresh group). */
  rate: number;
  /** Events per second from the first event handled to the last. */
  rateFromFirst: number;
  check: string;
}

/** A projected fact: one document per event, keyed by `ce_id`. Nothing time-of-projection in it. */
interface Fact {
  _id: string;
  type: string;
  subject: string;
  sequence?: string;
  effectiveDate?: string;
  time: string;
  data: unknown;
}

const WARMUP = 10;

const factOf = (received: ReceivedEvent): Fact => ({
  _id: received.id,
  type: received.type,
  subject: received.subject,
  sequence: received.sequence,
  effectiveDate: received.effectiveDate,
  time: received.time,
  data: received.event.data,
});

/**
 * One fact per event (kit's insertOnce: a redelivered event finds its fact there), and the bulk path a
 * projection of facts uses: a batch's facts in one unordered insertMany. Calls `projected` once stored.
 */
function factProjection(facts: Collection<Fact>, projected?: (event: ReceivedEvent) => void) {
  return {
    handle: async (received: ReceivedEvent) => {
      await insertOnce(facts, factOf(received));
      projected?.(received);
    },
    handleBatch: async (events: ReceivedEvent[]) => {
      await insertManyOnce(facts, events.map(factOf));
      for (const e of events) projected?.(e);
    },
  };
}

const assessmentIdOf = (received: ReceivedEvent) =>
  (received.event.data as { assessmentId?: string }).assessmentId ?? "";

export async function runPipeline(
  infra: { kafkaBrokers: string[]; mongoUri: string },
  options: BenchOptions,
  scope: Cleanups,
): Promise<PipelineResult> {
  const ns = `bench${randomBytes(3).toString("hex")}`;
  const secret = randomBytes(32).toString("base64url");
  const service = await startSkills(infra, options, { dbName: ns, topicPrefix: `${ns}.` }, secret);
  scope.defer(() => service.stop());
  const topic = `${ns}.${skillsService.topic}`;
  const dlqTopic = `${ns}.hr.bench.dlq.v1`;
  log(`pipeline: skills service on ${service.httpUrl}, topic ${topic}, database ${ns}`);
  if (options.seed > 0) await seedHistory(service.store, options.seed);

  // The projection side, as hr-sync will run it: its own clients, its own collection.
  const mongo = new MongoClient(infra.mongoUri);
  await mongo.connect();
  scope.defer(async () => {
    await service.stop(); // first, so its relay does not write into the database again
    await mongo
      .db(ns)
      .dropDatabase()
      .catch(() => undefined);
    await mongo.close();
  });
  const kafka = new Kafka({ clientId: "hr-bench", brokers: infra.kafkaBrokers, logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  scope.defer(async () => {
    await admin.deleteTopics({ topics: [topic, dlqTopic] }).catch(() => undefined);
    await admin.disconnect();
  });
  await ensureTopics(admin, [dlqTopic], 1);
  const dlqProducer = kafka.producer();
  await dlqProducer.connect();
  scope.defer(() => dlqProducer.disconnect());

  const live = mongo.db(ns).collection<Fact>("bench_facts");
  const projectedAt = new Map<string, number>();
  const consumer = new ProjectionConsumer({
    kafka,
    groupId: `${ns}-projection`,
    topics: [topic],
    codec: skillsEventCodec,
    ...factProjection(live, (received) => {
      const id = assessmentIdOf(received);
      if (!projectedAt.has(id)) projectedAt.set(id, Date.now());
    }),
    deadLetter: { topic: dlqTopic, producer: dlqProducer },
    logger: silentLogger,
    reportLag: false,
  });
  await consumer.start();
  scope.defer(() => consumer.stop());

  const employees = Math.max(4 * options.concurrency, 2 * options.rate, Math.ceil(options.events / 10));
  const send = await assessmentSender(service.httpUrl, secret);
  const record = (employeeId: string, requestId: string, i: number) =>
    send(employeeId, requestId, SKILLS[i % SKILLS.length]!, 1 + (i % 4));

  // Warm-up: the consumer joins its group and every code path is compiled before the clock runs.
  const t0 = Date.now();
  const warm: string[] = [];
  await runPool(WARMUP, options.concurrency, async (i) => {
    warm.push((await record(`W${i}`, `${ns}-warm-${i}`, i)).assessmentId);
  });
  await waitUntil("the warm-up commands' facts", () => warm.every((id) => projectedAt.has(id)), {
    timeoutMs: 60_000,
    progress: () => `pipeline: warming up (projection consumer joining its group)...`,
  });
  log(
    `pipeline: warmed up in ${secondsSince(t0)}; driving ${options.events} RecordAssessment commands ` +
      `over REST across ${employees} employees, ${options.concurrency} in flight...`,
  );

  const commands: Array<Accepted & { index: number }> = [];
  const t1 = Date.now();
  const cpu0 = process.cpuUsage();
  const failure = drive(options, async (i) => {
    const employeeId = `B${String(i % employees).padStart(5, "0")}`;
    commands.push({ index: i, ...(await record(employeeId, `${ns}-${i}`, i)) });
  });
  const projectedCount = () => commands.filter((c) => projectedAt.has(c.assessmentId)).length;
  await waitUntil(
    "every command to be accepted and its fact projected",
    () => {
      if (failure()) throw failure();
      return commands.length === options.events && projectedCount() === options.events;
    },
    {
      timeoutMs: options.timeoutMs,
      progress: () =>
        `pipeline: ${commands.length}/${options.events} commands accepted, ` +
        `${projectedCount()}/${options.events} events projected...`,
    },
  );
  log(`pipeline: ${options.events} commands accepted and projected in ${secondsSince(t1)}`);
  const cpu = process.cpuUsage(cpu0);
  const cpuPerCommand = (cpu.user + cpu.system) / 1000 / options.events;

  const accepted = span(commands.map((c) => c.acceptedAt));
  const projected = span(commands.map((c) => projectedAt.get(c.assessmentId)!));
  const result = {
    commands: options.events,
    throughput: perSecond(options.events, projected.last - accepted.first),
    endToEnd: summarize(commands.map((c) => projectedAt.get(c.assessmentId)! - c.acceptedAt)),
    command: summarize(commands.map((c) => c.acceptedAt - c.sentAt)),
    commandGrowth: tenths(commands),
    cpuPerCommand,
    topic,
  };
  // The replay runs alone, as the baseline's consume does: no command traffic, no relay polling.
  await consumer.stop();
  await service.stop();

  const rebuilt = mongo.db(ns).collection<Fact>("bench_facts_replay");
  const replay = await runReplay(kafka, topic, dlqTopic, dlqProducer, live, rebuilt, ns);
  const profile = await profileCommandPath(infra.mongoUri, ns, 100);
  return { ...result, replay, profile };
}

/**
 * Other employees' history, stored in bulk as the event store lays it out (one commit per command,
 * already published), so the run's commands meet a store of that size.
 */
async function seedHistory(store: EventStore, events: number): Promise<void> {
  const perStream = 10;
  const t0 = Date.now();
  let printed = t0;
  for (let done = 0; done < events; ) {
    const batch = Array.from({ length: Math.min(1_000, events - done) }, (_, k) => {
      const n = done + k;
      const streamId = `skill-profile-H${String(Math.floor(n / perStream)).padStart(7, "0")}`;
      const seq = n % perStream;
      return {
        _id: commitId(streamId, seq),
        streamId,
        seq,
        startVersion: seq,
        events: [
          {
            eventId: randomUUID(),
            type: "SkillAssessed",
            data: {
              employeeId: streamId.slice(14),
              assessmentId: randomUUID(),
              skillId: SKILLS[n % SKILLS.length],
              level: 2,
              effectiveDate: "2023-10-01",
            },
            effectiveDate: "2023-10-01",
          },
        ],
        eventCount: 1,
        recordedAt: new Date(),
        metadata: { requestId: `seed-${n}` },
        requestId: `seed-${n}`,
        token: "seed",
      };
    });
    await store.commits.insertMany(batch, { ordered: false });
    done += batch.length;
    if (Date.now() - printed > 2_000 || done === events) {
      printed = Date.now();
      log(`pipeline: seeded ${done}/${events} events of history (${secondsSince(t0)})`);
    }
  }
}

function tenths(commands: Array<{ index: number; sentAt: number; acceptedAt: number }>) {
  const tenth = Math.max(1, Math.floor(commands.length / 10));
  const sorted = [...commands].sort((a, b) => a.index - b.index);
  const p50 = (part: typeof commands) => summarize(part.map((c) => c.acceptedAt - c.sentAt)).p50;
  return { first: p50(sorted.slice(0, tenth)), last: p50(sorted.slice(-tenth)) };
}

/** Rebuilds the projection from the topic into a fresh collection and compares it with the live one. */
async function runReplay(
  kafka: Kafka,
  topic: string,
  dlqTopic: string,
  dlqProducer: Producer,
  live: Collection<Fact>,
  rebuilt: Collection<Fact>,
  ns: string,
): Promise<ReplayResult> {
  const handled: number[] = [];
  const project = factProjection(rebuilt, () => handled.push(Date.now()));
  let printed = Date.now();
  const t0 = Date.now();
  log(`replay: rebuilding the projection from ${topic} into a fresh collection...`);
  const { total } = await replayTopics({
    kafka,
    topics: [topic],
    codec: skillsEventCodec,
    ...project,
    deadLetter: { topic: dlqTopic, producer: dlqProducer },
    logger: silentLogger,
    groupPrefix: ns,
    timeoutMs: 120_000,
    onProgress: ({ handled: n, total: of }) => {
      if (Date.now() - printed < 2_000) return;
      printed = Date.now();
      log(`replay: ${n}/${of} events replayed...`);
    },
  });
  const ms = Date.now() - t0;
  const { ms: handling } = span(handled);
  log(`replay: ${total} events in ${(ms / 1000).toFixed(1)}s`);
  return {
    events: total,
    rate: perSecond(total, ms),
    rateFromFirst: perSecond(handled.length - 1, handling),
    check: await compare(live, rebuilt),
  };
}

async function compare(live: Collection<Fact>, rebuilt: Collection<Fact>): Promise<string> {
  const [a, b] = await Promise.all([live, rebuilt].map((c) => c.find().sort({ _id: 1 }).toArray()));
  const byId = new Map(b!.map((d) => [d._id, d]));
  const missing = a!.filter((d) => !byId.has(d._id)).length;
  const differ = a!.filter((d) => byId.has(d._id) && !isDeepStrictEqual(d, byId.get(d._id))).length;
  const extra = b!.length - (a!.length - missing);
  return missing + differ + extra === 0
    ? `ok (${a!.length} documents equal)`
    : `mismatch (${a!.length} live, ${b!.length} rebuilt: ${missing} missing, ${differ} differ, ${extra} extra)`;
}
