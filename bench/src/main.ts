// pnpm bench [--events N] [--concurrency N]: the skills pipeline and the pipeline up to hr-sync's records
// against the bare parts, same run, same machine; prints a table (see bench/README.md for how to read it).
import { type BaselineResult, runBaseline } from "./baseline";
import { type HrSyncResult, runHrSync } from "./hr-sync";
import { type BenchInfra, environmentLine, startInfra, storeName } from "./infra";
import { type BenchOptions, parseOptions, USAGE } from "./options";
import { type PipelineResult, runPipeline } from "./pipeline";
import { Cleanups, log, runMain, secondsSince } from "./pool";
import { formatNumber, type Row, renderResults } from "./table";
import { runXapi, XAPI_BATCH, type XapiResult } from "./xapi";

/** Everything the run started; closed at the end, on failure, on Ctrl-C, or when the run times out. */
const started = new Cleanups();

function exitAfterCleanUp(code: number, why: string): void {
  if (started.closed) {
    console.error(`[bench] ${why} again: exiting at once`);
    process.exit(code);
  }
  console.error(`[bench] ${why}: stopping what was started...`);
  void started.close().finally(() => process.exit(code));
}

export function resultRows(p: PipelineResult, h: HrSyncResult, b: BaselineResult, x: XapiResult): Row[] {
  const ms = "ms";
  return [
    {
      measure: "throughput, first accept -> last projected",
      unit: "events/s",
      pipeline: p.throughput,
      baseline: b.live.throughput,
    },
    { measure: "end-to-end latency p50", unit: ms, pipeline: p.endToEnd.p50, baseline: b.live.endToEnd.p50 },
    { measure: "end-to-end latency p95", unit: ms, pipeline: p.endToEnd.p95, baseline: b.live.endToEnd.p95 },
    { measure: "end-to-end latency p99", unit: ms, pipeline: p.endToEnd.p99, baseline: b.live.endToEnd.p99 },
    { measure: "end-to-end latency max", unit: ms, pipeline: p.endToEnd.max, baseline: b.live.endToEnd.max },
    {
      measure: "command latency p50 vs one insertOne",
      unit: ms,
      pipeline: p.command.p50,
      baseline: b.insertOne.latency.p50,
    },
    {
      measure: "command latency p95 vs one insertOne",
      unit: ms,
      pipeline: p.command.p95,
      baseline: b.insertOne.latency.p95,
    },
    {
      measure: "replay vs raw consume, incl. group join",
      unit: "events/s",
      pipeline: p.replay.rate,
      baseline: b.consumeRate,
    },
    {
      measure: "replay vs raw consume, first -> last message",
      unit: "events/s",
      pipeline: p.replay.rateFromFirst,
      baseline: b.consumeRateFromFirst,
    },
    { measure: "raw produce, batches of 200", unit: "msgs/s", pipeline: undefined, baseline: b.produceRate },
    {
      measure: "raw insertMany, batches of 1000",
      unit: "docs/s",
      pipeline: undefined,
      baseline: b.insertManyRate,
    },
    {
      measure: "raw insertOne, one at a time",
      unit: "docs/s",
      pipeline: undefined,
      baseline: b.insertOne.rate,
    },
    {
      measure: "hr-sync: throughput, first accept -> last record on WatchChanges",
      unit: "events/s",
      pipeline: h.throughput,
      baseline: b.live.throughput,
    },
    {
      measure: "hr-sync: end-to-end latency p50",
      unit: ms,
      pipeline: h.endToEnd.p50,
      baseline: b.live.endToEnd.p50,
    },
    {
      measure: "hr-sync: end-to-end latency p99",
      unit: ms,
      pipeline: h.endToEnd.p99,
      baseline: b.live.endToEnd.p99,
    },
    ...readRows(h),
    {
      measure: `xAPI statements in batches of ${XAPI_BATCH}, first request -> last batch stored, vs raw insertMany of them`,
      unit: "statements/s",
      pipeline: x.rate,
      baseline: x.rawRate,
    },
  ];
}

function readRows({ reads, rawReads }: HrSyncResult): Row[] {
  const row = (measure: string, unit: string, pick: (r: HrSyncResult["reads"]) => number): Row => ({
    measure: `GetEvaluationRecord (gRPC) vs raw findOne by _id: ${measure}`,
    unit,
    pipeline: pick(reads),
    baseline: pick(rawReads),
  });
  return [
    row("calls completed", "calls/s", (r) => r.rate),
    row("latency p50", "ms", (r) => r.latency.p50),
    row("latency p99", "ms", (r) => r.latency.p99),
  ];
}

