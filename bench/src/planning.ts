// pnpm bench:planning [--employees N] [--reads N] [--read-rate R] [--partitions N]: transfer planning (issue 21
// item 4) with N employees stored (default 10,000). ListDueForRotation and FindCandidates over gRPC, each
// measured first on a freshly started hr-sync (its roster cache empty: the whole roster is read) and then
// warm at a steady rate (open loop), against raw `_id` reads of the same store in the same run.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { credentials, Metadata } from "@grpc/grpc-js";
import { writeRosterShards } from "@hr/hr-sync/src/application/planning.roster";
import {
  RecordStore,
  ROSTER_BUCKETS,
  rosterBucketOf,
  rosterKey,
} from "@hr/hr-sync/src/application/record-store";
import {
  employeeHistory,
  type Fact,
  type PlanningProfile,
  planningProfile,
  rosterEntryOf,
  rotationTimeline,
} from "@hr/hr-sync/src/domain";
import { hrSyncService } from "@hr/hr-sync/src/hr-sync.service";
import { partitionOf, signToken, startEventSourcedService } from "@hr/kit";
import { postingsV1, syncV1 } from "@hr/proto";
import { Kafka, logLevel } from "kafkajs";
import { MongoClient } from "mongodb";
import { readLoad, TOPICS } from "./hr-sync";
import { environmentLine, startInfra, storeName } from "./infra";
import { parseOptions } from "./options";
import { Cleanups, log, secondsSince } from "./pool";
import { formatNumber, renderMarkdown } from "./table";

const DEPARTMENTS = Array.from({ length: 20 }, (_, i) =>
  i % 4 === 0 ? `デジタルサービス局 第${i}課` : `総務局 第${i}課`,
);
const RANKS = ["RANK_STAFF", "RANK_CHIEF", "RANK_DEPUTY_SECTION_CHIEF", "RANK_SECTION_CHIEF"];
/** The skills of the skill map's `cloud-engineer-sre` role (FY2025 map), and two more. */
const SKILLS = [
  "cloud-infrastructure",
  "service-operations",
  "network",
  "software-engineering",
  "security-engineering",
  "project-management",
  "data-engineering",
];
const ROLE = "cloud-engineer-sre";

/**
 * One employee's facts, deterministic per n: hired (job type), a posting every two to five years, for
 * some a GovTech Tokyo secondment, skills assessed twice: the evidence a profile carries in real life.
 */
function careerOf(n: number): Fact[] {
  const employeeId = `P${String(n).padStart(6, "0")}`;
  const facts: Fact[] = [];
  const add = (type: string, effectiveDate: string, data: Record<string, unknown>) =>
    facts.push({
      id: `${employeeId}-${facts.length}`,
      type,
      employeeId,
      effectiveDate,
      recordedAt: `${effectiveDate}T00:00:${String(facts.length % 60).padStart(2, "0")}.000Z`,
      sequence: facts.length + 1,
      streamId: employeeId,
      data: { employeeId, effectiveDate, ...data },
    });
  const hired = 2005 + (n % 18);
  add("hr.skills.v1.JobTypeChanged", `${hired}-04-01`, {
    changeId: "j1",
    toJobType: n % 3 ? "ICT" : "ADMINISTRATIVE",
    basis: "JOB_TYPE_CHANGE_BASIS_HIRING",
  });
  let year = hired;
  for (let k = 0; year <= 2025; k++, year += 2 + ((n + k) % 4)) {
    add("hr.postings.v1.PostingRecorded", `${year}-04-01`, {
      postingId: `p${k}`,
      department: DEPARTMENTS[(n * 7 + k * 3 + (n >> 4)) % DEPARTMENTS.length],
      post: "主事",
      kind: "POSTING_KIND_REGULAR_TRANSFER",
      rank: RANKS[Math.min(k, RANKS.length - 1)],
    });
  }
  if (n % 7 === 0 && hired < 2018) {
    add("hr.secondment.v1.SecondmentStarted", `${hired + 3}-07-01`, {
      secondmentId: "s1",
      startsOn: `${hired + 3}-07-01`,
      plannedEndOn: `${hired + 5}-03-31`,
      hostKind: "HOST_KIND_GOVTECH_TOKYO",
      hostName: "GovTech Tokyo",
      hostTitle: "engineer",
      homeDepartment: DEPARTMENTS[n % DEPARTMENTS.length],
      homePost: "総務部付（派遣）",
    });
    add("hr.secondment.v1.SecondmentEnded", `${hired + 5}-03-31`, {
      secondmentId: "s1",
      endedOn: `${hired + 5}-03-31`,
    });
  }
  for (const [round, date] of ["2023-06-01", "2025-06-01"].entries())
    for (const [k, skillId] of SKILLS.entries())
      add("hr.skills.v1.SkillAssessed", date, {
        assessmentId: `a${round}-${k}`,
        skillId,
        level: Math.min(5, 1 + ((n + k) % 5) + round),
      });
  return facts;
}

