// Hostile input for `./run faults`: property-based cases (fast-check, a fixed seed per run) against every
// REST route of each service's OpenAPI document and every unary gRPC method of its service definition.
// Each case carries a request id no rule admits, so no command may be taken: every answer must be a
// refusal (4xx / a gRPC status other than INTERNAL or UNKNOWN), never a server error or a hang.
import { Client, credentials, Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { secondmentV1, skillsV1, syncV1, trainingV1 } from "@hr/proto";
import fc from "fast-check";
import type { RunningService, ServiceName } from "./up";

const BOUND_MS = 15_000;

/** Strings no id, date or text rule should take, and shapes a store or a parser may read specially. */
const hostileString = fc.oneof(
  fc.constantFrom(
    '{"$gt":""}',
    "$where",
    "a.b",
    "a\u0000b",
    "\u202Eevil",
    "\u200B",
    "\u001b[31mred",
    "2023-02-30",
    "2023-2-3",
    "10000-12-31",
    "0000-00-00",
    "../../etc/passwd",
    '=HYPERLINK("http://x")',
    "\uD800",
    "%00",
    " ",
    "",
    "x".repeat(70_000),
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
);

const hostileValue = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant({ $gt: "" }),
  fc.constant(2 ** 53),
  fc.array(hostileString, { maxLength: 3 }),
);

/** A request id that breaks the id rule, whatever else the case holds. */
const badRequestId = fc.oneof(
  fc.constantFrom('{"$gt":""}', "a\u0000b", "x".repeat(65), "", "a b", "\u202E1"),
  fc.constant({ $gt: "" }),
  fc.integer(),
);

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  bodyFields: string[];
}

type Schema = { $ref?: string; properties?: Record<string, unknown> };
type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ in: string; name: string }>;
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
};

/** The routes of a service's OpenAPI document (the framework's /docs routes left out). */
async function operationsOf(service: RunningService): Promise<Operation[]> {
  const doc = (await (await fetch(`${service.httpUrl}/docs/json`)).json()) as OpenApi;
  const resolve = (schema?: Schema): Schema | undefined =>
    schema?.$ref ? doc.components?.schemas?.[schema.$ref.split("/").pop() as string] : schema;
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        pathParams: (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name),
        queryParams: (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
        bodyFields: Object.keys(
          resolve(op.requestBody?.content?.["application/json"]?.schema)?.properties ?? {},
        ),
      })),
  );
}

function urlPart(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return "%ED%A0%80"; // a lone surrogate, as its UTF-8 bytes
  }
}

const CONTENT_TYPES = [
  "application/json",
  "application/json",
  "application/json",
  "text/plain",
  "application/xml",
];

export interface HostileResult {
  inputs: number;
  serverErrors: number;
  /** Writes that were taken although every case breaks a rule. */
  taken: number;
}

/** Sends `casesPerService` REST cases and as many gRPC cases to each service; counts what was wrong. */
export async function hostileInputs(
  services: RunningService[],
  token: string,
  casesPerService: number,
  seed: number,
  log: (line: string) => void,
): Promise<HostileResult> {
  const result: HostileResult = { inputs: 0, serverErrors: 0, taken: 0 };
  const wrong = (what: string, serverError: boolean) => {
    if (serverError) result.serverErrors++;
    else result.taken++;
    if (result.serverErrors + result.taken <= 20) log(`${serverError ? "SERVER ERROR" : "TAKEN"}: ${what}`);
  };
  for (const service of services) {
    const operations = await operationsOf(service);
    await restCases(service, operations, token, casesPerService, seed, result, wrong);
    await grpcCases(service, token, casesPerService, seed, result, wrong);
    log(`hostile input: ${service.name} done (${operations.length} routes), ${result.inputs} inputs so far`);
  }
  return result;
}

type Wrong = (what: string, serverError: boolean) => void;

