import {
  type ClientReadableStream,
  credentials,
  Metadata,
  makeGenericClientConstructor,
  type ServiceDefinition,
  type ServiceError,
  status,
} from "@grpc/grpc-js";
import { healthV1 } from "@hr/proto";
import { statusDetails, TEST_AUTH_SECRET } from "@hr/testing";
import { Type } from "@sinclair/typebox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  defineOperation,
  defineStreamOperation,
  grpcImplementation,
  HealthImplementation,
  type Logger,
  MAX_REQUEST_BYTES,
  ServingMonitor,
  signToken,
  startGrpcServer,
  stopGrpcServer,
  TokenVerifier,
  ValidationError,
} from "../src";
import { token } from "./example/start-ledger";

/**
 * The kit's gRPC binding over a real loopback connection: server streams with back-pressure,
 * cancellation, deadlines and shutdown; unary deadlines; the standard health service. No store or
 * broker is involved: the operations here are synthetic, the transport is real.
 */
const json = {
  requestSerialize: (value: unknown) => Buffer.from(JSON.stringify(value)),
  requestDeserialize: (bytes: Buffer) => JSON.parse(bytes.toString()),
  responseSerialize: (value: unknown) => Buffer.from(JSON.stringify(value)),
  responseDeserialize: (bytes: Buffer) => JSON.parse(bytes.toString()),
};
const definition: ServiceDefinition = {
  count: { path: "/test.Counter/Count", requestStream: false, responseStream: true, ...json },
  wait: { path: "/test.Counter/Wait", requestStream: false, responseStream: false, ...json },
};
const Client = makeGenericClientConstructor(definition, "Counter");

/** What the server side saw, by the caller's tag, for the assertions. */
const produced = new Map<string, number>();
const open = new Set<string>();
let unaryAborted = false;
const silent = { error: () => {}, warn: () => {}, info: () => {} } as unknown as Logger;
const payload = "x".repeat(4_096);

const countOperation = defineStreamOperation({
  name: "Count",
  summary: "Counts up to `to`, or forever without it, each message carrying 4 KiB",
  input: Type.Object({
    tag: Type.String(),
    to: Type.Optional(Type.Integer({ minimum: 1 })),
    failAt: Type.Optional(Type.Integer()),
  }),
  roles: ["hr-core"],
  async *stream(input, call) {
    open.add(input.tag);
    try {
      for (let n = 1; input.to === undefined || n <= input.to; n++) {
        if (n === input.failAt) throw ValidationError.field("failAt", "reached");
        produced.set(input.tag, n);
        yield { n, payload };
        if (input.to === undefined) await new Promise((r) => setTimeout(r, 20));
        if (call.signal.aborted) return;
      }
    } finally {
      open.delete(input.tag);
    }
  },
});
const waitOperation = defineOperation({
  name: "Wait",
  summary: "Answers after `ms`, watching its signal",
  input: Type.Object({ ms: Type.Integer(), marks: Type.Optional(Type.Array(Type.Integer())) }),
  roles: ["hr-core"],
  handle: async (input, call) => {
    await new Promise((r) => setTimeout(r, input.ms));
    unaryAborted = call.signal?.aborted ?? false;
    return { waited: input.ms };
  },
});

const stopping = new AbortController();
const health = new HealthImplementation();
let up = true;
const monitor = new ServingMonitor({
  health,
  services: ["test.Counter"],
  probes: { store: async () => up },
  logger: silent,
  intervalMs: 50,
});
let address: string;
let server: Awaited<ReturnType<typeof startGrpcServer>>["server"];
let client: InstanceType<typeof Client>;
let auth: Metadata;

beforeAll(async () => {
  const verifier = new TokenVerifier({
    secret: new TextEncoder().encode(TEST_AUTH_SECRET),
    issuer: "hr-integration",
    audience: "hr-integration",
  });
  const implementation = grpcImplementation(
    definition,
    { Count: countOperation, Wait: waitOperation },
    verifier,
    silent,
    stopping.signal,
  );
  const started = await startGrpcServer({
    services: [{ definition, implementation }],
    address: "127.0.0.1:0",
    health,
  });
  server = started.server;
  address = `127.0.0.1:${started.port}`;
  await monitor.start();
  client = new Client(address, credentials.createInsecure());
  auth = new Metadata();
  auth.set("authorization", `Bearer ${await token(["hr-core"])}`);
});

afterAll(async () => {
  client.close();
  monitor.stop();
  await stopGrpcServer(server, 1_000);
});

const count = (input: object, options: { deadline?: number } = {}) =>
  (client as unknown as { count: (...a: unknown[]) => ClientReadableStream<{ n: number }> }).count(
    input,
    auth,
    options.deadline ? { deadline: Date.now() + options.deadline } : {},
  );