/**
 * The employees' read models as the projector lays them out: each profile by `_id` in `g1_planning`, and
 * the roster shards (with their stamps) written by the projector's own `writeRosterShards`.
 */
async function seed(store: RecordStore, employees: number) {
  const t0 = Date.now();
  const shards = new Map<string, { partition: number; bucket: number; entries: PlanningProfile[] }>();
  for (let done = 0; done < employees; ) {
    const batch = Array.from({ length: Math.min(1_000, employees - done) }, (_, k) => {
      const facts = careerOf(done + k);
      const h = employeeHistory(facts[0]!.employeeId, facts);
      return planningProfile(h, rotationTimeline(h));
    });
    await store.planning.insertMany(batch.map((profile) => ({ _id: profile.employeeId, profile })));
    for (const profile of batch) {
      const partition = partitionOf(profile.employeeId, store.partitions);
      const bucket = rosterBucketOf(profile.employeeId);
      const key = rosterKey(partition, bucket);
      const shard = shards.get(key) ?? { partition, bucket, entries: [] };
      shard.entries.push(rosterEntryOf(profile));
      shards.set(key, shard);
    }
    done += batch.length;
    log(`planning: seeded ${done}/${employees} employees' profiles (${secondsSince(t0)})`);
  }
  for (const shard of shards.values()) shard.entries.sort((a, b) => (a.employeeId < b.employeeId ? -1 : 1));
  await writeRosterShards(store, [...shards.values()]);
  log(`planning: seeded the roster, ${shards.size} shards (${secondsSince(t0)})`);
}

const commit = () => {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
};

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

