// `./run faults`: the system under faults and load on a private stack of its own (loopback, free ports):
// a steady mixed command load on every service over REST and gRPC, while each service is SIGKILLed and
// restarted, hr-sync instances join and leave the consumer group, then one broker of a three-node Kafka
// cluster, the whole cluster and the store are killed and restarted. Afterwards every accepted command is counted in the store, on Kafka and in
// hr-sync's records. The last line is the report; the exit code is
// non-zero when anything was lost, duplicated, answered as a server error or hung past its bound.
// `--quick`: fewer commands and faults; `--ci`: the quick subset with a fixed seed (CI's cases are the
// same for the same code); `--cluster`: the three-node cluster's broker kill alone (load and verification,
// no hostile input); `--seed N` replays a run's hostile cases.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { credentials, Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { signToken } from "@hr/kit";
import { type KafkaNode, type Stack, startStack, startStore, stopProcess } from "@hr/local-stack";
import { secondmentV1, skillsV1, syncV1, trainingV1 } from "@hr/proto";
import { Kafka, logLevel } from "kafkajs";
import { MongoClient } from "mongodb";
import { loadDemoData } from "./demo";
import { DEMO } from "./demo-careers";
import { authorizationMatrix } from "./faults-authorization";
import { hostileInputs } from "./faults-hostile";
import { poisonMessages } from "./faults-poison";
import { hrSyncCounts, rebuildDifferences } from "./faults-records";
import { type RunningService, type RunningSystem, type ServiceName, startServices } from "./up";

const CI = process.argv.includes("--ci");
const CLUSTER = process.argv.includes("--cluster");
const QUICK = CI || CLUSTER || process.argv.includes("--quick");
/** The seed of the hostile cases: fixed in CI, else new each run (printed, so a run can be replayed). */
const SEED = ((at) => (at > 0 ? Number(process.argv[at + 1]) : CI ? 20 : Date.now() % 2 ** 31))(
  process.argv.indexOf("--seed"),
);
if (!Number.isSafeInteger(SEED)) throw new Error("--seed takes a whole number, e.g. --seed 20");
/**
 * A dependency fault: one broker of the cluster SIGKILLed (the others keep a quorum majority and two
 * in-sync replicas), all of Kafka, or the store.
 */
type Dependency = "broker" | "kafka" | "store";
/**
 * What a run does: the quick subset kills one service and the broker; `--cluster` one node of three;
 * the full run every part, on a three-node cluster.
 */
const PLAN = QUICK
  ? {
      minAccepted: 200,
      hostileCasesPerService: 150,
      // --cluster leaves hostile input, poison messages and authorization to the other runs.
      probes: !CLUSTER,
      kill: (CLUSTER ? [] : ["hr-sync"]) as ServiceName[],
      groupChanges: false,
      kafkaNodes: CLUSTER ? 3 : 1,
      dependencies: (CLUSTER ? ["broker"] : ["kafka"]) as Dependency[],
      settleMs: 3_000,
      deadlineMs: 10 * 60_000,
    }
  : {
      minAccepted: 1_000,
      hostileCasesPerService: 1_300,
      probes: true,
      kill: ["skills", "training", "secondment", "hr-sync"] as ServiceName[],
      groupChanges: true,
      kafkaNodes: 3,
      dependencies: ["broker", "kafka", "store"] as Dependency[],
      settleMs: 8_000,
      deadlineMs: 20 * 60_000,
    };
/** A command answered later than this hung: a client must learn within it whether to retry. */
const ANSWER_BOUND_MS = 15_000;
/** How long a client waits after a retryable refusal or a cut connection. */
const RETRY_AFTER_MS = 1_000;
/** Concurrent clients of the load. */
const CLIENTS = 4;
const started = Date.now();