/** Reads a stream to its end: the messages and the final status. */
function drain(call: ClientReadableStream<{ n: number }>) {
  return new Promise<{ messages: number[]; error?: ServiceError }>((resolve) => {
    const messages: number[] = [];
    call.on("data", (m: { n: number }) => messages.push(m.n));
    call.on("error", (error: ServiceError) => resolve({ messages, error }));
    call.on("end", () => resolve({ messages }));
  });
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("request bytes that do not decode", () => {
  /** A client that sends the bytes given as they are, as a broken or hostile client would. */
  const RawClient = makeGenericClientConstructor(
    Object.fromEntries(
      Object.entries(definition).map(([key, method]) => [
        key,
        { ...method, requestSerialize: (bytes: Buffer) => bytes },
      ]),
    ),
    "RawCounter",
  );

  it("are bad input (INVALID_ARGUMENT naming the request), for unary and streaming methods, never INTERNAL", async () => {
    const raw = new RawClient(address, credentials.createInsecure()) as unknown as Record<
      string,
      (...a: unknown[]) => unknown
    >;
    try {
      const unaryError = await new Promise<ServiceError | undefined>((resolve) =>
        (raw.wait as (...a: unknown[]) => void)(Buffer.from("{not json"), auth, (error?: ServiceError) =>
          resolve(error ?? undefined),
        ),
      );
      expect(unaryError?.code).toBe(status.INVALID_ARGUMENT);
      expect(unaryError?.details).toContain("request: not a valid /test.Counter/Wait request message");
      const streamed = await drain(
        (raw.count as (...a: unknown[]) => ClientReadableStream<{ n: number }>)(
          Buffer.from("\u0000\u00ff"),
          auth,
        ),
      );
      expect(streamed.error?.code).toBe(status.INVALID_ARGUMENT);
      expect(streamed.messages).toEqual([]);
    } finally {
      (raw as unknown as { close(): void }).close();
    }
  });
});

describe("request size", () => {
  const wait = (input: object) =>
    new Promise<{ error?: ServiceError; reply?: { waited: number } }>((resolve) =>
      (client as unknown as { wait: (...a: unknown[]) => void }).wait(
        input,
        auth,
        (error: ServiceError | null, reply?: { waited: number }) => resolve(error ? { error } : { reply }),
      ),
    );

  it("refuses a message over MAX_REQUEST_BYTES (REST's body limit) as RESOURCE_EXHAUSTED, before decoding", async () => {
    const marks = Array(Math.ceil(MAX_REQUEST_BYTES / 2)).fill(1); // "1," per mark: just over the limit
    const { error } = await wait({ ms: 0, marks });
    expect(error?.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(error?.details).toContain(`${MAX_REQUEST_BYTES}`);
    expect((await wait({ ms: 0, marks: marks.slice(0, 1_000) })).reply).toEqual({ waited: 0 });
  });
});

describe("server streaming", () => {
  it("streams every message in order and ends with OK", async () => {
    const { messages, error } = await drain(count({ tag: "all", to: 50 }));
    expect(error).toBeUndefined();
    expect(messages).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it("refuses a bad request with INVALID_ARGUMENT before streaming, and ends with the error a handler raises", async () => {
    const refused = await drain(count({ tag: "bad", to: 0 }));
    expect(refused.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(refused.messages).toEqual([]);
    const failed = await drain(count({ tag: "fail", to: 10, failAt: 4 }));
    expect(failed.messages).toEqual([1, 2, 3]);
    expect(failed.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(failed.error?.details).toContain("fail_at");
  });

  it("stops producing while the caller does not read (back-pressure), and resumes when it does", async () => {
    const call = count({ tag: "slow", to: 5_000 });
    const done = drain(call);
    // A caller that took one message and then stopped reading.
    call.once("data", () => call.pause());
    await new Promise((r) => setTimeout(r, 500));
    const whilePaused = produced.get("slow") ?? 0;
    // Buffers and flow-control windows hold a bounded number of 4 KiB messages, far fewer than 5000.
    expect(whilePaused).toBeGreaterThan(0);
    expect(whilePaused).toBeLessThan(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(produced.get("slow")).toBe(whilePaused);
    call.resume();
    const { messages, error } = await done;
    expect(error).toBeUndefined();
    expect(messages).toHaveLength(5_000);
    expect(produced.get("slow")).toBe(5_000);
  });

  it("stops the generator when the caller cancels", async () => {
    const call = count({ tag: "cancel" });
    const outcome = drain(call);
    await until(() => open.has("cancel"), "the stream to open");
    call.cancel();
    expect((await outcome).error?.code).toBe(status.CANCELLED);
    await until(() => !open.has("cancel"), "the generator to finish after the cancel");
  });

  it("ends with UNAUTHENTICATED when the caller's token expires, saying so, and stops the generator", async () => {
    const shortLived = new Metadata();
    shortLived.set(
      "authorization",
      `Bearer ${await signToken(TEST_AUTH_SECRET, { subject: "brief", roles: ["hr-core"], ttl: "2s" })}`,
    );
    const started = Date.now();
    const call = (
      client as unknown as { count: (...a: unknown[]) => ClientReadableStream<{ n: number }> }
    ).count({ tag: "expiring" }, shortLived);
    const { messages, error } = await drain(call);
    expect(error?.code).toBe(status.UNAUTHENTICATED);
    expect(error?.details).toMatch(/token expired/);
    expect(statusDetails(error as ServiceError)?.errorInfo?.reason).toBe("UNAUTHENTICATED");
    expect(messages.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(3_500);
    await until(() => !open.has("expiring"), "the generator to finish after the expiry");
  });

  it("ends with DEADLINE_EXCEEDED at the caller's deadline and stops the generator", async () => {
    const { messages, error } = await drain(count({ tag: "deadline" }, { deadline: 400 }));
    expect(error?.code).toBe(status.DEADLINE_EXCEEDED);
    expect(messages.length).toBeGreaterThan(0);
    await until(() => !open.has("deadline"), "the generator to finish after the deadline");
  });
});

describe("unary deadlines", () => {
  it("answers DEADLINE_EXCEEDED and aborts the handler's signal", async () => {
    unaryAborted = false;
    const error = await new Promise<ServiceError | null>((resolve) =>
      (client as unknown as { wait: (...a: unknown[]) => void }).wait(
        { ms: 600 },
        auth,
        { deadline: Date.now() + 200 },
        (e: ServiceError | null) => resolve(e),
      ),
    );
    expect(error?.code).toBe(status.DEADLINE_EXCEEDED);
    await until(() => unaryAborted, "the handler to see its aborted signal");
  });
});

describe("a refusal naming very many fields", () => {
  const wait = (input: object) =>
    new Promise<ServiceError | null>((resolve) =>
      (client as unknown as { wait: (...a: unknown[]) => void }).wait(
        input,
        auth,
        { deadline: Date.now() + 10_000 },
        (e: ServiceError | null) => resolve(e),
      ),
    );

  it("reaches the caller (bounded trailers), and the connection goes on serving", async () => {
    // Before: 70,000 violations made 2 MB of trailers, past HTTP/2's header limit: the call (and every
    // other call on the connection) got no answer until its deadline.
    const error = await wait({ ms: 0, marks: Array.from({ length: 70_000 }, () => "x") });
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    const violations = statusDetails(error as ServiceError)?.badRequest?.fieldViolations ?? [];
    expect(violations[0]).toMatchObject({ field: "marks[0]", description: "must be integer" });
    expect(violations.at(-1)?.description).toMatch(/^and \d+ more fields are not valid$/);
    expect(error?.details.length).toBeLessThan(10_000);
    expect(await wait({ ms: 0 })).toBeNull();
  });
});

describe("standard health service", () => {
  const healthClient = () =>
    new healthV1.HealthClient(address, credentials.createInsecure()) as healthV1.HealthClient;
  const check = (client: healthV1.HealthClient, service: string) =>
    new Promise<string>((resolve, reject) =>
      client.check({ service }, (error, reply) => (error ? reject(error) : resolve(String(reply.status)))),
    );

  /** Polls Check until it answers `expected` (the monitor re-checks every 50 ms here). */
  async function eventually(client: healthV1.HealthClient, service: string, expected: string) {
    const deadline = Date.now() + 5_000;
    let last = await check(client, service);
    while (last !== expected && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      last = await check(client, service);
    }
    return last;
  }

  it("is SERVING overall and per service while the probes answer, NOT_SERVING while one does not", async () => {
    const c = healthClient();
    expect(await check(c, "")).toBe("SERVING");
    expect(await check(c, "test.Counter")).toBe("SERVING");
    up = false;
    expect(await eventually(c, "test.Counter", "NOT_SERVING")).toBe("NOT_SERVING");
    expect(await check(c, "")).toBe("NOT_SERVING");
    up = true;
    expect(await eventually(c, "", "SERVING")).toBe("SERVING");
    c.close();
  });
});

describe("stopping", () => {
  it("reports NOT_SERVING and ends open streams with UNAVAILABLE so callers reconnect elsewhere", async () => {
    const call = count({ tag: "stopping" });
    const outcome = drain(call);
    await until(() => (produced.get("stopping") ?? 0) > 1, "the stream to send");
    monitor.stop();
    stopping.abort();
    const { error, messages } = await outcome;
    expect(error?.code).toBe(status.UNAVAILABLE);
    expect(messages.length).toBeGreaterThan(0);
    await until(() => !open.has("stopping"), "the generator to finish");
    const c = new healthV1.HealthClient(address, credentials.createInsecure());
    const reply = await new Promise<string>((resolve, reject) =>
      c.check({ service: "" }, (e, r) => (e ? reject(e) : resolve(String(r.status)))),
    );
    expect(reply).toBe("NOT_SERVING");
    c.close();
  });
});
