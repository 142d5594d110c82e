import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import helmet from "@fastify/helmet";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import underPressure from "@fastify/under-pressure";
import { type Static, type TSchema, Type } from "@sinclair/typebox";
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from "fastify";
import type { TokenVerifier } from "../auth/token-verifier";
import { ValidationError } from "../domain/errors";
import { inCallSpan } from "./call-span";
import { mapError } from "./error-mapping";
import { CORRELATION_HEADER, invoke, MAX_REQUEST_BYTES, type Operation } from "./operation";

export interface HttpAppOptions {
  title: string;
  description: string;
  version: string;
  logger?: boolean | object;
  /** Serve HTTPS: PEM certificate chain and key; with `ca`, clients must present a certificate it signed. */
  https?: { cert: Buffer; key: Buffer; ca?: Buffer };
  /** A request (headers and body) must arrive within this; else 408. Default 30 s. */
  requestTimeoutMs?: number;
}

/**
 * Node checks request deadlines only every `connectionsCheckingInterval` (30 s by default), so a slow
 * client was answered 408 up to 30 s late; checked every second, the 408 comes within a second of it.
 */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({
        description: "gRPC canonical code name, e.g. INVALID_ARGUMENT, FAILED_PRECONDITION",
      }),
      message: Type.String(),
      violations: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
      reason: Type.Optional(Type.String({ description: "For FAILED_PRECONDITION: the rule's stable code" })),
    }),
  },
  { $id: "ErrorResponse", description: "Every error, from a route or from the framework, has this shape" },
);

/**
 * Refusals fastify makes before an operation runs, in the one error shape (code: the gRPC canonical
 * name, as for the operations' own errors; never INTERNAL for a caller's mistake).
 */
const FRAMEWORK_CODES: Record<number, string> = {
  400: "INVALID_ARGUMENT", // malformed JSON, an empty JSON body, a bad URL encoding
  404: "NOT_FOUND",
  405: "UNIMPLEMENTED",
  413: "INVALID_ARGUMENT", // body over the limit
  414: "INVALID_ARGUMENT", // a path parameter far over any field's limit
  415: "INVALID_ARGUMENT", // a body that is not JSON
  408: "DEADLINE_EXCEEDED", // the request did not arrive within the request timeout
  431: "INVALID_ARGUMENT", // the URL (e.g. a long query) and headers over Node's 16 KiB
  503: "UNAVAILABLE", // shedding load (under-pressure), with Retry-After
};

/** Longest raw (percent-encoded) path parameter the router takes: beyond it, 414; below, field checks. */
const MAX_PARAM_LENGTH = 2048;

function frameworkError(status: number, message: string, field?: string) {
  return {
    error: {
      code: FRAMEWORK_CODES[status] ?? "INVALID_ARGUMENT",
      message,
      ...(field ? { violations: [{ field, message }] } : {}),
    },
  };
}

/** Methods and path patterns of the routes of each app, to answer 405 with `Allow` for the others. */
const routeTable = new WeakMap<
  FastifyInstance,
  { pattern: RegExp; literalSegments: number; methods: Set<string> }[]
>();

/**
 * The methods of the path template the URL matches. As OpenAPI matches paths, a concrete template wins
 * over a templated one: `/secondments/started` is not `/secondments/{secondmentId}`.
 */
function allowedMethods(app: FastifyInstance, url: string): string[] | undefined {
  const path = url.split("?")[0] ?? "";
  const matches = (routeTable.get(app) ?? []).filter((r) => r.pattern.test(path));
  const best = Math.max(...matches.map((r) => r.literalSegments));
  const methods = matches.filter((r) => r.literalSegments === best).flatMap((r) => [...r.methods]);
  return methods.length ? [...new Set(methods)].sort() : undefined;
}

