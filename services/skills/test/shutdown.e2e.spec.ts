import { spawn } from "node:child_process";
import { createServer, type Server, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { TEST_AUTH_SECRET, testInfra, testNamespace, waitFor } from "@hr/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The service as deployed (its main.ts in a process of its own) stops within its shutdown deadline on
 * SIGTERM, even when the trace collector accepts connections and never answers: the span export is
 * bounded, so Kubernetes never has to kill it.
 */
const ns = testNamespace();
const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
let blackHole: Server;
const sockets: Socket[] = [];

beforeAll(async () => {
  blackHole = createServer((socket) => sockets.push(socket)); // accepts, reads nothing, answers nothing
  await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => blackHole.close(resolve));
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("the service as deployed (its own process)", () => {
  it("exits within the deadline though the trace collector never answers, and says its spans were dropped", async () => {
    const infra = testInfra();
    const [httpPort, grpcPort] = [await freePort(), await freePort()];
    const { port: zipkinPort } = blackHole.address() as { port: number };
    const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
      env: {
        ...process.env,
        HTTP_PORT: String(httpPort),
        GRPC_PORT: String(grpcPort),
        KAFKA_BROKERS: infra.kafkaBrokers.join(","),
        MONGODB_URI: infra.mongoUri,
        MONGODB_DB: ns.dbName,
        TOPIC_PREFIX: ns.topic(""),
        TOPIC_PARTITIONS: "3",
        AUTH_JWT_SECRET: TEST_AUTH_SECRET,
        OTEL_EXPORTER_ZIPKIN_ENDPOINT: `http://127.0.0.1:${zipkinPort}/api/v2/spans`,
        OTEL_BSP_SCHEDULE_DELAY: "100", // export at once, so an export is hanging when the signal comes
        SHUTDOWN_DEADLINE_MS: "6000",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    child.stdout.on("data", (chunk: Buffer) => {
      log += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      log += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const base = `http://127.0.0.1:${httpPort}`;
      await waitFor(
        async () => ((await fetch(`${base}/readyz`).catch(() => undefined))?.ok ? true : undefined),
        {
          timeoutMs: 60_000,
          what: `the skills service on ${base} (log so far: ${log.slice(-500)})`,
        },
      );
      for (let i = 0; i < 20; i++) await fetch(`${base}/healthz`);
      // /metrics needs no token, so its target_info names the service and nothing about the host or process.
      const metrics = await (await fetch(`${base}/metrics`)).text();
      const targetInfo = metrics.split("\n").find((line) => line.startsWith("target_info{"));
      expect(targetInfo).toContain('service_name="skills"');
      expect(targetInfo).not.toMatch(/host_|process_|os_/);
      await waitFor(async () => (sockets.length > 0 ? true : undefined), {
        timeoutMs: 10_000,
        what: "an export to the trace collector",
      });
      const signalled = Date.now();
      child.kill("SIGTERM");
      const code = await exited;
      const tookMs = Date.now() - signalled;
      expect(tookMs, log.slice(-2000)).toBeLessThan(6_000 + 1_000);
      expect(code).toBe(0);
      expect(log).toContain("telemetry not flushed in time");
    } finally {
      child.kill("SIGKILL");
    }
  }, 90_000);
});
