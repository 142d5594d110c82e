// Child-process plumbing shared by the broker and the store: spawn with output to a log file,
// kill on parent exit, stop with SIGTERM then SIGKILL, wait for readiness, find free ports.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";

export type Log = (line: string) => void;
export const defaultLog: Log = (line) => console.log(line);

const live = new Set<ChildProcess>();
let hooksInstalled = false;

function killAllLive(): void {
  for (const child of live) {
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  killAllLive();
  // If nobody else handles this signal, keep Node's default behaviour (terminate).
  if (process.listenerCount(signal) === 1) {
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

/** Children started here must not outlive this process: SIGTERM them on exit, SIGINT and SIGTERM. */
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on("exit", killAllLive);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

export interface SpawnedProcess {
  child: ChildProcess;
  logFile: string;
}

/** Starts a long-running child whose stdout and stderr are appended to logFile. */
export function spawnLogged(
  command: string,
  args: string[],
  logFile: string,
  opts: { cwd?: string; stdinPipe?: boolean; env?: NodeJS.ProcessEnv } = {},
): SpawnedProcess {
  installExitHooks();
  const fd = openSync(logFile, "a");
  try {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      ...(opts.env ? { env: opts.env } : {}),
      stdio: [opts.stdinPipe ? "pipe" : "ignore", fd, fd],
    });
    live.add(child);
    child.once("exit", () => live.delete(child));
    child.once("error", () => live.delete(child));
    return { child, logFile };
  } finally {
    closeSync(fd);
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** SIGTERM, wait up to graceMs, then SIGKILL. Resolves once the process is gone. */
export async function stopProcess(child: ChildProcess, graceMs = 20_000): Promise<void> {
  if (hasExited(child) || child.pid === undefined) return;
  child.kill("SIGTERM");
  if (await exited(child, graceMs)) return;
  child.kill("SIGKILL");
  await exited(child, 5_000);
}

/** Last lines of a log file, for error messages. */
export function tail(file: string, lines = 20): string {
  if (!existsSync(file)) return "(no log written)";
  return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
}

/**
 * Polls probe until it returns true. Fails early if the child exits, and on timeout,
 * both with the log file named and its last lines shown.
 */
export async function waitReady(
  what: string,
  proc: SpawnedProcess,
  probe: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited(proc.child)) {
      throw new Error(
        `${what} exited (code ${proc.child.exitCode}, signal ${proc.child.signalCode}) before it was ready; ` +
          `see ${proc.logFile}:\n${tail(proc.logFile)}`,
      );
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      await stopProcess(proc.child, 5_000);
      throw new Error(
        `${what} not ready after ${timeoutMs / 1000}s; see ${proc.logFile}:\n${tail(proc.logFile)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when `command` can be run (it is on PATH). */
export function onPath(command: string, versionArg = "--version"): boolean {
  const r = spawnSync(command, [versionArg], { stdio: "ignore" });
  return !r.error;
}

/** Throws a message that says what to install when a required tool is missing. */
export function requireTool(command: string, versionArg: string, install: string): void {
  if (!onPath(command, versionArg)) {
    throw new Error(`[stack] '${command}' is not on PATH. Install it first, e.g.: ${install}`);
  }
}

/** Runs a command to completion; throws with the tail of its output when it fails. */
export function runChecked(
  command: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<void> {
  return runCaptured(command, args, opts).then(() => undefined);
}

/** Runs a command to completion and resolves with its standard output; the error quotes its last lines. */
export function runCaptured(
  command: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let stdout = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-16_000);
    };
    child.stdout.on("data", (chunk: Buffer) => {
      stdout = (stdout + chunk.toString("utf8")).slice(-1_000_000);
      keep(chunk);
    });
    child.stderr.on("data", keep);
    child.once("error", reject);
    child.once("close", (code, signal) => {
      if (code === 0) return resolve(stdout);
      const last = output.trim().split("\n").slice(-40).join("\n");
      reject(
        new Error(`[stack] '${command} ${args.join(" ")}' failed (${signal ?? `exit ${code}`}):\n${last}`),
      );
    });
  });
}