function remember(app: FastifyInstance, method: string, url: string): void {
  const source = url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:\w+/g, "[^/]+");
  const pattern = new RegExp(`^${source}/?$`);
  const literalSegments = url.split("/").filter((s) => s && !s.startsWith(":")).length;
  const table = routeTable.get(app) ?? [];
  routeTable.set(app, table);
  const entry = table.find((r) => r.pattern.source === pattern.source);
  if (entry) entry.methods.add(method);
  else table.push({ pattern, literalSegments, methods: new Set([method]) });
}

/**
 * Fastify's two info lines per request cost every command CPU it need not spend: they are written at debug
 * (LOG_LEVEL=debug shows them); a request that failed is still logged at error, and each command has its trace.
 */
class RequestsAtDebug extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, "incoming request");
  }

  override requestCompleted(
    error: Error | null | undefined,
    _request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error)
      reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, "request errored");
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, "request completed");
  }
}

/**
 * The fastify app every service serves: health, OpenAPI at /docs, one error format (the composition
 * root adds `/readyz`, which knows the service's dependencies).
 * Request schemas document the routes; validation itself runs in `invoke` with the same schema, so
 * REST and gRPC refuse bad input with the same field names. The document lists every status a route
 * can answer, and every error, the framework's own included, has the one ErrorResponse shape.
 */
export async function buildHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const server = { connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS, headersTimeout: requestTimeout };
  const transport = options.https
    ? {
        https: {
          ...server,
          ...options.https,
          ...(options.https.ca ? { requestCert: true, rejectUnauthorized: true } : {}),
        },
      }
    : { http: server };
  const app = Fastify({
    ...transport,
    logger: options.logger ?? false,
    logController: new RequestsAtDebug(),
    // An idle socket is dropped without an answer: later than the request deadline, so a slow request
    // hears its 408 first.
    connectionTimeout: requestTimeout + 5_000,
    keepAliveTimeout: 10_000,
    requestTimeout,
    bodyLimit: MAX_REQUEST_BYTES,
    // A `__proto__` or `constructor` key is dropped like any other unknown field, not refused as
    // malformed JSON: the body is valid JSON and the schemas allow fields they do not name.
    onProtoPoisoning: "remove",
    onConstructorPoisoning: "remove",
    // HEAD is not in the documents, so it is not answered (405) rather than answered undocumented.
    exposeHeadRoutes: false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    clientErrorHandler: answerClientError,
    frameworkErrors: (error, _request, reply) => {
      const [status, message] =
        error.code === "FST_ERR_MAX_PARAM_LENGTH"
          ? [414, `a path parameter is over ${MAX_PARAM_LENGTH} characters (percent-encoded)`]
          : [400, "the URL is not validly percent-encoded"];
      return (reply as FastifyReply).status(status).send(frameworkError(status, message));
    },
  });
  // Every route, the kit's and a service's own (a file download, xAPI, pages), so that any other method
  // on its path is a 405 naming the allowed ones.
  app.addHook("onRoute", (r) => {
    for (const method of [r.method].flat()) if (method !== "HEAD") remember(app, method, r.url);
  });
  // Schemas are documentation here; `validate` in invoke() is the one validator, and replies are
  // written as they are (a response schema must not silently drop a field).
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.addSchema(ErrorResponse);
  // JSON only: a text/plain body is refused with 415 instead of reaching an operation as a string.
  app.removeContentTypeParser("text/plain");

  // Unknown paths and methods are answered before any body is read, in the one error shape.
  app.addHook("onRequest", async (request, reply) => {
    if (!request.is404) return;
    const allowed = allowedMethods(app, request.url);
    if (allowed) {
      return reply
        .status(405)
        .header("allow", allowed.join(", "))
        .send(frameworkError(405, `${request.method} is not allowed here; allowed: ${allowed.join(", ")}`));
    }
    return reply
      .status(404)
      .send(frameworkError(404, `no route ${request.method} ${request.url.split("?")[0]}`));
  });

  // Outermost first: security headers, then shedding load (503) before the event loop drowns.
  await app.register(helmet, { contentSecurityPolicy: false }); // the docs UI sets its own CSP
  // Shed load (503 with Retry-After) when the event loop lags this long; HTTP_SHED_EVENT_LOOP_DELAY_MS
  // tunes it per deployment (the test run, many services in few processes on a busy machine, raises it).
  await app.register(underPressure, {
    maxEventLoopDelay: Number(process.env.HTTP_SHED_EVENT_LOOP_DELAY_MS ?? 1_000),
    retryAfter: 5,
  });
  await app.register(swagger, {
    openapi: {
      info: { title: options.title, description: options.description, version: options.version },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
      security: [{ bearer: [] }],
    },
    // Shared schemas under their own names (`ErrorResponse`), not `def-0`, for generated clients.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: "/docs", staticCSP: true });

  app.setErrorHandler((error, request, reply) => {
    const mapped = mapError(error);
    if (mapped) {
      if (mapped.http === 503)
        request.log.warn({ cause: (error as Error).message }, mapped.body.error.message);
      // Whole seconds (RFC 9110), at least one.
      if (mapped.retryAfterMs !== undefined)
        reply.header("retry-after", String(Math.max(1, Math.ceil(mapped.retryAfterMs / 1_000))));
      return reply.status(mapped.http).send(mapped.body);
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && FRAMEWORK_CODES[status]) {
      // fastify's own refusals: malformed JSON, wrong content type, body too large, load shedding.
      const body = status === 400 ? "(body)" : undefined;
      return reply.status(status).send(frameworkError(status, (error as Error).message, body));
    }
    request.log.error({ err: error }, "unhandled error");
    return reply
      .status(500)
      .send({ error: { code: "INTERNAL", message: "internal error; see the service log" } });
  });

  app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));
  return app;
}

