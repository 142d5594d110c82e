import {
  credentials,
  Metadata,
  makeGenericClientConstructor,
  type ServiceError,
  status,
} from "@grpc/grpc-js";
import {
  dropDatabase,
  serviceOverrides,
  statusDetails,
  TEST_AUTH_SECRET,
  testInfra,
  testNamespace,
} from "@hr/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RateLimiter, type RunningService, signToken, startEventSourcedService } from "../src";
import { LedgerServiceDefinition, ledgerService } from "./example/posting-ledger";
import { token } from "./example/start-ledger";

/** The per-caller rate limit of commands, over REST and gRPC, on a service on the real stack. */
const ns = testNamespace();
let service: RunningService;

beforeAll(async () => {
  service = await startEventSourcedService(ledgerService, {
    ...serviceOverrides(ns),
    // One command per 5 s after a burst of 3: a loaded machine (CI) takes well over a second for the burst, so
    // a faster refill would hand out a fourth token before the test asks for it.
    rateLimit: { perSecond: 0.2, burst: 3 },
  });
});

afterAll(async () => {
  await service?.stop();
  await dropDatabase(testInfra().mongoUri, ns.dbName);
});

const body = (id: string) => ({
  requestId: `rl-${id}`,
  postingId: id,
  department: "Digital Services Bureau",
  post: "ICT staff",
  effectiveDate: "2024-04-01",
});

function post(employeeId: string, id: string, bearer: string) {
  return fetch(`${service.httpUrl}/v1/employees/${employeeId}/postings`, {
    method: "POST",
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
    body: JSON.stringify(body(id)),
  });
}

describe("rate limit per caller", () => {
  it("answers a caller's commands beyond its burst 429 / RESOURCE_EXHAUSTED with retry advice, over REST and gRPC, and no one else's", async () => {
    const bearer = await token(["hr-core"]);
    const statuses: number[] = [];
    for (const id of ["a", "b", "c", "d"]) statuses.push((await post("R1", id, bearer)).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses[3]).toBe(429);
    const refused = await post("R1", "e", bearer);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: { code: "RESOURCE_EXHAUSTED" } });

    const Client = makeGenericClientConstructor(LedgerServiceDefinition, "Ledger");
    const client = new Client(service.grpcAddress, credentials.createInsecure()) as unknown as {
      recordPosting(r: unknown, m: Metadata, cb: (e: ServiceError | null) => void): void;
      close(): void;
    };
    const metadata = new Metadata();
    metadata.set("authorization", `Bearer ${bearer}`);
    const error = await new Promise<ServiceError | null>((resolve) =>
      client.recordPosting({ ...body("f"), employeeId: "R1" }, metadata, resolve),
    );
    client.close();
    expect(error?.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(statusDetails(error as ServiceError)?.retryInfo?.retryDelay).toBeDefined();

    // Another caller has its own share; queries are not limited.
    const other = await signToken(TEST_AUTH_SECRET, { subject: "someone-else", roles: ["hr-core"] });
    expect((await post("R2", "g", other)).status).toBe(200);
    const read = await fetch(`${service.httpUrl}/v1/employees/R1/postings`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    expect(read.status).toBe(200);

    // The bucket refills: after the advised wait the caller is taken again.
    await new Promise((r) => setTimeout(r, Number(refused.headers.get("retry-after")) * 1_000 + 100));
    expect((await post("R1", "h", bearer)).status).toBe(200);
  });

  it("refills at its rate and forgets nothing it should not (a unit of the bucket)", () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 2, burst: 2 }, () => now);
    limiter.take("a");
    limiter.take("a");
    expect(() => limiter.take("a")).toThrow(/more than 2 commands a second/);
    now = 500;
    expect(() => limiter.take("a")).not.toThrow();
    expect(() => limiter.take("a")).toThrow();
    expect(() => new RateLimiter({ perSecond: 0, burst: 1 }).take("a")).not.toThrow();
  });
});