function log(line: string): void {
  console.log(`[faults ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One command of the load, sendable over REST or gRPC (the same request, the same request id). */
interface Command {
  service: ServiceName;
  requestId: string;
  employeeId: string;
  restPath: string;
  body: Record<string, unknown>;
  grpcMethod: string;
  /** The gRPC request message, from the body. */
  grpcRequest(): unknown;
}

/**
 * The n-th command: the services in turn, each on employees of its own (so hr-sync's records can be
 * counted per employee): an assessment, a training completion (FY2024), a secondment, a posting.
 */
function command(n: number, run: string): Command {
  const requestId = `flt-${run}-${n}`;
  const employee = (prefix: string) => `${prefix}${Math.floor(n / 4) % 40}`;
  switch (n % 4) {
    case 0: {
      const employeeId = employee("S");
      const body = {
        requestId,
        skillId: ["network", "security-engineering", "cloud-infrastructure"][n % 3],
        level: 1 + (n % 4),
        assessor: "ASSESSOR_KIND_SELF",
        assessedOn: "2024-10-01",
      };
      return {
        service: "skills",
        requestId,
        employeeId,
        restPath: `/v1/employees/${employeeId}/assessments`,
        body,
        grpcMethod: "recordAssessment",
        grpcRequest: () => skillsV1.RecordAssessmentRequest.fromPartial({ ...body, employeeId } as never),
      };
    }
    case 1: {
      const employeeId = employee("T");
      const body = { requestId, courseId: "dx-basics", completedOn: "2024-06-14", hours: 2 };
      return {
        service: "training",
        requestId,
        employeeId,
        restPath: `/v1/employees/${employeeId}/completions`,
        body,
        grpcMethod: "recordCompletion",
        grpcRequest: () => trainingV1.RecordCompletionRequest.fromPartial({ ...body, employeeId }),
      };
    }
    case 2: {
      // A secondment each, to a host that exists from the first start.
      const employeeId = `D${n}`;
      const body = {
        requestId,
        hostId: "govtech-tokyo",
        hostDepartment: "Digital Service Division",
        hostTitle: "engineer",
        startsOn: "2024-04-01",
        plannedEndOn: "2025-03-31",
        homeDepartment: "Digital Services Bureau",
        homePost: "Cloud Section",
      };
      return {
        service: "secondment",
        requestId,
        employeeId,
        restPath: `/v1/employees/${employeeId}/secondment-starts`,
        body,
        grpcMethod: "startSecondment",
        grpcRequest: () => secondmentV1.StartSecondmentRequest.fromPartial({ ...body, employeeId }),
      };
    }
    default: {
      const employeeId = employee("P");
      // One posting a day per employee: no two postings of an employee share a date.
      const day = new Date(Date.UTC(2010, 3, 1) + Math.floor(n / 160) * 86_400_000);
      const body = {
        requestId,
        effectiveDate: day.toISOString().slice(0, 10),
        department: "Digital Services Bureau",
        post: "Cloud Section",
        kind: "POSTING_KIND_REGULAR_TRANSFER",
        rank: "RANK_STAFF",
      };
      return {
        service: "hr-sync",
        requestId,
        employeeId,
        restPath: `/v1/employees/${employeeId}/postings`,
        body,
        grpcMethod: "recordPosting",
        grpcRequest: () => syncV1.RecordPostingRequest.fromPartial({ ...body, employeeId } as never),
      };
    }
  }
}

/** A command to send again, not before its time. */
interface Retry {
  cmd: Command;
  notBefore: number;
}

type Outcome = "accepted" | "retry" | "hung" | "server-error" | "refused";

/** A unary method of a generated client, called with a request, metadata, options and a callback. */
type Unary = (
  request: unknown,
  md: Metadata,
  options: { deadline: number },
  callback: (error: ServiceError | null) => void,
) => unknown;
type GrpcClient = Record<string, Unary> & { close(): void };

/** The load: clients sending commands in turn over REST and gRPC; a retryable refusal is sent again later. */
class Load {
  readonly accepted = new Map<string, Command>();
  readonly retries: Retry[] = [];
  readonly counts = { sent: 0, retried: 0, hung: 0, serverErrors: 0, refused: 0 };
  private next = 0;
  private running = true;
  private readonly clients = new Map<ServiceName, GrpcClient>();

  constructor(
    private readonly system: RunningSystem,
    private readonly token: string,
    private readonly run: string,
  ) {
    const ctor = {
      skills: skillsV1.SkillsServiceClient,
      training: trainingV1.TrainingServiceClient,
      secondment: secondmentV1.SecondmentServiceClient,
      "hr-sync": syncV1.HrSyncServiceClient,
    };
    for (const s of system.services) {
      this.clients.set(
        s.name,
        new ctor[s.name](s.grpcAddress, credentials.createInsecure()) as unknown as GrpcClient,
      );
    }
  }

  start(): Promise<unknown> {
    return Promise.all(Array.from({ length: CLIENTS }, () => this.client()));
  }

  stop(): void {
    this.running = false;
  }

  get stopped(): boolean {
    return !this.running;
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
  }

  private async client(): Promise<void> {
    while (this.running) {
      // A command refused for now is sent again once its wait is over; meanwhile the load goes on with
      // new commands, so one service down does not stop the load on the others.
      const due = this.retries.findIndex((r) => r.notBefore <= Date.now());
      const cmd = due >= 0 ? (this.retries.splice(due, 1)[0] as Retry).cmd : command(this.next++, this.run);
      if ((await this.send(cmd)) !== "accepted") await sleep(50);
    }
  }

  /** Sends a command once; what a client would do next follows from the outcome. */
  async send(cmd: Command): Promise<Outcome> {
    this.counts.sent++;
    const viaGrpc = Number(cmd.requestId.split("-").pop()) % 8 >= 4;
    const outcome = viaGrpc ? await this.sendGrpc(cmd) : await this.sendRest(cmd);
    if (outcome === "accepted") this.accepted.set(cmd.requestId, cmd);
    else if (outcome === "refused") this.counts.refused++;
    else {
      // The command may have been recorded: sent again with the same request id, it is taken once.
      if (outcome === "hung") this.counts.hung++;
      if (outcome === "server-error") this.counts.serverErrors++;
      this.counts.retried++;
      this.retries.push({ cmd, notBefore: Date.now() + RETRY_AFTER_MS });
    }
    return outcome;
  }

  private async sendRest(cmd: Command): Promise<Outcome> {
    const url = `${this.system.services.find((s) => s.name === cmd.service)?.httpUrl}${cmd.restPath}`;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
        body: JSON.stringify(cmd.body),
        signal: AbortSignal.timeout(ANSWER_BOUND_MS),
      });
      const text = await response.text();
      if (response.ok) return "accepted";
      // Refused for now, with the time to retry after: taken by no one, so sent again.
      if (response.headers.has("retry-after") && [409, 429, 503].includes(response.status)) return "retry";
      return this.unexpected(cmd, `REST ${response.status} ${text.slice(0, 300)}`, response.status >= 500);
    } catch (error) {
      if ((error as Error).name === "TimeoutError") {
        log(`HUNG: ${cmd.service} REST ${cmd.restPath} gave no answer within ${ANSWER_BOUND_MS} ms`);
        return "hung";
      }
      return "retry"; // connection refused or reset: the service is down or was killed mid-request
    }
  }

  private sendGrpc(cmd: Command): Promise<Outcome> {
    const client = this.clients.get(cmd.service) as GrpcClient;
    const md = new Metadata();
    md.set("authorization", `Bearer ${this.token}`);
    return new Promise((resolve) => {
      const method = client[cmd.grpcMethod] as Unary;
      method.call(
        client,
        cmd.grpcRequest(),
        md,
        { deadline: Date.now() + ANSWER_BOUND_MS },
        (error: ServiceError | null) => {
          if (!error) return resolve("accepted");
          if ([status.UNAVAILABLE, status.ABORTED, status.RESOURCE_EXHAUSTED].includes(error.code))
            return resolve("retry");
          if (error.code === status.DEADLINE_EXCEEDED) {
            log(`HUNG: ${cmd.service} gRPC ${cmd.grpcMethod} gave no answer within ${ANSWER_BOUND_MS} ms`);
            return resolve("hung");
          }
          const serverSide = error.code === status.INTERNAL || error.code === status.UNKNOWN;
          resolve(this.unexpected(cmd, `gRPC ${status[error.code]} ${error.details}`, serverSide));
        },
      );
    });
  }

  private unexpected(cmd: Command, what: string, serverError: boolean): Outcome {
    log(`${serverError ? "SERVER ERROR" : "REFUSED"}: ${cmd.service} ${cmd.requestId}: ${what}`);
    return serverError ? "server-error" : "refused";
  }
}

/** Kills a process with SIGKILL and waits until it is gone. */
async function kill(child: import("node:child_process").ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await gone;
}

/** The faults, one after the other while the load runs; returns how many were injected. */
async function injectFaults(
  system: RunningSystem,
  stack: Stack,
  namespace: string,
  restarted: Array<{ stop(): Promise<void> }>,
): Promise<number> {
  let injected = 0;
  await sleep(PLAN.settleMs);
  for (const name of PLAN.kill) {
    const service = system.services.find((s) => s.name === name);
    if (!service) continue;
    log(`fault: SIGKILL ${name} (pid ${service.process.child.pid}) under load`);
    await kill(service.process.child);
    injected++;
    await sleep(1_000);
    await system.restart(name);
    log(`fault: ${name} restarted and ready`);
    await sleep(PLAN.settleMs);
  }
  if (PLAN.groupChanges) injected += await changeConsumerGroup(system, restarted);
  for (const dependency of PLAN.dependencies) {
    if (dependency === "store") {
      log(
        `fault: SIGKILL the store (pid ${stack.store.process.child.pid}) under load, down for ${PLAN.settleMs} ms`,
      );
      await kill(stack.store.process.child);
      await sleep(PLAN.settleMs);
      restarted.push(
        await startStore({ port: stack.store.port, dataDir: join(stack.dataDir, "store"), log }),
      );
    } else {
      const nodes = dependency === "kafka" ? stack.kafka.nodes : [await busiestNode(stack, `${namespace}.`)];
      const what =
        dependency === "kafka" ? "Kafka" : `Kafka node ${nodes[0]?.nodeId} of ${stack.kafka.nodes.length}`;
      log(
        `fault: SIGKILL ${what} (pid ${nodes.map((n) => n.process.child.pid).join(", ")}) under load, down for ${PLAN.settleMs} ms`,
      );
      await Promise.all(nodes.map((n) => kill(n.process.child)));
      await sleep(PLAN.settleMs);
      // Started on their ports and data; stopped with the stack.
      await Promise.all(nodes.map((n) => n.start()));
    }
    injected++;
    log(`fault: ${dependency} restarted`);
    await sleep(PLAN.settleMs);
  }
  return injected;
}

/** The node leading the most partitions of the run's topics: its death moves the most leaders. */
async function busiestNode(stack: Stack, topicPrefix: string): Promise<KafkaNode> {
  const admin = new Kafka({
    clientId: "faults-broker",
    brokers: stack.kafkaBrokers.split(","),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(topicPrefix));
    const led = new Map<number, number>();
    for (const t of (await admin.fetchTopicMetadata({ topics })).topics) {
      for (const p of t.partitions) led.set(p.leader, (led.get(p.leader) ?? 0) + 1);
    }
    const [node] = [...stack.kafka.nodes].sort((a, b) => (led.get(b.nodeId) ?? 0) - (led.get(a.nodeId) ?? 0));
    log(`kafka: partitions led per node ${JSON.stringify(Object.fromEntries(led))}`);
    return node as KafkaNode;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Consumer group changes under load: two more hr-sync instances join the group (a rebalance each), then
 * leave it, one stopped (SIGTERM: it leaves the group itself) and one SIGKILLed (the group finds out at its
 * session timeout); their partitions move back to the first instance. Returns the changes made.
 */
async function changeConsumerGroup(
  system: RunningSystem,
  started: Array<{ stop(): Promise<void> }>,
): Promise<number> {
  const added: RunningService[] = [];
  for (const n of [2, 3]) {
    log(`fault: hr-sync instance ${n} joins the consumer group under load`);
    const instance = await system.addInstance("hr-sync");
    started.push({ stop: () => stopProcess(instance.process.child, 10_000) });
    added.push(instance);
    await sleep(PLAN.settleMs);
  }
  const [second, third] = added as [RunningService, RunningService];
  log(`fault: hr-sync instance 3 stopped (SIGTERM, pid ${third.process.child.pid}): it leaves the group`);
  await stopProcess(third.process.child, 10_000);
  await sleep(PLAN.settleMs);
  log(`fault: hr-sync instance 2 SIGKILLed (pid ${second.process.child.pid}): the group finds out later`);
  await kill(second.process.child);
  await sleep(PLAN.settleMs);
  return 4;
}

/** The events of every commit of one service's store, by request id. */
async function storedCommits(mongoUri: string, db: string): Promise<Map<string, string[][]>> {
  const client = new MongoClient(mongoUri);
  try {
    const byRequest = new Map<string, string[][]>();
    const commits = client.db(db).collection<{ requestId: string; events: { eventId: string }[] }>("events");
    for await (const commit of commits.find({})) {
      const list = byRequest.get(commit.requestId) ?? [];
      list.push((commit.events ?? []).map((e) => e.eventId));
      byRequest.set(commit.requestId, list);
    }
    return byRequest;
  } finally {
    await client.close();
  }
}

/** The number of commits in each service's store. */
async function commitCounts(mongoUri: string, namespace: string, services: ServiceName[]): Promise<number[]> {
  const client = new MongoClient(mongoUri);
  try {
    return await Promise.all(
      services.map((s) => client.db(dbName(namespace, s)).collection("events").countDocuments({})),
    );
  } finally {
    await client.close();
  }
}

const dbName = (namespace: string, service: ServiceName) => `${namespace}_${service.replace(/-/g, "_")}`;

/** How often each CloudEvent id is on the topics, read from offset 0 to the end. */
async function eventsOnTopics(brokers: string, topics: string[]): Promise<Map<string, number>> {
  const kafka = new Kafka({
    clientId: "faults-check",
    brokers: brokers.split(","),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, number>();
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${p.partition}`, Number(p.high));
  }
  await admin.disconnect();
  const remaining = new Set([...ends].filter(([, high]) => high > 0).map(([key]) => key));
  const seen = new Map<string, number>();
  const consumer = kafka.consumer({ groupId: `faults-check-${randomBytes(4).toString("hex")}` });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const done = new Promise<void>((resolve) => {
    if (remaining.size === 0) resolve();
    void consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const id = message.headers?.ce_id?.toString();
        if (id) seen.set(id, (seen.get(id) ?? 0) + 1);
        const key = `${topic}/${partition}`;
        if (Number(message.offset) + 1 >= (ends.get(key) ?? 0)) remaining.delete(key);
        if (remaining.size === 0) resolve();
      },
    });
  });
  await Promise.race([done, sleep(120_000)]);
  await consumer.disconnect();
  return seen;
}

