import { connect } from "node:net";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildHttpApp,
  ConflictError,
  defineOperation,
  EmployeeId,
  IsoDate,
  RequestId,
  route,
  signToken,
  TokenVerifier,
} from "../src";

/**
 * The REST binding as generic tools meet it (Schemathesis, generated clients): every status a route
 * answers is in the document, and every refusal, the framework's own included, has the one error shape.
 */
const SECRET = "http-contract-test-secret-0123456789abcdef";
let app: FastifyInstance;
let bearer: string;
let verifier: TokenVerifier;

const Echo = defineOperation({
  name: "Echo",
  summary: "Answers what it was sent",
  input: Type.Object({ requestId: RequestId, employeeId: EmployeeId, on: IsoDate("A day") }),
  roles: ["hr-core"],
  handle: async (input) => input,
});

const List = defineOperation({
  name: "List",
  summary: "Answers its query",
  input: Type.Object({ id: Type.String(), pageSize: Type.Optional(Type.Integer({ minimum: 1 })) }),
  roles: ["hr-core"],
  handle: async (input) => input,
});

/** Refuses as a burst on one employee does: a concurrent change won (retryable), or a reused request id. */
const Contend = defineOperation({
  name: "Contend",
  summary: "Loses to a concurrent change",
  input: Type.Object({ id: Type.String() }),
  roles: ["hr-core"],
  handle: async (input) => {
    throw new ConflictError("changed concurrently", { retryable: input.id !== "reused" });
  },
});

beforeAll(async () => {
  app = await buildHttpApp({ title: "t", description: "d", version: "1" });
  verifier = new TokenVerifier({
    secret: new TextEncoder().encode(SECRET),
    issuer: "hr-integration",
    audience: "hr-integration",
  });
  route(app, verifier, { method: "POST", url: "/v1/employees/:employeeId/echo", operation: Echo });
  // A concrete path beside a templated one that would match it too.
  route(app, verifier, { method: "POST", url: "/v1/things/started", operation: Echo });
  route(app, verifier, { method: "GET", url: "/v1/things/:id", operation: List });
  route(app, verifier, { method: "POST", url: "/v1/contended/:id", operation: Contend });
  await app.ready();
  bearer = `Bearer ${await signToken(SECRET, { subject: "t", roles: ["hr-core"] })}`;
});

afterAll(() => app.close());

const echo = (options: { url?: string; method?: string; body?: string; type?: string }) =>
  app.inject({
    method: (options.method ?? "POST") as "POST",
    url: options.url ?? "/v1/employees/E1/echo",
    headers: { authorization: bearer, "content-type": options.type ?? "application/json" },
    ...(options.body === undefined ? {} : { payload: options.body }),
  });

const ok = JSON.stringify({ requestId: "r1", on: "2024-02-29" });

