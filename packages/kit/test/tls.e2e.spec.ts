import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { get } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { credentials, Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { healthV1 } from "@hr/proto";
import { dropDatabase, serviceOverrides, testInfra, testNamespace } from "@hr/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromEnv, type RunningService, startEventSourcedService } from "../src";
import { ledgerService } from "./example/posting-ledger";

/** A service with TLS on, from the environment's certificate paths: HTTPS for REST, TLS for gRPC. */
const ns = testNamespace();
const dir = mkdtempSync(join(tmpdir(), "hr-tls-"));
const certFile = join(dir, "cert.pem");
const keyFile = join(dir, "key.pem");
let service: RunningService;
let cert: Buffer;

beforeAll(async () => {
  process.env.LOG_LEVEL = "silent";
  // A throwaway self-signed certificate for 127.0.0.1, valid for a day.
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      keyFile,
      "-out",
      certFile,
    ],
    { stdio: "ignore" },
  );
  cert = readFileSync(certFile);
  const { tls } = configFromEnv(
    "ledger",
    { httpPort: 0, grpcPort: 0 },
    {
      TLS_CERT_FILE: certFile,
      TLS_KEY_FILE: keyFile,
    },
  );
  service = await startEventSourcedService(ledgerService, {
    ...serviceOverrides(ns),
    ...(tls ? { tls } : {}),
  });
});

afterAll(async () => {
  await service.stop();
  await dropDatabase(testInfra().mongoUri, ns.dbName);
  rmSync(dir, { recursive: true, force: true });
});

function check(secure: boolean): Promise<string> {
  const channel = secure ? credentials.createSsl(cert) : credentials.createInsecure();
  const client = new healthV1.HealthClient(service.grpcAddress, channel);
  return new Promise<string>((resolve, reject) =>
    client.check({ service: "" }, new Metadata(), { deadline: Date.now() + 5_000 }, (error, reply) => {
      client.close();
      return error ? reject(error) : resolve(String(reply.status));
    }),
  );
}

describe("TLS from the environment", () => {
  it("serves REST over HTTPS with the configured certificate", async () => {
    expect(service.httpUrl).toMatch(/^https:\/\//);
    const answer = await new Promise<{ status?: number; body: string }>((resolve, reject) =>
      get(`${service.httpUrl}/healthz`, { ca: cert }, (response) => {
        let body = "";
        response.on("data", (chunk) => {
          body += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode, body }));
      }).on("error", reject),
    );
    expect(answer).toEqual({ status: 200, body: JSON.stringify({ status: "ok" }) });
  });

  it("serves gRPC over TLS to a client that trusts the certificate, and not in plain text", async () => {
    expect(await check(true)).toBe("SERVING");
    const plain = await check(false).catch((error: ServiceError) => error);
    expect(plain).toMatchObject({ code: status.UNAVAILABLE });
  });
});