const TOPICS: Record<ServiceName, string> = {
  skills: "hr.skills.v1",
  training: "hr.training.v1",
  secondment: "hr.secondment.v1",
  "hr-sync": "hr.postings.v1",
};

/** Counts every accepted command in the store, on Kafka and in hr-sync's records; waits for convergence. */
async function verify(
  load: Load,
  system: RunningSystem,
  stack: Stack,
  namespace: string,
  token: string,
): Promise<{ lost: number; duplicated: number }> {
  const accepted = [...load.accepted.values()];
  let lost = 0;
  let duplicated = 0;
  const expectedEvents = new Set<string>();
  for (const s of system.services) {
    const commits = await storedCommits(stack.mongoUri, dbName(namespace, s.name));
    for (const cmd of accepted.filter((c) => c.service === s.name)) {
      const found = commits.get(cmd.requestId) ?? [];
      if (found.length === 0) {
        lost++;
        log(`LOST: ${cmd.service} ${cmd.requestId} was acknowledged but is not in the store`);
      }
      if (found.length > 1) {
        duplicated++;
        log(`DUPLICATED: ${cmd.service} ${cmd.requestId} is in the store ${found.length} times`);
      }
      for (const id of found[0] ?? []) expectedEvents.add(id);
    }
  }
  log(`store: ${accepted.length} accepted commands checked, ${expectedEvents.size} events`);

  const topics = system.services.map((s) => `${namespace}.${TOPICS[s.name]}`);
  const convergeBy = Date.now() + 180_000;
  let onKafka = new Map<string, number>();
  for (;;) {
    onKafka = await eventsOnTopics(stack.kafkaBrokers, topics);
    const missing = [...expectedEvents].filter((id) => !onKafka.has(id)).length;
    if (missing === 0 || Date.now() > convergeBy) {
      lost += missing;
      if (missing) log(`LOST: ${missing} stored events never reached Kafka`);
      break;
    }
    log(`kafka: ${missing} of ${expectedEvents.size} events not published yet; waiting`);
    await sleep(5_000);
  }
  const redelivered = [...expectedEvents].filter((id) => (onKafka.get(id) ?? 0) > 1).length;
  log(
    `kafka: every stored event published; ${redelivered} published more than once (at least once; hr-sync takes each once)`,
  );

  // hr-sync's records: each posting and each completion counted exactly once per employee.
  const expected = new Map<string, number>();
  for (const cmd of accepted) {
    if (cmd.service === "hr-sync" || cmd.service === "training")
      expected.set(cmd.employeeId, (expected.get(cmd.employeeId) ?? 0) + 1);
  }
  const hrSync = system.services.find((s) => s.name === "hr-sync");
  if (hrSync) {
    const employees = {
      postings: [...expected.keys()].filter((e) => e.startsWith("P")),
      completions: [...expected.keys()].filter((e) => e.startsWith("T")),
    };
    let counts = new Map<string, number>();
    let differ: string[] = [];
    for (;;) {
      counts = await hrSyncCounts(hrSync.grpcAddress, token, employees, log);
      differ = [...expected].filter(([e, n]) => counts.get(e) !== n).map(([e]) => e);
      if (differ.length === 0 || Date.now() > convergeBy) break;
      log(`hr-sync: ${differ.length} employees' records not converged yet; waiting`);
      await sleep(5_000);
    }
    for (const e of differ) {
      const [want, got] = [expected.get(e) ?? 0, counts.get(e) ?? 0];
      if (got > want) duplicated += got - want;
      else lost += want - got;
      log(`${got > want ? "DUPLICATED" : "LOST"}: hr-sync's record of ${e} counts ${got}, ${want} accepted`);
    }
    log(`hr-sync: ${expected.size} employees' records checked (postings and FY2024 completions)`);
    // Incremental records = a rebuild's records: each record that differs was projected wrongly once.
    const everyone = new Set([
      ...accepted.map((c) => c.employeeId),
      ...Object.values(DEMO).flatMap((posts) => posts().flatMap((p) => (p.employee ? [p.employee] : []))),
    ]);
    const asOf = new Date().toISOString().slice(0, 10);
    const rebuild = await rebuildDifferences(hrSync.grpcAddress, token, [...everyone], asOf, log);
    lost += rebuild.differ;
  }
  return { lost, duplicated };
}