const NOTES = `ratio = pipeline / baseline: below 1x for a rate is the share of the bare parts' rate the pipeline reaches; above 1x for a latency is how many times slower.
baselines (same broker, same store, same run):
- throughput and end-to-end latency: raw KafkaJS send of one message (similar size and CloudEvents headers, acks=all) with --concurrency sends in flight, a consumer already in its group inserting one document per message; latency = send started -> document stored. The pipeline's latency starts later (command accepted, i.e. its commit already stored) and its path adds the outbox relay's poll, per-partition sequential handling and the consumer runtime.
- command latency: one insertOne, one at a time (a command's floor: its single commit write; the command also reads its stream).
- replay: a fresh KafkaJS group reading the same number of similar messages from the beginning and doing nothing with them (replay also decodes and writes one document per event).
- raw produce / insertMany / insertOne rows: the bare parts' own ceilings, for scale.
- hr-sync rows: the same raw live run as the baseline of a path that is longer still: command -> skills store, outbox, Kafka -> hr-sync's consumer (fact, employee index, every record of that employee recomputed, records and change log written) -> WatchChanges over gRPC, where the change is seen.
- xAPI: --events statements POSTed to training's /xapi/statements in batches of 100 (each a completion of its own employee and attempt), --concurrency batches in flight; a batch's 200 comes after every completion of it is stored (readable; the relay publishes after). Baseline: the same statements as documents, insertMany in batches of 100, as many in flight, into the same store.
- GetEvaluationRecord: --reads calls over gRPC started at --read-rate per second (open loop; bearer token checked, one findOne by _id, the record encoded), against the same number of raw findOne calls by _id on the same records collection at the same rate.`;

function report(
  options: BenchOptions,
  env: string,
  p: PipelineResult,
  h: HrSyncResult,
  b: BaselineResult,
  x: XapiResult,
): void {
  console.log("");
  console.log(env);
  console.log(
    `run: ${p.commands} RecordAssessment commands over REST, ` +
      (options.rate > 0 ? `open loop at ${options.rate}/s` : `concurrency ${options.concurrency}`) +
      `, ${options.partitions} partitions, ${options.seed} events of history stored before; ` +
      `replay of ${p.replay.events} events: ${p.replay.check}`,
  );
  console.log(
    `command latency p50, first tenth of the commands: ${formatNumber(p.commandGrowth.first)} ms, ` +
      `last tenth: ${formatNumber(p.commandGrowth.last)} ms (growth with the size of the store)`,
  );
  console.log(
    `CPU of the bench's Node process (REST client, service, relay, projection) per command: ${formatNumber(p.cpuPerCommand)} ms`,
  );
  console.log("");
  console.log(
    `hr-sync: ${h.commands} RecordAssessment commands through skills into hr-sync's evaluation records; ` +
      `${h.storedRecords} records stored (${options.seed} seeded) while ${options.reads} reads ran at ${options.readRate}/s`,
  );
  console.log(
    `CPU of the bench's Node process (REST client, skills service and relay, hr-sync's projection and WatchChanges) per command: ${formatNumber(h.cpuPerCommand)} ms`,
  );
  const [few, many] = h.perEventByHistory;
  if (few && many) {
    console.log(
      `hr-sync per event, one event at a time, employee with ${many.facts} facts against one with ${few.facts}: ` +
        `${formatNumber(many.msPerEvent)} against ${formatNumber(few.msPerEvent)} ms ` +
        `(${formatNumber(many.msPerEvent / few.msPerEvent)}x; CPU ${formatNumber(many.cpuPerEvent)} against ${formatNumber(few.cpuPerEvent)} ms)`,
    );
  }
  console.log("");
  console.log(
    `xAPI: ${x.statements} statements in batches of ${XAPI_BATCH}; one batch POST p50 ${formatNumber(x.batch.p50)} ms, ` +
      `max ${formatNumber(x.batch.max)} ms; store round trips of one batch of ${XAPI_BATCH} sent alone: ` +
      `${x.roundTrips.reduce((sum, r) => sum + r.count, 0)} (${x.roundTrips.map((r) => `${r.stage} ${r.count}`).join(", ")})`,
  );
  console.log("");
  console.log(renderResults(resultRows(p, h, b, x)));
  console.log("");
  console.log(NOTES);
  console.log("");
  console.log(
    `store path of one command, run one at a time on the same database (p50 ${formatNumber(p.profile.command.p50)} ms, ` +
      `p95 ${formatNumber(p.profile.command.p95)} ms); the rest of a command's latency is HTTP, auth, validation, deciding and waiting for the store under load:`,
  );
  console.log("| round trip | per command (ms) | p50 (ms) | p95 (ms) |");
  console.log("|---|---:|---:|---:|");
  for (const r of p.profile.rows) {
    console.log(
      `| ${r.stage} | ${formatNumber(r.perCommand)} | ${formatNumber(r.p50)} | ${formatNumber(r.p95)} |`,
    );
  }
}

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  if (!options) {
    console.log(USAGE);
    return;
  }
  process.env.LOG_LEVEL ??= "silent";
  process.on("SIGINT", () => exitAfterCleanUp(130, "interrupted"));
  process.on("SIGTERM", () => exitAfterCleanUp(143, "terminated"));
  const watchdog = setTimeout(
    () => exitAfterCleanUp(1, `run exceeded --timeout ${options.timeoutMs / 1000}s`),
    options.timeoutMs,
  );
  const t0 = Date.now();
  try {
    const infra: BenchInfra = await startInfra();
    started.defer(() => infra.stop());
    const env = environmentLine(await storeName(infra.mongoUri), infra);
    log(env);
    // Each stage stops what it started before the next begins, so the baseline runs alone.
    const pipeline = await started.child().around((scope) => runPipeline(infra, options, scope));
    const hrSync = await started.child().around((scope) => runHrSync(infra, options, scope));
    const xapi = await started.child().around((scope) => runXapi(infra, options, scope));
    const baseline = await started.child().around((scope) => runBaseline(infra, options, scope));
    report(options, env, pipeline, hrSync, baseline, xapi);
  } finally {
    clearTimeout(watchdog);
    await started.close();
    log(`total ${secondsSince(t0)}`);
  }
}

runMain(main);
