// The pipeline up to hr-sync's records, and hr-sync's read path under load:
// REST RecordAssessment on the skills service -> its store, outbox, Kafka -> hr-sync's consumer ->
// facts, employee index, evaluation record, change log -> WatchChanges over gRPC (as HR core syncs);
// then GetEvaluationRecord over gRPC at a target rate against a raw findOne by `_id` on the same records.
import { randomBytes } from "node:crypto";
import { credentials, Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { evaluationKey, type RecordDocument, RecordStore } from "@hr/hr-sync/src/application/record-store";
import { hrSyncService } from "@hr/hr-sync/src/hr-sync.service";
import { signToken } from "@hr/kit";
import { syncV1 } from "@hr/proto";
import { Kafka, logLevel } from "kafkajs";
import { MongoClient } from "mongodb";
import { type Accepted, assessmentSender, drive, SKILLS, startService, startSkills } from "./commands";
import { type HistoryCost, historyCost } from "./history-cost";
import type { BenchOptions } from "./options";
import { type Cleanups, dropDatabases, log, secondsSince, waitUntil } from "./pool";
import { perSecond, type Summary, span, summarize } from "./stats";

export interface HrSyncResult {
  commands: number;
  /** Events per second from the first command accepted to the last record change seen. */
  throughput: number;
  /** Command accepted (REST reply) -> the evaluation record reflecting it arrives on WatchChanges. */
  endToEnd: Summary;
  /** CPU time of this process (client, skills, hr-sync: one Node process) per command, in ms. */
  cpuPerCommand: number;
  /** Records in hr-sync's records collection while the reads ran (seeded history plus the run's). */
  storedRecords: number;
  reads: ReadResult;
  rawReads: ReadResult;
  /** hr-sync's cost per event for an employee with 10 facts and one with 1,000. */
  perEventByHistory: HistoryCost[];
}

export interface ReadResult {
  /** Calls completed per second, offered at `--read-rate`. */
  rate: number;
  latency: Summary;
}

const FISCAL_YEAR = 2024;
const WARMUP = 10;
/** The topics hr-sync consumes and dead-letters to, each under a run's prefix. */
export const TOPICS = [
  "hr.skills.v1",
  "hr.training.v1",
  "hr.secondment.v1",
  "hr.postings.v1",
  "hr.sync.dlq.v1",
];

export async function runHrSync(
  infra: { kafkaBrokers: string[]; mongoUri: string },
  options: BenchOptions,
  scope: Cleanups,
): Promise<HrSyncResult> {
  const ns = `benchsync${randomBytes(3).toString("hex")}`;
  const secret = randomBytes(32).toString("base64url");
  const topicPrefix = `${ns}.`;
  const syncDb = `${ns}_sync`;
  const mongo = new MongoClient(infra.mongoUri);
  await mongo.connect();
  const kafka = new Kafka({
    clientId: "hr-bench-sync",
    brokers: infra.kafkaBrokers,
    logLevel: logLevel.ERROR,
  });
  const admin = kafka.admin();
  await admin.connect();
  scope.defer(async () => {
    await admin.deleteTopics({ topics: TOPICS.map((t) => topicPrefix + t) }).catch(() => undefined);
    await admin.disconnect();
    await dropDatabases(mongo, ns, syncDb);
  });

  const skills = await startSkills(infra, options, { dbName: ns, topicPrefix }, secret);
  scope.defer(() => skills.stop());
  const sync = await startService(hrSyncService, infra, options, { dbName: syncDb, topicPrefix }, secret);
  scope.defer(() => sync.stop());
  log(`hr-sync: skills on ${skills.httpUrl}, hr-sync gRPC on ${sync.grpcAddress}, topics ${topicPrefix}*`);
  // A fresh database: queries read generation 1 (see Generations).
  const store = new RecordStore(mongo.db(syncDb), 1, options.partitions);
  const seeded = options.seed > 0 ? await seedRecords(store, options.seed) : [];

  const client = new syncV1.HrSyncServiceClient(sync.grpcAddress, credentials.createInsecure());
  scope.defer(async () => client.close());
  const metadata = new Metadata();
  metadata.set(
    "authorization",
    `Bearer ${await signToken(secret, { subject: "bench", roles: ["hr-core"] })}`,
  );

  // HR core's view: every record change, in order, from the start of the change log.
  const reflected = new Map<string, number>();
  const watch = client.watchChanges({ afterCursor: "" }, metadata);
  watch.on("data", (change: syncV1.WatchChangesResponse) => {
    if (change.record?.$case !== "evaluationRecord") return;
    const { employeeId, skillLevels } = change.record.value;
    const now = Date.now();
    for (const s of skillLevels) {
      const key = `${employeeId}|${s.skillId}`;
      if (s.levelAtEnd > 0 && !reflected.has(key)) reflected.set(key, now);
    }
  });
  let watchError: ServiceError | undefined;
  watch.on("error", (e: ServiceError) => {
    if (e.code !== status.CANCELLED) watchError = e;
  });
  scope.defer(async () => watch.cancel());

  // Each command is the only one for its (employee, skill): its record change is recognisable.
  const employees = Math.max(1, Math.ceil(options.events / SKILLS.length));
  const keyOf = (i: number) => ({
    employeeId: `S${String(i % employees).padStart(5, "0")}`,
    skillId: SKILLS[Math.floor(i / employees) % SKILLS.length]!,
  });
  const send = await assessmentSender(skills.httpUrl, secret);
  const watchFailed = () => {
    if (watchError) throw watchError;
  };

  const t0 = Date.now();
  for (let i = 0; i < WARMUP; i++) await send(`SW${i}`, `${ns}-warm-${i}`, SKILLS[0]!, 2);
  await waitUntil(
    "the warm-up commands' evaluation records",
    () => {
      watchFailed();
      return Array.from({ length: WARMUP }, (_, i) => `SW${i}|${SKILLS[0]}`).every((k) => reflected.has(k));
    },
    { timeoutMs: 120_000, progress: () => "hr-sync: warming up (consumer joining its group)..." },
  );
  log(
    `hr-sync: warmed up in ${secondsSince(t0)}; driving ${options.events} RecordAssessment commands across ` +
      `${employees} employees, ` +
      (options.rate > 0 ? `${options.rate}/s open loop` : `${options.concurrency} in flight`) +
      ", until each is in its FY2024 evaluation record on WatchChanges...",
  );
  const commands: Array<Accepted & { key: string }> = [];
  const t1 = Date.now();
  const cpu0 = process.cpuUsage();
  const failure = drive(options, async (i) => {
    const { employeeId, skillId } = keyOf(i);
    const accepted = await send(employeeId, `${ns}-${i}`, skillId, 1 + (i % 4));
    commands.push({ ...accepted, key: `${employeeId}|${skillId}` });
  });
  const reflectedCount = () => commands.filter((c) => reflected.has(c.key)).length;
  await waitUntil(
    "every command to be accepted and reflected in hr-sync's evaluation records",
    () => {
      if (failure()) throw failure();
      watchFailed();
      return commands.length === options.events && reflectedCount() === options.events;
    },
    {
      timeoutMs: options.timeoutMs,
      progress: () =>
        `hr-sync: ${commands.length}/${options.events} commands accepted, ` +
        `${reflectedCount()}/${options.events} reflected in evaluation records...`,
    },
  );
  log(`hr-sync: ${options.events} commands reflected in ${secondsSince(t1)}`);
  const cpu = process.cpuUsage(cpu0);
  const accepted = span(commands.map((c) => c.acceptedAt));
  const seen = span(commands.map((c) => reflected.get(c.key)!));
  // The reads run alone: no command traffic, the skills relay stopped.
  watch.cancel();
  await skills.stop();

  const keys = [
    ...Array.from({ length: employees }, (_, i) => ({
      employeeId: keyOf(i).employeeId,
      fiscalYear: FISCAL_YEAR,
    })),
    ...seeded,
  ];
  const storedRecords = await store.records.estimatedDocumentCount();
  const pick = (i: number) => keys[(i * 7919) % keys.length]!;
  const reads = await readLoad(
    options,
    "GetEvaluationRecord over gRPC",
    (i) =>
      new Promise<void>((resolve, reject) =>
        client.getEvaluationRecord(pick(i), metadata, (error, reply) =>
          error ? reject(error) : reply.record?.employeeId ? resolve() : reject(new Error("empty reply")),
        ),
      ),
  );
  const rawReads = await readLoad(options, "raw findOne by _id", async (i) => {
    const { employeeId, fiscalYear } = pick(i);
    if (!(await store.records.findOne({ _id: evaluationKey(employeeId, fiscalYear) })))
      throw new Error(`no record ${employeeId} ${fiscalYear}`);
  });
  const perEventByHistory = await historyCost(mongo.db(syncDb), options.partitions);
  return {
    commands: options.events,
    throughput: perSecond(options.events, seen.last - accepted.first),
    endToEnd: summarize(commands.map((c) => reflected.get(c.key)! - c.acceptedAt)),
    cpuPerCommand: (cpu.user + cpu.system) / 1000 / options.events,
    storedRecords,
    reads,
    rawReads,
    perEventByHistory,
  };
}

/** `--reads` calls of `read`, started at `--read-rate` per second whatever the replies (open loop). */
export async function readLoad(
  options: BenchOptions,
  what: string,
  read: (i: number) => Promise<void>,
): Promise<ReadResult> {
  const latencies: number[] = [];
  const doneAt: number[] = [];
  log(`reads: ${options.reads} ${what} at ${options.readRate}/s...`);
  const t0 = Date.now();
  const failure = drive({ ...options, events: options.reads, rate: options.readRate }, async (i) => {
    const started = Date.now();
    await read(i);
    doneAt.push(Date.now());
    latencies.push(Date.now() - started);
  });
  await waitUntil(
    `the ${what} calls`,
    () => {
      if (failure()) throw failure();
      return latencies.length === options.reads;
    },
    {
      timeoutMs: options.timeoutMs,
      progress: () => `reads: ${latencies.length}/${options.reads} ${what}...`,
    },
  );
  return { rate: perSecond(options.reads, Math.max(...doneAt) - t0), latency: summarize(latencies) };
}

/**
 * Other employees' history in hr-sync's store, in bulk: `count` evaluation records (six fiscal years
 * per employee) and as many facts, so the reads meet a store of that size. Returns the records' keys.
 */
async function seedRecords(store: RecordStore, count: number) {
  const t0 = Date.now();
  let printed = t0;
  const keys: Array<{ employeeId: string; fiscalYear: number }> = [];
  for (let done = 0; done < count; ) {
    const batch = Array.from({ length: Math.min(1_000, count - done) }, (_, k) => {
      const n = done + k;
      return { employeeId: `H${String(Math.floor(n / 6)).padStart(7, "0")}`, fiscalYear: 2019 + (n % 6) };
    });
    await store.records.insertMany(batch.map(seededRecord), { ordered: false });
    await store.facts.insertMany(batch.map(seededFact), { ordered: false });
    keys.push(...batch);
    done += batch.length;
    if (Date.now() - printed > 2_000 || done === count) {
      printed = Date.now();
      log(`hr-sync: seeded ${done}/${count} evaluation records and facts of history (${secondsSince(t0)})`);
    }
  }
  return keys;
}

const evidence = (n: number, type: string, effectiveDate: string) => [
  { eventId: `seed-${n}-${type}`, eventType: `hr.${type}`, effectiveDate },
];

function seededRecord({
  employeeId,
  fiscalYear,
}: {
  employeeId: string;
  fiscalYear: number;
}): RecordDocument {
  const day = `${fiscalYear}-10-01`;
  return {
    _id: evaluationKey(employeeId, fiscalYear),
    kind: "evaluation",
    employeeId,
    record: syncV1.EvaluationRecord.fromPartial({
      employeeId,
      fiscalYear,
      department: "デジタルサービス局",
      completionCount: 1,
      trainingHours: 6,
      completionList: [
        {
          completionId: `c-${employeeId}-${fiscalYear}`,
          courseId: "cloud-basics",
          hours: 6,
          completedOn: day,
          evidence: evidence(fiscalYear, "training.v1.TrainingCompleted", day),
        },
      ],
      skillLevels: SKILLS.slice(0, 3).map((skillId, k) => ({
        skillId,
        levelAtStart: 1 + k,
        levelAtEnd: 2 + k,
        change: 1,
        evidence: evidence(k, "skills.v1.SkillAssessed", day),
      })),
    }),
  };
}

function seededFact({ employeeId, fiscalYear }: { employeeId: string; fiscalYear: number }) {
  const id = `seed-${employeeId}-${fiscalYear}`;
  const effectiveDate = `${fiscalYear}-10-01`;
  return {
    _id: id,
    id,
    type: "hr.skills.v1.SkillAssessed",
    employeeId,
    effectiveDate,
    recordedAt: `${effectiveDate}T09:00:00.000Z`,
    sequence: 1,
    data: { employeeId, effectiveDate, assessmentId: id, skillId: SKILLS[0], level: 2 },
    topic: "hr.skills.v1",
    partition: 0,
    offset: "0",
  };
}