async function main(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      employees: { type: "string" },
      reads: { type: "string" },
      "read-rate": { type: "string" },
      partitions: { type: "string" },
    },
  });
  const employees = Number(values.employees ?? 10_000);
  if (!Number.isInteger(employees) || employees < 100) throw new Error("--employees must be 100 or more");
  const options = parseOptions([
    "--reads",
    values.reads ?? "200",
    "--read-rate",
    values["read-rate"] ?? "10",
    "--partitions",
    values.partitions ?? "6",
  ])!;
  process.env.LOG_LEVEL ??= "silent";
  const scope = new Cleanups();
  const t0 = Date.now();
  try {
    const infra = await startInfra();
    scope.defer(() => infra.stop());
    const env = environmentLine(await storeName(infra.mongoUri), infra);
    log(env);
    const loadAtStart = load();
    const ns = `benchplan${randomBytes(3).toString("hex")}`;
    const secret = randomBytes(32).toString("base64url");
    const mongo = await new MongoClient(infra.mongoUri).connect();
    scope.defer(async () => {
      await mongo
        .db(ns)
        .dropDatabase()
        .catch(() => undefined);
      await mongo.close();
    });
    // hr-sync creates its topics under the run's prefix: deleted at the end.
    const admin = new Kafka({ brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    scope.defer(async () => {
      await admin.deleteTopics({ topics: TOPICS.map((t) => `${ns}.${t}`) }).catch(() => undefined);
      await admin.disconnect();
    });
    const store = new RecordStore(mongo.db(ns), 1, options.partitions);
    await seed(store, employees);
    const token = await signToken(secret, { subject: "bench", roles: ["hr-core"] });
    const metadata = new Metadata();
    metadata.set("authorization", `Bearer ${token}`);

    /** A freshly started hr-sync (empty roster cache) and its gRPC client; `stop` ends both. */
    const startSync = async () => {
      const sync = await startEventSourcedService(hrSyncService, {
        host: "127.0.0.1",
        httpPort: 0,
        grpcPort: 0,
        kafkaBrokers: infra.kafkaBrokers,
        mongoUri: infra.mongoUri,
        rateLimit: { perSecond: 0, burst: 1 },
        dbName: ns,
        topicPrefix: `${ns}.`,
        topicPartitions: options.partitions,
        auth: {
          secret: new TextEncoder().encode(secret),
          issuer: "hr-integration",
          audience: "hr-integration",
        },
      });
      const client = new syncV1.HrSyncServiceClient(sync.grpcAddress, credentials.createInsecure());
      await new Promise<void>((resolve, reject) =>
        client.waitForReady(Date.now() + 30_000, (e) => (e ? reject(e) : resolve())),
      );
      return {
        client,
        stop: async () => {
          client.close();
          await sync.stop();
        },
      };
    };
    const unary =
      <Q, R>(
        method: (q: Q, md: Metadata, cb: (e: Error | null, r: R) => void) => unknown,
        check: (r: R) => boolean,
      ) =>
      (client: syncV1.HrSyncServiceClient, request: Q) =>
        new Promise<void>((resolve, reject) =>
          method.call(client, request, metadata, (error, reply) =>
            error ? reject(error) : check(reply) ? resolve() : reject(new Error("an empty answer")),
          ),
        );
    const due = unary(
      syncV1.HrSyncServiceClient.prototype.listDueForRotation,
      (r: syncV1.ListDueForRotationResponse) => r.employees.length > 0,
    );
    const find = unary(
      syncV1.HrSyncServiceClient.prototype.findCandidates,
      (r: syncV1.FindCandidatesResponse) => r.candidates.length > 0,
    );
    const questions: Array<[string, (c: syncV1.HrSyncServiceClient, i: number) => Promise<void>]> = [
      [
        "ListDueForRotation, one department (of 20), FY2026",
        (c, i) =>
          due(
            c,
            syncV1.ListDueForRotationRequest.fromPartial({
              fiscalYear: 2026,
              department: DEPARTMENTS[i % DEPARTMENTS.length],
            }),
          ),
      ],
      [
        "ListDueForRotation, every department, first page (100), FY2026",
        (c) => due(c, syncV1.ListDueForRotationRequest.fromPartial({ fiscalYear: 2026 })),
      ],
      [
        `FindCandidates, skill-map role ${ROLE}, FY2026`,
        (c) => find(c, syncV1.FindCandidatesRequest.fromPartial({ fiscalYear: 2026, skillMapRoleId: ROLE })),
      ],
      [
        "FindCandidates, capability DQ + 10 years of service + chief or above, FY2026",
        (c) =>
          find(
            c,
            syncV1.FindCandidatesRequest.fromPartial({
              fiscalYear: 2026,
              capability: syncV1.Capability.DQ,
              minYearsOfService: 10,
              minRank: postingsV1.Rank.CHIEF,
            }),
          ),
      ],
    ];
    const rows: string[][] = [];
    const timed = async (read: () => Promise<void>) => {
      const started = performance.now();
      await read();
      return performance.now() - started;
    };
    for (const [what, ask] of questions) {
      // A fresh instance: its first answer reads the whole roster, the next ones only the stamps.
      const sync = await startSync();
      try {
        const first = await timed(() => ask(sync.client, 0));
        const warm = await readLoad(options, what, (i) => ask(sync.client, i));
        rows.push([
          what,
          formatNumber(first),
          formatNumber(warm.rate),
          formatNumber(warm.latency.p50),
          formatNumber(warm.latency.p99),
        ]);
      } finally {
        await sync.stop();
      }
    }
    // The baselines, same store, same run: one profile by `_id`, and every roster shard by `_id` (what a
    // question read each time before the cache, and what a cold one still reads).
    const profileId = (i: number) => `P${String((i * 7919) % employees).padStart(6, "0")}`;
    const raw = async (i: number) => {
      if (!(await store.planning.findOne({ _id: profileId(i) }))) throw new Error("no profile");
    };
    const rawFirst = await timed(() => raw(1));
    const rawWarm = await readLoad(options, "raw findOne by _id", raw);
    rows.push([
      "baseline: raw findOne by `_id` (one profile)",
      formatNumber(rawFirst),
      formatNumber(rawWarm.rate),
      formatNumber(rawWarm.latency.p50),
      formatNumber(rawWarm.latency.p99),
    ]);
    const wholeRoster = () =>
      Promise.all(
        Array.from({ length: options.partitions * ROSTER_BUCKETS }, (_, i) =>
          store.roster.findOne({ _id: rosterKey(Math.floor(i / ROSTER_BUCKETS), i % ROSTER_BUCKETS) }),
        ),
      ).then(() => undefined);
    const rosterTimes: number[] = [];
    for (let i = 0; i < 5; i++) rosterTimes.push(await timed(wholeRoster));
    const sorted = [...rosterTimes].sort((a, b) => a - b);
    rows.push([
      `baseline: every roster shard by \`_id\` (${options.partitions * ROSTER_BUCKETS}), 5 times one after another`,
      formatNumber(rosterTimes[0]),
      "",
      formatNumber(sorted[2]),
      formatNumber(sorted[4]),
    ]);
    console.log("");
    console.log(
      `transfer planning with ${employees} employees stored, ${options.partitions} partitions; warm: ` +
        `${options.reads} calls per row at ${options.readRate}/s (open loop); first: the first call to a ` +
        `freshly started hr-sync (roster cache empty)`,
    );
    console.log(`${env}, commit ${commit()}`);
    console.log(`load average (1/5/15 min): at start ${loadAtStart}, at end ${load()}`);
    console.log(
      renderMarkdown(["read", "first call (ms)", "warm calls/s", "warm p50 (ms)", "warm p99 (ms)"], rows),
    );
  } finally {
    await scope.close();
    log(`total ${secondsSince(t0)}`);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[bench] failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