describe("framework refusals in the one error shape", () => {
  it.each([
    ["malformed JSON", { body: "{" }, 400, "INVALID_ARGUMENT"],
    ["a body that is not JSON", { body: "hello", type: "text/plain" }, 415, "INVALID_ARGUMENT"],
    ["a body over 1 MiB", { body: JSON.stringify({ x: "x".repeat(1_100_000) }) }, 413, "INVALID_ARGUMENT"],
    ["an unknown path", { url: "/v1/nothing" }, 404, "NOT_FOUND"],
    [
      "a path parameter over the router's limit",
      { url: `/v1/employees/${"e".repeat(3000)}/echo` },
      414,
      "INVALID_ARGUMENT",
    ],
    ["a method the route does not have", { method: "DELETE" }, 405, "UNIMPLEMENTED"],
  ])("%s is refused in the error shape", async (_what, request, status, code) => {
    const reply = await echo(request);
    expect(reply.statusCode).toBe(status);
    expect(reply.json()).toMatchObject({ error: { code, message: expect.any(String) } });
  });

  // Node's parser refuses these before fastify sees them, so only a real socket shows the answer.
  it("a URL and headers over 16 KiB together is a 431 in the error shape", async () => {
    const url = await app.listen({ host: "127.0.0.1", port: 0 });
    const reply = await fetch(`${url}/v1/things/t1?pageSize=${"9".repeat(20_000)}`, {
      headers: { authorization: bearer },
    });
    expect(reply.status).toBe(431);
    expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await reply.json()).toMatchObject({
      error: { code: "INVALID_ARGUMENT", message: expect.any(String) },
    });
  });

  it.each([
    ["headers that never end", "GET /v1/things/t1 HTTP/1.1\r\nHost: x\r\n", undefined],
    [
      "a body slower than the deadline",
      "POST /v1/employees/E1/echo HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{",
      "x",
    ],
  ])(
    "%s get a 408 in the error shape within a second of the request deadline",
    async (_what, start, trickle) => {
      const slow = await buildHttpApp({
        title: "t",
        description: "d",
        version: "1",
        requestTimeoutMs: 2_000,
      });
      route(slow, verifier, { method: "POST", url: "/v1/employees/:employeeId/echo", operation: Echo });
      route(slow, verifier, { method: "GET", url: "/v1/things/:id", operation: List });
      await slow.listen({ host: "127.0.0.1", port: 0 });
      const { port } = slow.server.address() as { port: number };
      const socket = connect(port, "127.0.0.1");
      const started = Date.now();
      try {
        socket.write(start);
        // A client that keeps the connection busy with a byte now and then, never finishing the request.
        const dripping = trickle && setInterval(() => socket.writable && socket.write(trickle), 300);
        const answer = await new Promise<string>((resolve) => {
          let text = "";
          socket.on("data", (chunk: Buffer) => {
            text += chunk.toString();
          });
          socket.on("close", () => resolve(text));
        });
        if (dripping) clearInterval(dripping);
        expect(answer).toMatch(/^HTTP\/1\.1 408 /);
        expect(answer).toContain('"code":"DEADLINE_EXCEEDED"');
        expect(Date.now() - started).toBeLessThan(2_000 + 2_000);
      } finally {
        socket.destroy();
        await slow.close();
      }
    },
  );

  it("405 says which methods the path has", async () => {
    const reply = await echo({ method: "PUT", body: ok });
    expect(reply.headers.allow).toBe("POST");
  });

  it("405 names the methods of the concrete path, not of a template that would match it too", async () => {
    const reply = await echo({ method: "OPTIONS", url: "/v1/things/started" });
    expect(reply.statusCode).toBe(405);
    expect(reply.headers.allow).toBe("POST");
  });

  it("an id over its maxLength but under the router's limit is a 400 naming the field", async () => {
    const reply = await echo({ url: `/v1/employees/${"e".repeat(33)}/echo`, body: ok });
    expect(reply.statusCode).toBe(400);
    expect(reply.json().error.violations).toEqual([
      { field: "employeeId", message: "must be 1 to 32 letters, digits, - or _" },
    ]);
  });
});

describe("retry advice", () => {
  it("a 409 that a retry can cure says when (Retry-After); a reused request id does not", async () => {
    const lost = await echo({ url: "/v1/contended/c1", body: "{}" });
    expect(lost.statusCode).toBe(409);
    expect(lost.json()).toMatchObject({ error: { code: "ABORTED" } });
    expect(lost.headers["retry-after"]).toBe("1");
    const reused = await echo({ url: "/v1/contended/reused", body: "{}" });
    expect(reused.statusCode).toBe(409);
    expect(reused.headers["retry-after"]).toBeUndefined();
  });
});

