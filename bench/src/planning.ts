// pnpm bench:planning [--employees N] [--reads N] [--read-rate R] [--partitions N]: transfer planning (issue 21
// item 4) with N employees stored (default 10,000). ListDueForRotation and FindCandidates over gRPC: the
// roster's background load at a start and after a generation switch, the first call after each, a new
// page's first ask, and warm calls at a steady rate (open loop), against raw `_id` reads of the same store.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { credentials, Metadata } from "@grpc/grpc-js";
import { writeRosterShards } from "@hr/hr-sync/src/application/planning.roster";
import {
  Generations,
  RecordStore,
  ROSTER_BUCKETS,
  rosterBucketOf,
  rosterKey,
  rosterStampsKey,
} from "@hr/hr-sync/src/application/record-store";
import {
  employeeHistory,
  type Fact,
  type PlanningProfile,
  planningProfile,
  rotationTimeline,
} from "@hr/hr-sync/src/domain";
import { hrSyncService } from "@hr/hr-sync/src/hr-sync.service";
import { type EventSourcedServiceSpec, type Logger, partitionOf, signToken } from "@hr/kit";
import { postingsV1, syncV1 } from "@hr/proto";
import { Kafka, logLevel } from "kafkajs";
import { MongoClient } from "mongodb";
import { startService } from "./commands";
import { type ReadResult, readLoad, TOPICS } from "./hr-sync";
import { environmentLine, startInfra, storeName } from "./infra";
import { parseOptions } from "./options";
import { Cleanups, dropDatabases, log, runMain, secondsSince, timed, waitUntil } from "./pool";
import { summarize } from "./stats";
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

/** The employees' roster shards as the projector lays them out: full profiles, by shard. */
function rosterOf(partitions: number, employees: number) {
  const shards = new Map<string, { partition: number; bucket: number; profiles: PlanningProfile[] }>();
  for (let n = 0; n < employees; n++) {
    const facts = careerOf(n);
    const h = employeeHistory(facts[0]!.employeeId, facts);
    const profile = planningProfile(h, rotationTimeline(h));
    const partition = partitionOf(profile.employeeId, partitions);
    const bucket = rosterBucketOf(profile.employeeId);
    const key = rosterKey(partition, bucket);
    const shard = shards.get(key) ?? { partition, bucket, profiles: [] };
    shard.profiles.push(profile);
    shards.set(key, shard);
  }
  for (const shard of shards.values()) shard.profiles.sort((a, b) => (a.employeeId < b.employeeId ? -1 : 1));
  return [...shards.values()];
}

/** Writes the roster into a generation with the projector's own `writeRosterShards` (stamps and all). */
async function seed(store: RecordStore, shards: ReturnType<typeof rosterOf>) {
  const t0 = Date.now();
  await writeRosterShards(store, shards);
  log(
    `planning: generation ${store.generation}'s roster written, ${shards.length} shards (${secondsSince(t0)})`,
  );
}

const LOADED = "transfer-planning roster loaded";

