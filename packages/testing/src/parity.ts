import {
  credentials,
  Metadata,
  makeGenericClientConstructor,
  type ServiceDefinition,
  type ServiceError,
  status,
} from "@grpc/grpc-js";
import { expect, it } from "vitest";
import { statusDetails } from "./grpc";

/**
 * The parity suite: every RPC of a service called over gRPC with a generated client (as an HR core
 * system in any language would, so proto3 defaults arrive for everything not set) and over REST with
 * the same request, and the answers compared. A service joins by listing its operations and cases;
 * see packages/kit/README.md, "Parity with REST".
 */

/** Which side a request is built for: each side acts on its own twin records, so commands do not collide. */
export interface Twin {
  side: "grpc" | "rest";
  /** `base` made unique to this side (`E1` -> `E1G` / `E1R`); the answers are compared with it mapped back. */
  id(base: string): string;
}

export interface ParityCase {
  /** What the case shows, e.g. "gap report with every optional field unset". */
  name: string;
  /**
   * The request in the generated client's terms (ts-proto camelCase fields, enums by full name). Fields
   * left out are sent as proto3 defaults over gRPC and left out over REST. `earlier` holds this side's
   * answers of the operation's earlier cases and of earlier operations, by case name.
   */
  request(twin: Twin, earlier: Record<string, Record<string, unknown>>): Record<string, unknown>;
  /** Roles of the calling token (default: the suite's). */
  roles?: string[];
}

export interface ParityOperation {
  /** The gRPC method name, e.g. `GetGapReport`. */
  method: string;
  cases: ParityCase[];
}

/** What a message type of the generated code offers (ts-proto). */
interface MessageType {
  fromPartial(value: object): unknown;
  fromJSON(value: unknown): unknown;
  toJSON(message: unknown): unknown;
}

export interface ParitySuite {
  /** The running service's addresses (called when the tests run, after the service started). */
  target: () => { httpUrl: string; grpcAddress: string };
  /** The generated grpc-js service definition, e.g. `skillsV1.SkillsServiceService`. */
  definition: ServiceDefinition;
  /** The generated package namespace holding `<Method>Request` / `<Method>Response`, e.g. `skillsV1`. */
  messages: Record<string, unknown>;
  /** The service's REST routes (its `RouteSpec`s). */
  routes: ReadonlyArray<{ method: string; url: string; operation: string }>;
  /** Signs a token with these roles. */
  token: (roles: string[]) => Promise<string>;
  roles: string[];
  operations: ParityOperation[];
  /**
   * RPCs that have no JSON REST twin to compare with, each with the reason (e.g. a server stream, or a
   * file download): listed, so the suite says why they are not compared instead of leaving them out.
   */
  withoutRestTwin?: Array<{ method: string; reason: string }>;
}

/** gRPC status -> the HTTP status REST answers for the same refusal (CONTRACTS.md). */
const HTTP_OF: Partial<Record<number, number>> = {
  [status.INVALID_ARGUMENT]: 400,
  [status.UNAUTHENTICATED]: 401,
  [status.PERMISSION_DENIED]: 403,
  [status.NOT_FOUND]: 404,
  [status.ABORTED]: 409,
  [status.FAILED_PRECONDITION]: 422,
};

type Outcome =
  | { ok: true; answer: unknown }
  | { ok: false; status: number; fields?: string[]; reason?: string };

/**
 * Registers one test per case, in order (commands first, then the queries that read what they did),
 * plus, per operation, the case "every field unset but the path": the request message at its proto3
 * defaults. Every RPC of the definition must be listed, so a new RPC cannot skip the suite.
 */
export function describeParity(suite: ParitySuite): void {
  const earlier = { grpc: {}, rest: {} } as Record<Twin["side"], Record<string, Record<string, unknown>>>;
  const withoutTwin = suite.withoutRestTwin ?? [];
  it("lists every RPC of the service", () => {
    const rpcs = Object.values(suite.definition).map((m) => m.path.slice(m.path.lastIndexOf("/") + 1));
    const listed = [...suite.operations, ...withoutTwin].map((o) => o.method);
    expect(listed.sort()).toEqual(rpcs.sort());
  });
  for (const { method, reason } of withoutTwin) {
    it(`${method}: not compared, no JSON REST twin (${reason})`, () => {
      expect(suite.routes.filter((r) => r.operation === method)).toEqual([]);
    });
  }
  for (const operation of suite.operations) {
    const route = suite.routes.find((r) => r.operation === operation.method);
    if (!route) throw new Error(`${operation.method} has no REST route to compare with`);
    const pathParams = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const first = operation.cases[0];
    if (!first) throw new Error(`${operation.method} lists no case`);
    const defaults: ParityCase = {
      name: "every field unset but the path (proto3 defaults)",
      roles: first.roles ?? suite.roles,
      request: (twin, answers) => {
        const full = first.request(twin, answers);
        return Object.fromEntries(pathParams.filter((p) => p in full).map((p) => [p, full[p]]));
      },
    };
    for (const parityCase of [...operation.cases, defaults]) {
      it(`${operation.method}: ${parityCase.name}`, async () => {
        // One side after the other: a command's twin must not race it on shared reference data.
        const outcomes: Outcome[] = [];
        for (const side of ["grpc", "rest"] as const) {
          outcomes.push(
            await (async () => {
              const twins = new Map<string, string>();
              const twin: Twin = {
                side,
                id: (base) => {
                  const id = `${base}${side === "grpc" ? "G" : "R"}`;
                  twins.set(id, base);
                  return id;
                },
              };
              const request = parityCase.request(twin, earlier[side]);
              const roles = parityCase.roles ?? suite.roles;
              const outcome =
                side === "grpc"
                  ? await callGrpc(suite, operation.method, request, roles)
                  : await callRest(suite, route, pathParams, request, roles);
              if (outcome.ok) earlier[side][parityCase.name] = outcome.answer as Record<string, unknown>;
              return untwin(outcome, twins);
            })(),
          );
        }
        expect(outcomes[0], "gRPC and REST answer alike").toEqual(outcomes[1]);
      });
    }
  }
}

