// ./run up:check [--port-offset N] [--timeout S]: the README's quick start, headless, from a fresh clone.
// Clones the current commit into a temporary folder, runs `./run up` there (which installs, provisions
// into the shared cache ${HR_STACK_CACHE:-~/.cache/hr-stack} and starts everything), checks the rotation
// and evaluation records it prints, finds through Zipkin's HTTP API one trace with spans of every
// service, then presses Ctrl-C (SIGINT to its process group, as a terminal does) and checks that every
// process it started is gone and every port it listened on is closed. Fails naming what was missing.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { syncV1 } from "@hr/proto";
import { CANDIDATES_SHOWN, readPlanningTables } from "./hr-sync-planning";
import { presentServices, ROOT } from "./up";
import { zipkinTrace } from "./zipkin";

const say = (line: string) => console.log(`[up:check] ${line}`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class CheckFailed extends Error {}

function fail(what: string): never {
  throw new CheckFailed(what);
}

/** The lines `./run up` printed so far, and a way to wait for one. */
class Output {
  readonly lines: string[] = [];
  /** Settles once every process holding the output (the whole tree) has closed it. */
  readonly closed: Promise<unknown>;
  private waiters: Array<() => void> = [];

  constructor(child: ChildProcess) {
    const streams = [child.stdout, child.stderr].filter((s) => s !== null);
    this.closed = Promise.all(
      streams.map((stream) => {
        const lines = createInterface({ input: stream });
        lines.on("line", (line) => {
          console.log(`  | ${line}`);
          this.lines.push(line);
          for (const wake of this.waiters.splice(0)) wake();
        });
        return new Promise((resolve) => lines.once("close", resolve));
      }),
    );
  }

  /** Resolves with the first line matching, or undefined when `child` exits or time runs out first. */
  async waitFor(match: RegExp, child: ChildProcess, deadline: number): Promise<string | undefined> {
    for (;;) {
      const found = this.lines.find((line) => match.test(line));
      if (found !== undefined) return found;
      if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1_000);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The line after the one matching (the records are printed as a heading, then one JSON line). */
  after(match: RegExp): string | undefined {
    const i = this.lines.findIndex((line) => match.test(line));
    return i < 0 ? undefined : this.lines[i + 1];
  }
}

/** A process as /proc shows it; the start time tells it apart from a later process given the same pid. */
interface Proc {
  pid: number;
  ppid: number;
  startTime: string;
  command: string;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command (2nd field) is in parentheses and may contain spaces: split after its closing one.
    const close = stat.lastIndexOf(")");
    const fields = stat.slice(close + 2).split(" ");
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    return { pid, ppid: Number(fields[1]), startTime: fields[19] ?? "", command: command.slice(0, 120) };
  } catch {
    return undefined; // gone meanwhile
  }
}

function allProcs(): Proc[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProc(Number(name)))
    .filter((p): p is Proc => p !== undefined);
}

/** `root` and every process below it. */
function descendants(root: number): Proc[] {
  const procs = allProcs();
  const found = procs.filter((p) => p.pid === root);
  for (let i = 0; i < found.length; i++) {
    const parent = found[i]?.pid;
    found.push(...procs.filter((p) => p.ppid === parent));
  }
  return found;
}