async function restCases(
  service: RunningService,
  operations: Operation[],
  token: string,
  count: number,
  seed: number,
  result: HostileResult,
  wrong: Wrong,
): Promise<void> {
  const cases = fc.sample(
    fc.record({
      op: fc.constantFrom(...operations),
      params: fc.array(hostileString, { minLength: 4, maxLength: 4 }),
      query: fc.array(hostileString, { minLength: 4, maxLength: 4 }),
      values: fc.array(hostileValue, { minLength: 24, maxLength: 24 }),
      requestId: badRequestId,
      contentType: fc.constantFrom(...CONTENT_TYPES),
    }),
    { numRuns: count, seed },
  );
  await inParallel(cases, 4, async (c) => {
    let i = 0;
    const path = c.op.path.replace(/\{(\w+)\}/g, () => urlPart(c.params[i++ % 4] as string));
    const query = c.op.queryParams.map((name, j) => `${name}=${urlPart(c.query[j % 4] as string)}`).join("&");
    const write = c.op.method !== "GET";
    const body = write
      ? JSON.stringify({
          ...Object.fromEntries(c.op.bodyFields.map((f, j) => [f, c.values[j % 24]])),
          requestId: c.requestId,
        })
      : undefined;
    result.inputs++;
    const what = `${service.name} ${c.op.method} ${c.op.path}`;
    try {
      const response = await fetch(`${service.httpUrl}${path}${query ? `?${query}` : ""}`, {
        method: c.op.method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { "content-type": c.contentType } : {}),
        },
        body,
        signal: AbortSignal.timeout(BOUND_MS),
      });
      const text = await response.text();
      if (response.status >= 500) wrong(`${what} -> ${response.status} ${text.slice(0, 200)}`, true);
      else if (write && response.ok && c.op.bodyFields.includes("requestId"))
        wrong(
          `${what} -> ${response.status} for request id ${JSON.stringify(c.requestId).slice(0, 40)}`,
          false,
        );
    } catch (error) {
      wrong(
        `${what}: ${(error as Error).name === "TimeoutError" ? "no answer within the bound" : error}`,
        true,
      );
    }
  });
}

const DEFINITIONS: Record<
  ServiceName,
  Record<string, { path: string; requestStream: boolean; responseStream: boolean }>
> = {
  skills: skillsV1.SkillsServiceService,
  training: trainingV1.TrainingServiceService,
  secondment: secondmentV1.SecondmentServiceService,
  "hr-sync": syncV1.HrSyncServiceService,
};

/** A protobuf field: `field` as length-delimited bytes (a string, or the wrong wire type for a number). */
function lengthDelimited(field: number, value: string): Buffer {
  const bytes = Buffer.from(value, "utf8");
  const varint = (n: number) => {
    const out: number[] = [];
    while (n > 127) {
      out.push((n & 127) | 128);
      n >>>= 7;
    }
    out.push(n);
    return Buffer.from(out);
  };
  return Buffer.concat([varint((field << 3) | 2), varint(bytes.length), bytes]);
}

async function grpcCases(
  service: RunningService,
  token: string,
  count: number,
  seed: number,
  result: HostileResult,
  wrong: Wrong,
): Promise<void> {
  const methods = Object.values(DEFINITIONS[service.name]).filter(
    (m) => !m.requestStream && !m.responseStream,
  );
  const message = fc.oneof(
    fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
    fc
      .array(fc.tuple(fc.integer({ min: 1, max: 12 }), hostileString), { minLength: 1, maxLength: 6 })
      // The bad request id (field 1) last: a later field 1 among the random ones would replace it (the last
      // one wins), and a random string may be a valid id, which a write then rightly takes.
      .map((fields) =>
        Buffer.concat([...fields.map(([f, v]) => lengthDelimited(f, v)), lengthDelimited(1, "a\u0000b")]),
      ),
  );
  const cases = fc.sample(fc.record({ method: fc.constantFrom(...methods), message }), {
    numRuns: count,
    seed,
  });
  const client = new Client(service.grpcAddress, credentials.createInsecure());
  const md = new Metadata();
  md.set("authorization", `Bearer ${token}`);
  const identity = (b: Buffer) => b;
  try {
    await inParallel(cases, 4, async (c) => {
      result.inputs++;
      const error = await new Promise<ServiceError | null>((resolve) =>
        client.makeUnaryRequest(
          c.method.path,
          identity,
          identity,
          c.message,
          md,
          { deadline: Date.now() + BOUND_MS },
          (e) => resolve(e),
        ),
      );
      const code = error?.code ?? status.OK;
      if (code === status.INTERNAL || code === status.UNKNOWN || code === status.DEADLINE_EXCEEDED)
        wrong(`${service.name} ${c.method.path} -> ${status[code]} ${error?.details ?? ""}`, true);
      else if (code === status.OK && !/\/(Get|List|Export|Search)/.test(c.method.path))
        wrong(`${service.name} ${c.method.path} -> OK for a message whose request id breaks the rule`, false);
    });
  } finally {
    client.close();
  }
}

export async function inParallel<T>(
  items: T[],
  width: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}