function messageType(suite: ParitySuite, name: string): MessageType {
  const type = suite.messages[name] as MessageType | undefined;
  if (!type?.fromPartial) throw new Error(`no generated message ${name}`);
  return type;
}

async function callGrpc(
  suite: ParitySuite,
  method: string,
  request: object,
  roles: string[],
): Promise<Outcome> {
  const [key] = Object.entries(suite.definition).find(([, m]) => m.path.endsWith(`/${method}`)) ?? [];
  const Client = makeGenericClientConstructor(suite.definition, "Parity");
  const client = new Client(suite.target().grpcAddress, credentials.createInsecure());
  const metadata = new Metadata();
  metadata.set("authorization", `Bearer ${await suite.token(roles)}`);
  const message = messageType(suite, `${method}Request`).fromPartial(request);
  const response = messageType(suite, `${method}Response`);
  try {
    const reply = await new Promise<unknown>((resolve, reject) =>
      (client as unknown as Record<string, (...a: unknown[]) => void>)[key!]!(
        message,
        metadata,
        (error: ServiceError | null, value: unknown) => (error ? reject(error) : resolve(value)),
      ),
    );
    return { ok: true, answer: response.toJSON(reply) };
  } catch (error) {
    const details = statusDetails(error as ServiceError);
    return refusal(
      HTTP_OF[(error as ServiceError).code] ?? (error as ServiceError).code,
      details?.badRequest?.fieldViolations.map((v) => v.field),
      details?.preconditionFailure?.violations[0]?.type,
    );
  } finally {
    client.close();
  }
}

async function callRest(
  suite: ParitySuite,
  route: ParitySuite["routes"][number],
  pathParams: string[],
  request: Record<string, unknown>,
  roles: string[],
): Promise<Outcome> {
  const path = route.url.replace(/:(\w+)/g, (_m, name: string) =>
    encodeURIComponent(String(request[name] ?? "")),
  );
  const rest = Object.fromEntries(Object.entries(request).filter(([k]) => !pathParams.includes(k)));
  const inBody = route.method === "POST" || route.method === "PUT";
  const query = new URLSearchParams();
  if (!inBody) {
    for (const [k, v] of Object.entries(rest)) for (const item of [v].flat()) query.append(k, String(item));
  }
  const response = await fetch(`${suite.target().httpUrl}${path}${query.size ? `?${query}` : ""}`, {
    method: route.method,
    headers: {
      authorization: `Bearer ${await suite.token(roles)}`,
      ...(inBody ? { "content-type": "application/json" } : {}),
    },
    ...(inBody ? { body: JSON.stringify(rest) } : {}),
  });
  const body = (await response.json()) as {
    error?: { violations?: { field: string }[]; reason?: string };
  };
  if (response.ok) {
    const type = messageType(suite, `${route.operation}Response`);
    return { ok: true, answer: type.toJSON(type.fromJSON(body)) };
  }
  return refusal(
    response.status,
    body.error?.violations?.map((v) => toSnakePath(v.field)),
    body.error?.reason,
  );
}

function refusal(code: number, fields?: string[], reason?: string): Outcome {
  return {
    ok: false,
    status: code,
    ...(fields?.length ? { fields: [...fields].sort() } : {}),
    ...(reason ? { reason } : {}),
  };
}

/** REST names fields in camelCase, gRPC as in the proto: `requirements[2].skillId` -> `requirements[2].skill_id`. */
function toSnakePath(path: string): string {
  return path.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * The outcome with this side's twin ids mapped back to their base, and ids the service assigned
 * (UUIDs) masked, so both sides compare equal when they answered alike.
 */
function untwin(outcome: Outcome, twins: Map<string, string>): Outcome {
  let text = JSON.stringify(outcome).replace(UUID, "<uuid>");
  for (const [id, base] of twins) text = text.replaceAll(JSON.stringify(id).slice(1, -1), base);
  return JSON.parse(text) as Outcome;
}