export interface RouteOptions<S extends TSchema, O> {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  operation: Operation<S, O>;
  tags?: string[];
}

/** Binds an operation to a REST route: path params, query and JSON body together form its input. */
export function route<S extends TSchema, O>(
  app: FastifyInstance,
  verifier: TokenVerifier,
  options: RouteOptions<S, O>,
) {
  const { operation } = options;
  const pathParams = [...options.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const inBody = options.method === "POST" || options.method === "PUT";
  app.route({
    method: options.method,
    url: options.url,
    schema: {
      summary: operation.summary,
      operationId: operation.name,
      ...(options.tags ? { tags: options.tags } : {}),
      ...(pathParams.length ? { params: pick(operation.input, pathParams) } : {}),
      ...(inBody
        ? { body: omit(operation.input, pathParams) }
        : { querystring: omit(operation.input, pathParams) }),
      response: documentedResponses(options.method, pathParams.length > 0, operation.output),
    },
    handler: async (request: FastifyRequest) => {
      // Only what arrives as text (path and query) is converted to the schema's types; a JSON body
      // already has them, and `"requestId": false` must stay a boolean for validation to refuse it.
      const fromUrl = fromText(operation.input, {
        ...(inBody ? {} : (request.query as Record<string, unknown>)),
        ...(request.params as Record<string, unknown>),
      });
      const input = { ...(inBody ? bodyObject(request.body) : {}), ...fromUrl } as Static<S>;
      return inCallSpan(operation.name, request.headers as Record<string, string>, () =>
        invoke(
          operation,
          verifier,
          request.headers.authorization,
          input,
          headerValue(request.headers[CORRELATION_HEADER]),
        ),
      );
    },
  });
}

/**
 * Requests Node's HTTP parser refuses before fastify sees them (URL and headers over 16 KiB, a request
 * that did not arrive in time, malformed HTTP), answered in the one error shape, as fastify's default
 * handler would but with our body.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [status, message] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, "the URL and headers are over 16 KiB together: send fewer or shorter query values"]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "the request did not arrive in time: send it whole, faster"]
        : [400, "the request is not valid HTTP/1.1"];
  const body = JSON.stringify(frameworkError(status, message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

const ERROR = { $ref: "ErrorResponse#" };
const error = (description: string) => ({ description, ...ERROR });

/**
 * Every status a route can answer, each with its body schema; also for a service's own routes outside
 * the operation binding (e.g. a file download), so their documents say the same.
 */
export function documentedResponses(
  method: RouteOptions<TSchema, unknown>["method"],
  hasParams: boolean,
  output?: TSchema,
) {
  const changesState = method !== "GET";
  return {
    200: output ?? { description: "The operation's reply", type: "object", additionalProperties: true },
    400: error("INVALID_ARGUMENT: bad input; `violations` names every offending field"),
    401: error("UNAUTHENTICATED: no valid bearer token"),
    403: error("PERMISSION_DENIED: the token's roles do not allow this, or not the caller's own record"),
    404: error("NOT_FOUND: no such record"),
    ...(changesState
      ? {
          409: error(
            "ABORTED: a concurrent change won (send the same request again after `Retry-After` seconds), or the request id was used for other content (no `Retry-After`)",
          ),
        }
      : {}),
    ...(changesState ? { 413: error("INVALID_ARGUMENT: the body is over 1 MiB") } : {}),
    ...(changesState
      ? {
          429: error(
            "RESOURCE_EXHAUSTED: the caller sent more commands than its rate limit; retry after `Retry-After` seconds",
          ),
        }
      : {}),
    ...(hasParams
      ? { 414: error(`INVALID_ARGUMENT: a path parameter over ${MAX_PARAM_LENGTH} characters`) }
      : {}),
    ...(changesState ? { 415: error("INVALID_ARGUMENT: the body is not application/json") } : {}),
    408: error("DEADLINE_EXCEEDED: the request did not arrive within 30 s"),
    431: error("INVALID_ARGUMENT: the URL (e.g. a long query) and headers are over 16 KiB together"),
    422: error("FAILED_PRECONDITION: a business rule refused it; `reason` is its stable code"),
    500: error("INTERNAL: a fault of the service (never bad input)"),
    503: error(
      "UNAVAILABLE: the service's store or broker is not answering, or the service sheds load; nothing was decided: send the same request (same request id) again after `Retry-After` seconds",
    ),
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function bodyObject(body: unknown): object {
  if (body === undefined || body === null) return {};
  if (typeof body !== "object" || Array.isArray(body)) {
    throw ValidationError.field("(body)", "must be a JSON object");
  }
  return body;
}

/**
 * Path and query values arrive as text: read each as its schema's type, and only when the text is
 * exactly such a value (`?pageSize=true` stays text, for validation to refuse). `?assessors=A` arrives as
 * a string, `?assessors=A&assessors=B` as an array: both become arrays.
 */
function fromText(schema: TSchema, values: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema as { properties?: Record<string, TSchema> }).properties ?? {};
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => {
      const type = properties[key]?.type;
      if (type === "array") {
        const items = (properties[key] as { items?: TSchema }).items;
        return [key, (Array.isArray(value) ? value : [value]).map((v) => scalar(items?.type, v))];
      }
      return [key, scalar(type, value)];
    }),
  );
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function scalar(type: unknown, value: unknown): unknown {
  if (typeof value !== "string") return value;
  if ((type === "integer" || type === "number") && NUMBER.test(value)) return Number(value);
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}

/** The path parameters alone: rules spanning body fields (`allOf`) stay with the body. */
function pick(schema: TSchema, keys: string[]): TSchema {
  const { allOf: _rules, ...picked } = Type.Pick(schema, keys) as TSchema & { allOf?: unknown };
  return picked as TSchema;
}

function omit(schema: TSchema, keys: string[]): TSchema {
  return keys.length ? Type.Omit(schema, keys) : schema;
}