/** What `--cluster` reports for the parts it leaves to the other runs. */
const NOT_PROBED = {
  hostile: { inputs: 0, serverErrors: 0, taken: 0 },
  stored: 0,
  poison: { sent: 0, missing: 0 },
  authorization: { cells: 0, wrong: 0, serverErrors: 0 },
};

/** Hostile input, poison messages and the authorization matrix, once the load is verified. */
async function probe(
  system: RunningSystem,
  stack: Stack,
  namespace: string,
  run: string,
  token: string,
  authSecret: string,
): Promise<typeof NOT_PROBED> {
  // Hostile input, with an administrator's token (every write role): nothing may be stored.
  const names = system.services.map((s) => s.name);
  const before = await commitCounts(stack.mongoUri, namespace, names);
  log(`hostile input: seed ${SEED} (--seed ${SEED} sends these cases again)`);
  const hostile = await hostileInputs(system.services, token, PLAN.hostileCasesPerService, SEED, log);
  const after = await commitCounts(stack.mongoUri, namespace, names);
  const stored = after.reduce((sum, n, i) => sum + n - (before[i] ?? 0), 0);
  log(
    `hostile input: ${hostile.inputs} inputs, ${hostile.serverErrors} server errors, ${hostile.taken} taken, ${stored} commits stored meanwhile`,
  );
  const poison = await poisonMessages(stack.kafkaBrokers, `${namespace}.`, run, log);
  const authorization = await authorizationMatrix(
    system.services,
    authSecret,
    process.argv.includes("--write-authorization"),
    log,
  );
  return { hostile, stored, poison, authorization };
}

