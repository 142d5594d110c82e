// The authorization matrix of `./run faults`: every REST route (each service's OpenAPI document, plus the
// HR pages with their CSV and server-sent events) and every gRPC method (WatchChanges included), called with
// each kind of bad token and with each role, an `employee` token on its own employee's record and on
// someone else's. The expected table is docs/authorization.md; every cell is observed over each binding and
// compared with it. `--write-authorization` writes the table from what was observed (review its diff).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, credentials, Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { ROLES, type Role, signToken } from "@hr/kit";
import { secondmentV1, skillsV1, syncV1, trainingV1 } from "@hr/proto";
import { ROOT, type RunningService, type ServiceName } from "./up";

export const AUTHORIZATION_DOC = join(ROOT, "docs/authorization.md");
const BOUND_MS = 15_000;
/** How long a stream that was let in is held before it is cancelled. */
const STREAM_HOLD_MS = 3_000;
/** The employee of the `employee` token, and the other one whose records it must not reach. */
const OWN = "E7001";
const OTHER = "E7002";

const BAD_TOKENS = [
  "no token",
  "expired",
  "wrong signature",
  "alg none",
  "wrong audience",
  "wrong issuer",
] as const;
const STAFF_ROLES = ROLES.filter((r) => r !== "employee");
const COLUMNS = [...BAD_TOKENS, ...STAFF_ROLES, "employee (own)", "employee (other)"] as const;
type Column = (typeof COLUMNS)[number];

/** What a call came to: refused for its token (401), for its role or record (403), or let in. */
type Cell = "401" | "403" | "in";

type Log = (line: string) => void;

/** The token of each column (undefined: no Authorization at all). */
async function tokens(secret: string): Promise<Record<Column, string | undefined>> {
  const sign = (
    roles: Role[],
    claims: { employeeId?: string; audience?: string; issuer?: string; ttl?: string } = {},
    key = secret,
  ) => signToken(key, { subject: "faults-authorization", roles, ttl: "30m", ...claims });
  const admin = await sign(["hr-admin"]);
  const b64 = (json: unknown) => Buffer.from(JSON.stringify(json)).toString("base64url");
  const employee = await sign(["employee"], { employeeId: OWN });
  const staff = await Promise.all(STAFF_ROLES.map(async (r) => [r, await sign([r])] as const));
  return {
    "no token": undefined,
    expired: await sign(["hr-admin"], { ttl: "10 minutes ago" }),
    "wrong signature": await sign(["hr-admin"], {}, "another-secret-of-at-least-32-bytes!"),
    // The administrator's claims unsigned: a verifier that trusts the header's algorithm would take them.
    "alg none": `${b64({ alg: "none", typ: "JWT" })}.${admin.split(".")[1]}.`,
    "wrong audience": await sign(["hr-admin"], { audience: "another-system" }),
    "wrong issuer": await sign(["hr-admin"], { issuer: "someone-else" }),
    ...(Object.fromEntries(staff) as Record<(typeof STAFF_ROLES)[number], string>),
    "employee (own)": employee,
    "employee (other)": employee,
  };
}

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
  format?: string;
};

interface RestBinding {
  method: string;
  path: string;
  /** The request of a call about `employeeId`: path with query, body, and all its fields in one object. */
  request(employeeId: string): { path: string; body?: unknown; fields?: Record<string, unknown> };
}

interface Row {
  service: ServiceName;
  operation: string;
  rest?: RestBinding;
  grpc?: { path: string; stream: boolean; message(employeeId: string): Buffer };
}

let requests = 0;

/** A value the request schema admits (with `employeeId` wherever an employee is named), so a call let in
 * reaches the operation itself. */
