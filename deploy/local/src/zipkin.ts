// Zipkin, the trace server with a UI, from its self-contained `exec` jar on Maven Central, run with the
// installed Java 17: spans kept in memory, UI at /zipkin/, API at /api/v2/. Started by `./run up` and by
// the tests that look at whole traces; the services send their spans to it with the Zipkin exporter.
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildInto, cacheDir, isFresh, seconds } from "./cache";
import {
  defaultLog,
  freePort,
  type Log,
  requireTool,
  runChecked,
  type SpawnedProcess,
  spawnLogged,
  stopProcess,
  waitReady,
} from "./process";

export const ZIPKIN_VERSION = "3.6.1";
const ARTIFACT = `io.zipkin:zipkin-server:${ZIPKIN_VERSION}:jar:exec`;

export function zipkinJar(): string {
  return join(cacheDir(), `zipkin-${ZIPKIN_VERSION}`, `zipkin-server-${ZIPKIN_VERSION}-exec.jar`);
}

/** Copies the server's jar from Maven Central into the cache (once per version). */
export async function provisionZipkin(log: Log = defaultLog): Promise<string> {
  const jar = zipkinJar();
  const dir = join(jar, "..");
  const stampFile = `${dir}.stamp`;
  if (isFresh(stampFile, ARTIFACT) && existsSync(jar)) return jar;
  requireTool("java", "-version", "apt-get install -y openjdk-17-jre-headless");
  requireTool("mvn", "-v", "apt-get install -y maven");
  const started = Date.now();
  log(`[stack] resolving Zipkin ${ZIPKIN_VERSION} (${ARTIFACT}, about 135 MB) from Maven Central...`);
  await buildInto(dir, stampFile, ARTIFACT, (tmp) =>
    runChecked("mvn", ["-B", "-q", "dependency:copy", `-Dartifact=${ARTIFACT}`, `-DoutputDirectory=${tmp}`], {
      // dependency:copy needs no project; run it where no pom.xml is found.
      cwd: cacheDir(),
    }),
  );
  log(`[stack] Zipkin ${ZIPKIN_VERSION}: ${jar} (${seconds(started)})`);
  return jar;
}

export interface ZipkinOptions {
  /** HTTP port of the UI and the API; a free one by default. */
  port?: number;
  /** Where its log goes. */
  dataDir: string;
  log?: Log;
  timeoutMs?: number;
}

export interface ZipkinHandle {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Where services send spans (OTEL_EXPORTER_ZIPKIN_ENDPOINT). */
  spansEndpoint: string;
  /** The trace UI. */
  uiUrl: string;
  port: number;
  logFile: string;
  process: SpawnedProcess;
  stop(): Promise<void>;
}

/** True when Zipkin's health endpoint says UP. */
export async function zipkinAnswers(url: string): Promise<boolean> {
  const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
  return response.ok && ((await response.json()) as { status?: string }).status === "UP";
}

export async function startZipkin(opts: ZipkinOptions): Promise<ZipkinHandle> {
  const log = opts.log ?? defaultLog;
  const jar = await provisionZipkin(log);
  const started = Date.now();
  const port = opts.port ?? (await freePort());
  const dir = resolve(opts.dataDir);
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, "zipkin.log");
  log(`[stack] starting Zipkin ${ZIPKIN_VERSION} on 127.0.0.1:${port} (log: ${logFile})...`);
  const proc = spawnLogged(
    "java",
    [
      "-Xmx256m",
      "-XX:+UseSerialGC",
      "-Djava.awt.headless=true",
      "-jar",
      jar,
      // Loopback only (its default is every interface).
      `--armeria.ports[0].ip=127.0.0.1`,
      `--armeria.ports[0].port=${port}`,
      "--armeria.ports[0].protocols[0]=http",
    ],
    logFile,
  );
  const url = `http://127.0.0.1:${port}`;
  await waitReady(`Zipkin on ${url}`, proc, () => zipkinAnswers(url), opts.timeoutMs ?? 120_000);
  log(`[stack] Zipkin ready on ${url} (${seconds(started)})`);
  return {
    url,
    spansEndpoint: `${url}/api/v2/spans`,
    uiUrl: `${url}/zipkin/`,
    port,
    logFile,
    process: proc,
    stop: () => stopProcess(proc.child),
  };
}