describe("request schemas as strict as the domain", () => {
  it("accepts a real calendar date and refuses one that does not exist, naming the field", async () => {
    expect((await echo({ body: ok })).statusCode).toBe(200);
    const refused = await echo({ body: JSON.stringify({ requestId: "r1", on: "2023-02-29" }) });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.violations).toEqual([
      {
        field: "on",
        message: "must be a calendar date YYYY-MM-DD from 1950-04-01 to 2101-03-31 (FY1950-FY2100)",
      },
    ]);
  });

  it("reads query text as a number only when it is one: ?pageSize=true is refused, ?pageSize=5 read", async () => {
    const get = (query: string) =>
      app.inject({ url: `/v1/things/t1?${query}`, headers: { authorization: bearer } });
    expect((await get("pageSize=5")).json()).toEqual({ id: "t1", pageSize: 5 });
    const refused = await get("pageSize=true");
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.violations.map((v: { field: string }) => v.field)).toEqual(["pageSize"]);
  });

  it("passes a handler only the fields the schema declares: an unknown field is ignored", async () => {
    const sent = { requestId: "r1", on: "2024-02-29", extra: [[1, 2]] };
    const reply = await echo({ body: JSON.stringify(sent) });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ requestId: "r1", on: "2024-02-29", employeeId: "E1" });
  });

  it("converts path and query text, never body values: a boolean request id stays a boolean", async () => {
    const refused = await echo({ body: JSON.stringify({ requestId: false, on: "2024-01-01" }) });
    expect(refused.json().error.violations.map((v: { field: string }) => v.field)).toEqual(["requestId"]);
  });
});

describe("the OpenAPI document", () => {
  it("lists every status the route answers, errors with the ErrorResponse schema", async () => {
    const document = (await app.inject({ url: "/docs/json" })).json();
    const responses = document.paths["/v1/employees/{employeeId}/echo"].post.responses;
    expect(Object.keys(responses).sort()).toEqual(
      [
        "200",
        "400",
        "401",
        "403",
        "404",
        "408",
        "409",
        "413",
        "414",
        "415",
        "422",
        "429",
        "431",
        "500",
        "503",
      ].sort(),
    );
    expect(responses["400"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/ErrorResponse",
    });
    expect(document.components.schemas.ErrorResponse.properties.error.required).toEqual(["code", "message"]);
  });
});

describe("request logging", () => {
  const Fail = defineOperation({
    name: "Fail",
    summary: "Fails unexpectedly",
    input: Type.Object({ id: Type.String() }),
    roles: ["hr-core"],
    handle: async () => {
      throw new Error("boom");
    },
  });

  /** An app logging at `level` into memory, and the deprecation warnings emitted while it was built. */
  async function loggingApp(level: string) {
    const lines: { level: number; msg: string }[] = [];
    const warnings: string[] = [];
    const onWarning = (warning: Error & { code?: string }) => warnings.push(warning.code ?? warning.name);
    process.on("warning", onWarning);
    const logged = await buildHttpApp({
      title: "t",
      description: "d",
      version: "1",
      logger: { level, stream: { write: (line: string) => lines.push(JSON.parse(line)) } },
    });
    route(logged, verifier, { method: "POST", url: "/v1/fail/:id", operation: Fail });
    await logged.ready();
    await new Promise((resolve) => setImmediate(resolve)); // process warnings are emitted on a later tick
    process.off("warning", onWarning);
    return { logged, lines, warnings };
  }

  it("writes a request's lines at debug, not info, and a failure at error, with no deprecated option", async () => {
    const atInfo = await loggingApp("info");
    expect(atInfo.warnings).not.toContain("FSTDEP023");
    expect((await atInfo.logged.inject({ url: "/healthz" })).statusCode).toBe(200);
    expect(atInfo.lines.map((l) => l.msg)).toEqual([]);
    const failed = await atInfo.logged.inject({
      method: "POST",
      url: "/v1/fail/x",
      headers: { authorization: bearer, "content-type": "application/json" },
      payload: "{}",
    });
    expect(failed.statusCode).toBe(500);
    expect(atInfo.lines.filter((l) => l.level >= 50).map((l) => l.msg)).toContain("unhandled error");
    await atInfo.logged.close();

    const atDebug = await loggingApp("debug");
    await atDebug.logged.inject({ url: "/healthz" });
    const debug = atDebug.lines.filter((l) => l.level === 20).map((l) => l.msg);
    expect(debug).toEqual(expect.arrayContaining(["incoming request", "request completed"]));
    await atDebug.logged.close();
  });
});