function sample(
  schema: Schema | undefined,
  name: string,
  employeeId: string,
  resolve: (s?: Schema) => Schema | undefined,
): unknown {
  const s = resolve(schema);
  if (!s) return undefined;
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum.find((v) => !String(v).endsWith("UNSPECIFIED")) ?? s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  // An object's own properties first: its allOf/anyOf add rules between fields (e.g. a detail a basis needs).
  if (type === "object" || s.properties) {
    return Object.fromEntries(
      (s.required ?? []).map((key) => [key, sample(s.properties?.[key], key, employeeId, resolve)]),
    );
  }
  const first = s.anyOf?.[0] ?? s.oneOf?.[0] ?? s.allOf?.[0];
  if (first) return sample(first, name, employeeId, resolve);
  if (type === "array")
    return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items, name, employeeId, resolve));
  if (type === "integer" || type === "number") {
    const wanted = /year/i.test(name) ? 2024 : 1;
    return Math.min(Math.max(wanted, s.minimum ?? wanted), s.maximum ?? wanted);
  }
  if (type === "boolean") return false;
  if (name === "employeeId") return employeeId;
  if (name === "requestId") return `faults-authz-${++requests}`;
  if (s.format === "date" || /\\d\{4\}|\[0-9\]\{4\}/.test(s.pattern ?? "")) return "2024-06-14";
  return "x".repeat(Math.max(1, s.minLength ?? 1));
}

type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      {
        operationId?: string;
        parameters?: Array<{ in: string; name: string; required?: boolean; schema?: Schema }>;
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, Schema> };
};

/** The REST bindings of a service's OpenAPI document, by operation id. */
export async function restBindings(service: RunningService): Promise<Map<string, RestBinding>> {
  const doc = (await (await fetch(`${service.httpUrl}/docs/json`)).json()) as OpenApi;
  const resolve = (schema?: Schema): Schema | undefined =>
    schema?.$ref ? doc.components?.schemas?.[schema.$ref.split("/").pop() as string] : schema;
  const bindings = new Map<string, RestBinding>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!op.operationId) continue;
      const params = op.parameters ?? [];
      const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
      bindings.set(op.operationId, {
        method: method.toUpperCase(),
        path,
        request: (employeeId) => {
          const values = Object.fromEntries(
            params
              // The employee filter too, so that an `employee` token's own-record check sees whom.
              .filter((p) => p.in === "path" || p.required || p.name === "employeeId")
              .map((p) => [p.name, sample(p.schema, p.name, employeeId, resolve)]),
          );
          const filled = path.replace(/\{(\w+)\}/g, (_, name: string) =>
            encodeURIComponent(String(values[name])),
          );
          const query = params
            .filter((p) => p.in === "query" && p.name in values)
            .map((p) => `${p.name}=${encodeURIComponent(String(values[p.name]))}`)
            .join("&");
          const body = bodySchema ? sample(bodySchema, "", employeeId, resolve) : undefined;
          return {
            path: query ? `${filled}?${query}` : filled,
            ...(body !== undefined ? { body } : {}),
            fields: { ...values, ...(body as object) },
          };
        },
      });
    }
  }
  return bindings;
}

type Messages = Record<
  string,
  { fromJSON(o: unknown): unknown; encode(m: unknown): { finish(): Uint8Array } }
>;
const GRPC: Record<
  ServiceName,
  { definition: Record<string, { path: string; responseStream: boolean }>; messages: Messages }
> = {
  skills: { definition: skillsV1.SkillsServiceService, messages: skillsV1 as unknown as Messages },
  training: { definition: trainingV1.TrainingServiceService, messages: trainingV1 as unknown as Messages },
  secondment: {
    definition: secondmentV1.SecondmentServiceService,
    messages: secondmentV1 as unknown as Messages,
  },
  "hr-sync": { definition: syncV1.HrSyncServiceService, messages: syncV1 as unknown as Messages },
};

/** The HR pages (not in the OpenAPI document): each page, its CSV and its server-sent events. */
const PAGES: Array<[string, (employeeId: string) => string]> = [
  ["employee page", (e) => `/pages/employees/${e}`],
  ["evaluation page", (e) => `/pages/employees/${e}/evaluations/2024`],
  ["department page", () => "/pages/departments?department=Digital%20Services%20Bureau&fiscalYear=2024"],
  [
    "department CSV",
    () => "/pages/evaluation-records.csv?department=Digital%20Services%20Bureau&fiscalYear=2024",
  ],
  ["live updates (server-sent events)", (e) => `/pages/changes?employeeId=${e}`],
];