/** The service's logger, also noting each roster load it logs (generation, milliseconds). */
function notingLoads(logger: Logger, loads: Array<{ generation: number; ms: number }>): Logger {
  return {
    info: (fields, message) => {
      if (message === LOADED) loads.push(fields as { generation: number; ms: number });
      logger.info(fields, message);
    },
    warn: (fields, message) => logger.warn(fields, message),
    error: (fields, message) => logger.error(fields, message),
  };
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
    scope.defer(() => dropDatabases(mongo, ns));
    // hr-sync creates its topics under the run's prefix: deleted at the end.
    const admin = new Kafka({ brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    scope.defer(async () => {
      await admin.deleteTopics({ topics: TOPICS.map((t) => `${ns}.${t}`) }).catch(() => undefined);
      await admin.disconnect();
    });
    const db = mongo.db(ns);
    const store = new RecordStore(db, 1, options.partitions);
    const roster = rosterOf(options.partitions, employees);
    await seed(store, roster);
    const token = await signToken(secret, { subject: "bench", roles: ["hr-core"] });
    const metadata = new Metadata();
    metadata.set("authorization", `Bearer ${token}`);

    /** A freshly started hr-sync (nothing in memory), its gRPC client, and when it loaded a generation. */
    const startSync = async () => {
      const loads: Array<{ generation: number; ms: number }> = [];
      const spec: EventSourcedServiceSpec = {
        ...hrSyncService,
        setup: (context) => hrSyncService.setup({ ...context, logger: notingLoads(context.logger, loads) }),
      };
      const sync = await startService(spec, infra, options, { dbName: ns, topicPrefix: `${ns}.` }, secret);
      const client = new syncV1.HrSyncServiceClient(sync.grpcAddress, credentials.createInsecure());
      await new Promise<void>((resolve, reject) =>
        client.waitForReady(Date.now() + 30_000, (e) => (e ? reject(e) : resolve())),
      );
      const loaded = async (generation: number) => {
        await waitUntil(
          `generation ${generation}'s roster loaded`,
          () => loads.some((l) => l.generation === generation),
          {
            timeoutMs: 180_000,
          },
        );
        return loads.find((l) => l.generation === generation)!.ms;
      };
      return {
        client,
        loaded,
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
    const oneDepartment = (c: syncV1.HrSyncServiceClient, i: number) =>
      due(
        c,
        syncV1.ListDueForRotationRequest.fromPartial({
          fiscalYear: 2026,
          department: DEPARTMENTS[i % DEPARTMENTS.length],
        }),
      );
    const questions: Array<[string, (c: syncV1.HrSyncServiceClient, i: number) => Promise<void>]> = [
      ["ListDueForRotation, one department (of 20, in turn), FY2026", oneDepartment],
      [
        "ListDueForRotation, every department, first page (100), FY2026",
        (c) => due(c, syncV1.ListDueForRotationRequest.fromPartial({ fiscalYear: 2026 })),
      ],
      [
        `FindCandidates, skill-map role \`${ROLE}\`, FY2026`,
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
    const row = (what: string, first: number | undefined, warm?: ReadResult) =>
      rows.push([
        what,
        first === undefined ? "" : formatNumber(first),
        warm ? formatNumber(warm.rate) : "",
        warm ? formatNumber(warm.latency.p50) : "",
        warm ? formatNumber(warm.latency.p99) : "",
      ]);
    const loadRows: string[][] = [];

    // Asked at once: the question waits for the start's load in flight.
    const cold = await startSync();
    try {
      const first = await timed(() => oneDepartment(cold.client, 0));
      loadRows.push([
        "at start (in the background; hr-sync listening meanwhile)",
        formatNumber(await cold.loaded(1)),
      ]);
      row(
        "ListDueForRotation, one department: asked the moment hr-sync is ready (waits for the load in flight)",
        first,
      );
    } finally {
      await cold.stop();
    }
    for (const [what, ask] of questions) {
      // A fresh instance, asked once its roster is loaded: the first call reads only the stamps.
      const sync = await startSync();
      try {
        await sync.loaded(1);
        const first = await timed(() => ask(sync.client, 0));
        if (ask === oneDepartment) {
          // Each department's first page asked once (its first ask), one after another.
          const pages: number[] = [];
          for (let i = 1; i < DEPARTMENTS.length; i++) pages.push(await timed(() => ask(sync.client, i)));
          const { p50, p99 } = summarize([first, ...pages]);
          rows.push([
            `${what}: each department's first ask (20)`,
            "",
            "",
            formatNumber(p50),
            formatNumber(p99),
          ]);
        }
        row(
          `${what}: after the start's load; warm`,
          first,
          await readLoad(options, what, (i) => ask(sync.client, i)),
        );
      } finally {
        await sync.stop();
      }
    }
    // A rebuild's switch: generation 2 holds the same roster; a loaded instance loads it within a second.
    const switched = await startSync();
    try {
      await switched.loaded(1);
      await seed(new RecordStore(db, 2, options.partitions), roster);
      await new Generations(db, options.partitions).switchTo(2);
      loadRows.push([
        "after a generation switch (in the background)",
        formatNumber(await switched.loaded(2)),
      ]);
      const first = await timed(() => oneDepartment(switched.client, 0));
      const warm = await readLoad(options, "after a switch", (i) => oneDepartment(switched.client, i));
      row(`${questions[0]![0]}: first call after a switch's load; warm`, first, warm);
    } finally {
      await switched.stop();
    }
    // The baselines, same store, same run: one stamps document by `_id` (a question reads 6), and every
    // roster shard by `_id` (what every question read before the cache, and what a load reads).
    const live = new RecordStore(db, 2, options.partitions);
    const raw = async (i: number) => {
      if (!(await live.rosterStamps.findOne({ _id: rosterStampsKey(i % options.partitions) })))
        throw new Error("no stamps");
    };
    const rawFirst = await timed(() => raw(1));
    row(
      "baseline: raw `findOne` by `_id` (a partition's stamps document)",
      rawFirst,
      await readLoad(options, "raw findOne by _id", raw),
    );
    const wholeRoster = () =>
      Promise.all(
        Array.from({ length: options.partitions * ROSTER_BUCKETS }, (_, i) =>
          live.roster.findOne({ _id: rosterKey(Math.floor(i / ROSTER_BUCKETS), i % ROSTER_BUCKETS) }),
        ),
      );
    const rosterTimes: number[] = [];
    for (let i = 0; i < 5; i++) rosterTimes.push(await timed(wholeRoster));
    const { p50, max } = summarize(rosterTimes);
    rows.push([
      `baseline: every roster shard by \`_id\` (${options.partitions * ROSTER_BUCKETS}), 5 times one after another`,
      formatNumber(rosterTimes[0]!),
      "",
      formatNumber(p50),
      formatNumber(max),
    ]);
    console.log("");
    console.log(
      `transfer planning with ${employees} employees stored, ${options.partitions} partitions; warm: ` +
        `${options.reads} calls per row at ${options.readRate}/s (open loop); first: the first call to a ` +
        "freshly started hr-sync (or after a switch), once it logged its roster loaded unless said otherwise",
    );
    console.log(`${env}, commit ${commit()}`);
    console.log(`load average (1/5/15 min): at start ${loadAtStart}, at end ${load()}`);
    console.log(renderMarkdown(["roster load", "ms"], loadRows));
    console.log("");
    console.log(
      renderMarkdown(["read", "first call (ms)", "warm calls/s", "warm p50 (ms)", "warm p99 (ms)"], rows),
    );
  } finally {
    await scope.close();
    log(`total ${secondsSince(t0)}`);
  }
}

runMain(main);