function stillRunning(p: Proc): boolean {
  const now = readProc(p.pid);
  return now !== undefined && now.startTime === p.startTime && !isZombie(p.pid);
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

/** TCP ports the given processes listen on (their socket inodes matched against /proc/net/tcp{,6}). */
function listeningPorts(pids: number[]): number[] {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode) inodes.add(inode);
      } catch {
        // closed meanwhile
      }
    }
  }
  const ports = new Set<number>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const row of readFileSync(table, "utf8").split("\n").slice(1)) {
      const cols = row.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT; state 0A is LISTEN; the inode is the 10th column.
      if (cols[3] === "0A" && inodes.has(cols[9] ?? ""))
        ports.add(Number.parseInt(cols[1]?.split(":")[1] ?? "", 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.setTimeout(2_000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** The printed records, parsed and checked against what the demo careers must have put there. */
function checkRecords(output: Output): void {
  const json = (heading: RegExp, what: string) => {
    const line = output.after(heading);
    if (line === undefined)
      fail(`./run up printed no ${what} (a line matching ${heading} followed by its JSON)`);
    try {
      return JSON.parse(line) as unknown;
    } catch {
      fail(`the ${what} ./run up printed is not JSON: ${line}`);
    }
  };
  const rotation = syncV1.RotationRecord.fromJSON(json(/^\[up\] rotation record of /, "rotation record"));
  const evaluation = syncV1.EvaluationRecord.fromJSON(
    json(/^\[up\] evaluation record of /, "evaluation record"),
  );
  const lacks: string[] = [];
  if (rotation.jobTypeHistory.length < 2) lacks.push("rotation record: a job type change (2+ job types)");
  if (rotation.assignments.length < 3) lacks.push("rotation record: postings in 3+ fiscal years");
  if (rotation.secondments.length < 1) lacks.push("rotation record: a secondment");
  if (evaluation.skillLevels.length < 1) lacks.push("evaluation record: skill levels");
  if (lacks.length > 0) fail(`the printed records lack ${lacks.join("; ")}`);
  say(
    `records of ${rotation.employeeId}: ${rotation.jobTypeHistory.length} job types, ${rotation.assignments.length} postings, ` +
      `${rotation.secondments.length} secondment(s); FY${evaluation.fiscalYear}: ${evaluation.skillLevels.length} skill levels`,
  );
}

/**
 * The transfer-planning tables printed: a due list and a candidate search, each non-empty and with as many
 * rows as its heading counts (the candidates up to the number shown).
 */
function checkPlanning(output: Output): void {
  const { due, candidates } = readPlanningTables(output.lines);
  const lacks: string[] = [];
  for (const [what, t, shown] of [
    ["due list (ListDueForRotation)", due, Number.POSITIVE_INFINITY],
    ["candidate search (FindCandidates)", candidates, CANDIDATES_SHOWN],
  ] as const) {
    if (!t) lacks.push(`a ${what}: no heading`);
    else if (t.total < 1) lacks.push(`a non-empty ${what}: ${t.heading}`);
    else if (t.employees.length !== Math.min(t.total, shown) || t.employees.some((id) => !/^E\d+$/.test(id)))
      lacks.push(`the ${what}'s rows: ${t.employees.length} (${t.employees.join(", ")}) under ${t.heading}`);
  }
  if (lacks.length > 0) fail(`the printed transfer planning lacks ${lacks.join("; ")}`);
  say(
    `transfer planning: ${due?.total} due (${due?.employees.join(", ")}); ${candidates?.total} candidates (${candidates?.employees.join(", ")})`,
  );
}

/**
 * Polls Zipkin's API until the trace `./run up` printed (a demo career's) holds spans of every service,
 * or fails naming who is missing from it.
 */
async function checkTrace(zipkinUrl: string, traceId: string, services: string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // By its id: a search by service lists only the newest traces, and hr-sync starts one per projected
    // batch, so the demo career's trace fell out of that list (CI: "not among the traces of hr-sync").
    const spans = await zipkinTrace(zipkinUrl, traceId).catch(() => []);
    const names = new Set(spans.map((s) => s.localEndpoint?.serviceName ?? ""));
    const missing = services.filter((s) => !names.has(s));
    if (missing.length === 0) {
      say(`trace ${traceId} holds ${spans.length} spans of ${services.join(", ")}`);
      return;
    }
    if (Date.now() > deadline) {
      fail(
        `in Zipkin (${zipkinUrl}/api/v2/trace/${traceId}), trace ${traceId} ` +
          `${spans.length ? `has no span of ${missing.join(", ")}` : "is not there"}`,
      );
    }
    await sleep(2_000);
  }
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Ctrl-C, then: `./run up` ends, says so, and no process or listening port of it is left. */
async function checkStop(
  child: ChildProcess,
  output: Output,
  started: Proc[],
  ports: number[],
): Promise<void> {
  say(`pressing Ctrl-C (SIGINT to the process group ${child.pid})...`);
  process.kill(-(child.pid as number), "SIGINT");
  if (!(await exited(child, 90_000))) fail("./run up had not exited 90 s after Ctrl-C");
  say(`./run up exited (${child.signalCode ?? `code ${child.exitCode}`})`);
  const closed = await Promise.race([output.closed.then(() => true), sleep(30_000).then(() => false)]);
  if (!closed) fail("./run up exited, but a process it started still holds its output 30 s later");
  if (!output.lines.some((line) => line.includes("[up] stopped"))) {
    fail("./run up did not print that it stopped ('[up] stopped; ...')");
  }
  // Children are reaped by init a moment after their parent ends: give them a few seconds.
  const deadline = Date.now() + 15_000;
  let left = started.filter(stillRunning);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(500);
    left = started.filter(stillRunning);
  }
  if (left.length > 0) {
    fail(
      `processes ./run up started are still running: ${left.map((p) => `${p.pid} (${p.command})`).join("; ")}`,
    );
  }
  const open = (
    await Promise.all(ports.map(async (port) => ((await portAnswers(port)) ? [port] : [])))
  ).flat();
  if (open.length > 0) fail(`ports still answer after ./run up stopped: ${open.join(", ")}`);
  say(`all ${started.length} processes gone, all ${ports.length} ports closed`);
}

function killAll(child: ChildProcess, started: Proc[]): void {
  const kill = (pid: number) => {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone
    }
  };
  if (child.pid !== undefined) kill(-child.pid);
  for (const p of started.filter(stillRunning)) kill(p.pid);
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      "port-offset": { type: "string", default: "5000" },
      timeout: { type: "string", default: "900" },
    },
  });
  const offset = Number(values["port-offset"]);
  const timeoutMs = Number(values.timeout) * 1000;
  if (!Number.isInteger(offset) || !(timeoutMs > 0)) fail("--port-offset and --timeout must be numbers");

  const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
  if (execFileSync("git", ["status", "--porcelain"], { cwd: ROOT, encoding: "utf8" }).trim()) {
    say("note: uncommitted changes are not checked (the clone holds the commit only)");
  }
  const clone = mkdtempSync(join(tmpdir(), "hr-up-check-"));
  say(`cloning ${commit.slice(0, 12)} into ${clone}`);
  execFileSync("git", ["clone", "--quiet", "--no-checkout", ROOT, clone]);
  execFileSync("git", ["checkout", "--quiet", "--detach", commit], { cwd: clone });

  say(`./run up --port-offset ${offset} (time limit ${timeoutMs / 1000} s, installing first)`);
  const started = Date.now();
  // Its own process group, as a terminal's foreground job: Ctrl-C is then SIGINT to that group.
  const child = spawn("./run", ["up", "--port-offset", String(offset)], {
    cwd: clone,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = new Output(child);
  let procs: Proc[] = [];
  // Its own process group does not hear a Ctrl-C or a CI time-out meant for this check: pass them on.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      killAll(child, procs.length ? procs : descendants(child.pid as number));
      process.exit(1);
    });
  }
  try {
    const ready = await output.waitFor(/press Ctrl-C to stop everything/, child, started + timeoutMs);
    if (!ready) {
      const why =
        child.exitCode !== null
          ? `exited with code ${child.exitCode}`
          : `was not up within ${timeoutMs / 1000} s`;
      fail(`./run up ${why}; the services' logs are in ${clone}/.hr-stack/logs`);
    }
    say(`./run up is up (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    procs = descendants(child.pid as number);
    const ports = listeningPorts(procs.map((p) => p.pid));
    say(`it runs ${procs.length} processes listening on ${ports.join(", ")}`);
    checkRecords(output);
    checkPlanning(output);
    const link = output.lines
      .map((line) => /(http:\/\/[^/\s]+)\/zipkin\/traces\/([0-9a-f]{32})/.exec(line))
      .find((match) => match !== null);
    if (!link) fail("./run up printed no Zipkin link of a trace (http://.../zipkin/traces/<id>)");
    const services = presentServices().map((s) => s.name);
    await checkTrace(link[1] as string, link[2] as string, services, 120_000);
    await checkStop(child, output, procs, ports);
  } catch (error) {
    killAll(child, procs.length ? procs : descendants(child.pid as number));
    say(`the clone is kept for a look: ${clone}`);
    throw error;
  }
  rmSync(clone, { recursive: true, force: true });
  say(`passed (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[up:check] FAILED: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  },
);