/** Every operation of every service with its bindings. */
async function rows(services: RunningService[]): Promise<Row[]> {
  const all: Row[] = [];
  for (const service of services) {
    const rest = await restBindings(service);
    const { definition, messages } = GRPC[service.name];
    const byName = new Map<string, Row>();
    for (const method of Object.values(definition)) {
      const operation = method.path.split("/").pop() as string;
      const type = messages[`${operation}Request`];
      const binding = rest.get(operation);
      byName.set(operation, {
        service: service.name,
        operation,
        ...(binding ? { rest: binding } : {}),
        grpc: {
          path: method.path,
          stream: method.responseStream,
          message: (employeeId) => {
            if (!type) return Buffer.alloc(0);
            // The REST request's path and query parameters and body, as the gRPC message's fields.
            const fields = { employeeId, ...binding?.request(employeeId).fields };
            return Buffer.from(type.encode(type.fromJSON(fields)).finish());
          },
        },
      });
    }
    for (const [operation, binding] of rest)
      if (!byName.has(operation)) byName.set(operation, { service: service.name, operation, rest: binding });
    if (service.name === "hr-sync")
      for (const [operation, path] of PAGES)
        byName.set(operation, {
          service: service.name,
          operation,
          rest: { method: "GET", path: path("{employeeId}"), request: (e) => ({ path: path(e) }) },
        });
    all.push(...byName.values());
  }
  return all;
}

async function callRest(
  service: RunningService,
  binding: RestBinding,
  token: string | undefined,
  employeeId: string,
): Promise<Cell | string> {
  const { path, body } = binding.request(employeeId);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), BOUND_MS);
  try {
    const response = await fetch(`${service.httpUrl}${path}`, {
      method: binding.method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: controller.signal,
    });
    // A stream let in (server-sent events) is not read to its end.
    if (response.headers.get("content-type")?.startsWith("text/event-stream")) controller.abort();
    else await response.text();
    if (response.status === 401 || response.status === 403) return String(response.status) as Cell;
    return response.status >= 500 ? `server error ${response.status}` : "in";
  } catch (error) {
    return `no answer within ${BOUND_MS} ms (${(error as Error).message})`;
  } finally {
    clearTimeout(timer);
  }
}

function cellOfStatus(code: status | undefined, details?: string): Cell | string {
  if (code === status.UNAUTHENTICATED) return "401";
  if (code === status.PERMISSION_DENIED) return "403";
  if (code === status.INTERNAL || code === status.UNKNOWN || code === status.DEADLINE_EXCEEDED)
    return `server error ${status[code]} ${details ?? ""}`;
  return "in";
}

async function callGrpc(
  client: Client,
  grpc: NonNullable<Row["grpc"]>,
  token: string | undefined,
  employeeId: string,
): Promise<Cell | string> {
  const md = new Metadata();
  if (token) md.set("authorization", `Bearer ${token}`);
  const identity = (b: Buffer) => b;
  const message = grpc.message(employeeId);
  if (!grpc.stream) {
    return new Promise((resolve) =>
      client.makeUnaryRequest(
        grpc.path,
        identity,
        identity,
        message,
        md,
        { deadline: Date.now() + BOUND_MS },
        (error) => resolve(cellOfStatus(error?.code, error?.details)),
      ),
    );
  }
  // A stream refused ends with its status at once; one let in stays open until cancelled.
  return new Promise((resolve) => {
    const call = client.makeServerStreamRequest(grpc.path, identity, identity, message, md, {});
    const held = setTimeout(() => {
      resolve("in");
      call.cancel();
    }, STREAM_HOLD_MS);
    call.on("data", () => undefined);
    call.on("error", (error: ServiceError) => {
      clearTimeout(held);
      resolve(error.code === status.CANCELLED ? "in" : cellOfStatus(error.code, error.details));
    });
    call.on("end", () => {
      clearTimeout(held);
      resolve("in");
    });
  });
}

/** The expected table, by `service operation`: the cells in column order. */
function readExpected(): Map<string, string[]> {
  const expected = new Map<string, string[]>();
  if (!existsSync(AUTHORIZATION_DOC)) return expected;
  for (const line of readFileSync(AUTHORIZATION_DOC, "utf8").split("\n")) {
    const cells = line
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length !== COLUMNS.length + 4 || cells[0] === "service" || cells[0]?.startsWith("-")) continue;
    expected.set(`${cells[0]} ${cells[1]?.replace(/`/g, "")}`, cells.slice(4));
  }
  return expected;
}

function writeDoc(observed: Array<{ row: Row; cells: string[] }>): void {
  const header = `| service | operation | REST | gRPC | ${COLUMNS.join(" | ")} |`;
  const lines = observed.map(
    ({ row, cells }) =>
      `| ${row.service} | \`${row.operation}\` | ${row.rest ? `\`${row.rest.method} ${row.rest.path}\`` : "—"} | ${row.grpc ? (row.grpc.stream ? "stream" : "unary") : "—"} | ${cells.join(" | ")} |`,
  );
  writeFileSync(
    AUTHORIZATION_DOC,
    `# Authorization matrix