async function main(): Promise<{ report: string; code: number }> {
  const run = Date.now().toString(36);
  const namespace = `faults_${run}`;
  log(
    `${CI ? "CI subset" : CLUSTER ? "cluster phase" : QUICK ? "quick subset" : "full run"}: a private stack on loopback (Kafka: ${PLAN.kafkaNodes} node${PLAN.kafkaNodes > 1 ? "s" : ""}), namespace ${namespace}`,
  );
  const stack = await startStack({ kafkaNodes: PLAN.kafkaNodes, log });
  const restarted: Array<{ stop(): Promise<void> }> = [];
  let system: RunningSystem | undefined;
  let load: Load | undefined;
  const deadline = setTimeout(() => {
    log(`the run exceeded its bound of ${PLAN.deadlineMs / 60_000} minutes: stopping`);
    process.exitCode = 1;
    load?.stop();
  }, PLAN.deadlineMs);
  try {
    const authSecret = randomBytes(32).toString("base64url");
    system = await startServices({
      ...stack,
      authSecret,
      logDir: join(stack.dataDir, "logs"),
      ports: "free",
      env: (name) => ({
        MONGODB_DB: dbName(namespace, name),
        TOPIC_PREFIX: `${namespace}.`,
        LOG_LEVEL: "warn",
        // The load is one caller: throttling it would hide the faults under 429s.
        RATE_LIMIT_PER_SECOND: "100000",
        RATE_LIMIT_BURST: "100000",
      }),
      log,
    });
    await loadDemoData(system.services, authSecret, log);
    const token = await signToken(authSecret, { subject: "faults-load", roles: ["hr-admin"], ttl: "1h" });
    load = new Load(system, token, run);
    const current = load;
    const progress = setInterval(() => {
      const c = current.counts;
      log(
        `load: ${current.accepted.size} accepted, ${c.sent} sent, ${c.retried} to retry (refused cleanly or cut off), ${c.hung} hung, ${c.serverErrors} server errors`,
      );
    }, 10_000);
    const running = load.start();
    const injected = await injectFaults(system, stack, namespace, restarted);
    while (load.accepted.size < PLAN.minAccepted && !load.stopped) await sleep(1_000);
    load.stop();
    await running;
    // The commands left to retry, once more each now that everything is up.
    for (let round = 0; round < 10 && load.retries.length > 0; round++) {
      for (const { cmd } of load.retries.splice(0)) await load.send(cmd);
      if (load.retries.length) await sleep(2_000);
    }
    clearInterval(progress);
    load.close();
    const c = load.counts;
    log(
      `load done: ${load.accepted.size} accepted, ${c.sent} sent, ${c.retried} retried, ${c.hung} hung, ${load.retries.length} never accepted`,
    );
    const verified = await verify(load, system, stack, namespace, token);

    const { hostile, stored, poison, authorization } = PLAN.probes
      ? await probe(system, stack, namespace, run, token, authSecret)
      : NOT_PROBED;

    const serverErrors = c.serverErrors + c.hung + hostile.serverErrors + authorization.serverErrors;
    // A poison message that is not on the DLQ (or stopped its partition) is a message lost.
    const lost = verified.lost + poison.missing;
    const duplicated = verified.duplicated;
    const failed =
      lost +
        duplicated +
        serverErrors +
        c.refused +
        load.retries.length +
        hostile.taken +
        stored +
        authorization.wrong >
      0;
    if (c.refused) log(`${c.refused} valid commands were refused (see REFUSED above)`);
    return {
      report: `faults: ${injected} injected, ${load.accepted.size} commands accepted, ${lost} lost, ${duplicated} duplicated, ${hostile.inputs + poison.sent} hostile inputs, ${serverErrors} server errors, ${authorization.cells} authorization cells, ${authorization.wrong} wrong`,
      code: failed || process.exitCode === 1 ? 1 : 0,
    };
  } finally {
    clearTimeout(deadline);
    await system?.stop();
    await Promise.all(restarted.map((r) => r.stop()));
    await stack.stop();
  }
}

// The report is the last line, after everything stopped.
main().then(
  ({ report, code }) => {
    console.log(report);
    process.exit(code);
  },
  (error: unknown) => {
    console.error(`faults: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
    process.exit(1);
  },
);
