import {
  credentials,
  Metadata,
  makeGenericClientConstructor,
  type ServiceError,
  status,
} from "@grpc/grpc-js";
import { dropDatabase, statusDetails, testInfra, testNamespace } from "@hr/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorBody, RunningService } from "../src";
import { LedgerServiceDefinition, streamOf } from "./example/posting-ledger";
import { startLedger, token } from "./example/start-ledger";

const ns = testNamespace();
let service: RunningService;

beforeAll(async () => {
  process.env.LOG_LEVEL = "silent";
  service = await startLedger(ns);
});

afterAll(async () => {
  await service.stop();
  await dropDatabase(testInfra().mongoUri, ns.dbName);
});

const body = (requestId: string, extra: Record<string, unknown> = {}) => ({
  requestId,
  postingId: `posting-${requestId}`,
  department: "Digital Services Bureau",
  post: "ICT staff",
  effectiveDate: "2025-04-01",
  ...extra,
});

async function post(employeeId: string, payload: unknown, bearer?: string) {
  const response = await fetch(`${service.httpUrl}/v1/employees/${employeeId}/postings`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(payload),
  });
  return { status: response.status, body: (await response.json()) as ErrorBody & Record<string, unknown> };
}

describe("REST binding", () => {
  it("serves health, readiness and the OpenAPI document without a token", async () => {
    expect((await fetch(`${service.httpUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${service.httpUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { store: true, kafka: true } });
    const docs = (await (await fetch(`${service.httpUrl}/docs/json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(docs.paths)).toContain("/v1/employees/{employeeId}/postings");
    const ui = await fetch(`${service.httpUrl}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain("swagger");
    expect(ui.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("refuses a call without a token (401) or with a bad one, and with the wrong role (403)", async () => {
    expect(await post("E1", body("r1"))).toMatchObject({
      status: 401,
      body: { error: { code: "UNAUTHENTICATED" } },
    });
    expect((await post("E1", body("r1"), "not-a-jwt")).status).toBe(401);
    const wrongRole = await post("E1", body("r1"), await token(["training-admin"]));
    expect(wrongRole).toMatchObject({ status: 403, body: { error: { code: "PERMISSION_DENIED" } } });
    expect((await service.store.readStream(streamOf("E1"))).version).toBe(0);
  });

  it("lets staff read only their own records", async () => {
    await post("E7", body("r7"), await token(["hr-core"]));
    const own = await fetch(`${service.httpUrl}/v1/employees/E7/postings`, {
      headers: { authorization: `Bearer ${await token(["employee"], "E7")}` },
    });
    expect(own.status).toBe(200);
    const other = await fetch(`${service.httpUrl}/v1/employees/E7/postings`, {
      headers: { authorization: `Bearer ${await token(["employee"], "E8")}` },
    });
    expect(other.status).toBe(403);
  });

  it("names every bad field (400) and stores nothing", async () => {
    const bearer = await token(["hr-core"]);
    const missing = await post("E2", { requestId: "r2", postingId: "p" }, bearer);
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe("INVALID_ARGUMENT");
    const fields = missing.body.error.violations?.map((v) => v.field);
    expect(fields).toEqual(expect.arrayContaining(["department", "post", "effectiveDate"]));
    const badDate = await post("E2", body("r3", { effectiveDate: "2025-02-30" }), bearer);
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.violations).toEqual([
      { field: "effectiveDate", message: "is not a calendar date" },
    ]);
    expect((await service.store.readStream(streamOf("E2"))).version).toBe(0);
  });

  it("records who called and the caller's correlation id in the event metadata", async () => {
    const response = await fetch(`${service.httpUrl}/v1/employees/E9/postings`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${await token(["hr-admin"])}`,
        "x-correlation-id": "transfer-round-2025",
      },
      body: JSON.stringify(body("r9")),
    });
    expect(response.status).toBe(200);
    const commit = await service.store.commitOfRequest("r9");
    expect(commit?.metadata).toMatchObject({
      requestId: "r9",
      actor: { subject: "tester", roles: ["hr-admin"] },
      correlationId: "transfer-round-2025",
    });
  });

  it("returns the first reply for a repeated request_id and stores once; a refused rule is 422", async () => {
    const bearer = await token(["hr-core"]);
    const first = await post("E3", body("same"), bearer);
    const again = await post("E3", body("same"), bearer);
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await service.store.readStream(streamOf("E3"))).version).toBe(1);
    const reusedPosting = await post("E3", body("other", { postingId: "posting-same" }), bearer);
    expect(reusedPosting).toMatchObject({
      status: 422,
      body: { error: { reason: "POSTING_ALREADY_RECORDED" } },
    });
    const reusedRequest = await post("E3", body("same", { post: "changed" }), bearer);
    expect(reusedRequest).toMatchObject({ status: 409, body: { error: { code: "ABORTED" } } });
  });
});

type UnaryMethod = (
  request: unknown,
  metadata: Metadata,
  callback: (error: ServiceError | null, reply: unknown) => void,
) => void;

describe("gRPC binding", () => {
  const Client = makeGenericClientConstructor(LedgerServiceDefinition, "Ledger");
  let client: InstanceType<typeof Client>;
  beforeAll(() => {
    client = new Client(service.grpcAddress, credentials.createInsecure());
  });
  afterAll(() => client.close());

  function call(method: string, request: unknown, bearer?: string): Promise<unknown> {
    const metadata = new Metadata();
    if (bearer) metadata.set("authorization", `Bearer ${bearer}`);
    return new Promise((resolve, reject) =>
      (client as unknown as Record<string, UnaryMethod>)[method]!(request, metadata, (error, reply) =>
        error ? reject(error) : resolve(reply),
      ),
    );
  }

  it("maps auth, validation and success to the statuses of CONTRACTS.md", async () => {
    const request = { ...body("g1"), employeeId: "G1" };
    await expect(call("recordPosting", request)).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
    await expect(call("recordPosting", request, await token(["employee"], "G1"))).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
    });
    const invalid = call(
      "recordPosting",
      { ...request, effectiveDate: "01/04/2025" },
      await token(["hr-core"]),
    );
    await expect(invalid).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    await expect(invalid).rejects.toHaveProperty("details", expect.stringContaining("effective_date"));
    // The standard details arrive over the wire, as a generated client in any language decodes them.
    const badRequest = statusDetails((await invalid.catch((e) => e)) as ServiceError)?.badRequest;
    expect(badRequest?.fieldViolations.map((v) => v.field)).toEqual(["effective_date"]);
    expect(await call("recordPosting", request, await token(["hr-core"]))).toEqual({
      postingId: "posting-g1",
      version: 1,
    });
    const again = await call(
      "recordPosting",
      { ...request, requestId: "g1-again" },
      await token(["hr-core"]),
    ).catch((e: ServiceError) => e);
    expect(again).toMatchObject({ code: status.FAILED_PRECONDITION });
    expect(statusDetails(again as ServiceError)?.preconditionFailure?.violations[0]?.type).toBe(
      "POSTING_ALREADY_RECORDED",
    );
    await expect(call("getLedger", { employeeId: "nobody" }, await token(["hr-core"]))).rejects.toMatchObject(
      {
        code: status.NOT_FOUND,
      },
    );
  });
});