Who may call what, as \`./run faults\` checks it: each row is an operation (its REST route and gRPC method
answer alike; the HR pages are REST only), each column a caller. \`401\`: refused for the token (REST 401,
gRPC \`UNAUTHENTICATED\`); \`403\`: refused for the role, or an \`employee\` on another employee's record (REST
403, gRPC \`PERMISSION_DENIED\`); \`in\`: let past authentication and authorization (the answer is then the
operation's own: a reply, 400 for the sample input, 404, 422 ...). The own-record check comes before validation:
an \`employee\` naming someone else gets 403 whatever the input, so no 400 tells what another's record would take.
Bad tokens: none at all; expired 10 minutes
ago; signed with another secret; \`alg: none\` with an administrator's claims; audience or issuer of another
system. \`employee (own)\` calls about the token's own employee (\`employee_id\`), \`employee (other)\` about
someone else. Every cell is checked over every binding on each run; \`./run faults --write-authorization\`
rewrites this table from what the services do (review its diff before committing it).

${header}
| ${["---", "---", "---", "---", ...COLUMNS.map(() => "---")].join(" | ")} |
${lines.join("\n")}
`,
  );
}

export interface AuthorizationResult {
  cells: number;
  wrong: number;
  serverErrors: number;
}

/** Calls every cell over every binding; counts those that differ from docs/authorization.md. */
export async function authorizationMatrix(
  services: RunningService[],
  secret: string,
  write: boolean,
  log: Log,
): Promise<AuthorizationResult> {
  const token = await tokens(secret);
  const expected = readExpected();
  const result: AuthorizationResult = { cells: 0, wrong: 0, serverErrors: 0 };
  const observed: Array<{ row: Row; cells: string[] }> = [];
  const clients = new Map(
    services.map((s) => [s.name, new Client(s.grpcAddress, credentials.createInsecure())]),
  );
  try {
    for (const row of await rows(services)) {
      const service = services.find((s) => s.name === row.service) as RunningService;
      const client = clients.get(row.service) as Client;
      const want = expected.get(`${row.service} ${row.operation}`);
      if (!want && !write)
        log(`AUTHORIZATION: ${row.service} ${row.operation} is not in ${AUTHORIZATION_DOC}`);
      const cells = await Promise.all(
        COLUMNS.map(async (column, i) => {
          const employeeId = column === "employee (other)" ? OTHER : OWN;
          const got = await Promise.all([
            row.rest ? callRest(service, row.rest, token[column], employeeId) : undefined,
            row.grpc ? callGrpc(client, row.grpc, token[column], employeeId) : undefined,
          ]);
          for (const [binding, cell] of [
            ["REST", got[0]],
            ["gRPC", got[1]],
          ] as const) {
            if (cell === undefined) continue;
            result.cells++;
            if (cell.startsWith("server error") || cell.startsWith("no answer")) result.serverErrors++;
            // A bad token is refused everywhere, whatever a table says.
            const should = (BAD_TOKENS as readonly string[]).includes(column) ? "401" : want?.[i];
            if (cell !== should && !(write && should === undefined)) {
              result.wrong++;
              log(
                `AUTHORIZATION WRONG: ${row.service} ${row.operation} over ${binding} with ${column}: ${cell}, expected ${should ?? "a row in the table"}`,
              );
            }
          }
          return got[0] ?? got[1] ?? "";
        }),
      );
      observed.push({ row, cells });
    }
  } finally {
    for (const client of clients.values()) client.close();
  }
  if (write) {
    writeDoc(observed);
    log(`authorization: wrote ${AUTHORIZATION_DOC} (${observed.length} operations)`);
  }
  log(`authorization: ${result.cells} cells over ${observed.length} operations, ${result.wrong} wrong`);
  return result;
}
