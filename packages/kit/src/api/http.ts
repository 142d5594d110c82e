import helmet from "@fastify/helmet";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import underPressure from "@fastify/under-pressure";
import { type Static, type TSchema, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import type { TokenVerifier } from "../auth/token-verifier";
import { ValidationError } from "../domain/errors";
import { inCallSpan } from "./call-span";
import { mapError } from "./error-mapping";
import { CORRELATION_HEADER, invoke, type Operation } from "./operation";

export interface HttpAppOptions {
  title: string;
  description: string;
  version: string;
  logger?: boolean | object;
}

const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      violations: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
      reason: Type.Optional(Type.String()),
    }),
  },
  { $id: "ErrorResponse" },
);

/**
 * The fastify app every service serves: health, OpenAPI at /docs, one error format (the composition
 * root adds `/readyz`, which knows the service's dependencies).
 * Request schemas document the routes; validation itself runs in `invoke` with the same schema, so
 * REST and gRPC refuse bad input with the same field names.
 */
export async function buildHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    connectionTimeout: 30_000,
    keepAliveTimeout: 10_000,
    requestTimeout: 30_000,
    bodyLimit: 1_048_576,
  });
  // Schemas are documentation here; `validate` in invoke() is the one validator.
  app.setValidatorCompiler(() => () => true);
  app.addSchema(ErrorResponse);

  // Outermost first: security headers, then shedding load (503) before the event loop drowns.
  await app.register(helmet, { contentSecurityPolicy: false }); // the docs UI sets its own CSP
  await app.register(underPressure, { maxEventLoopDelay: 1_000, retryAfter: 5 });
  await app.register(swagger, {
    openapi: {
      info: { title: options.title, description: options.description, version: options.version },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs", staticCSP: true });

  app.setErrorHandler((error, request, reply) => {
    const mapped = mapError(error);
    if (mapped) return reply.status(mapped.http).send(mapped.body);
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      // fastify's own refusals: malformed JSON, wrong content type, body too large.
      return reply
        .status(status)
        .send({ error: { code: "INVALID_ARGUMENT", message: (error as Error).message } });
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
      response: { "4xx": { $ref: "ErrorResponse#" } },
    },
    handler: async (request: FastifyRequest) => {
      const input = Value.Convert(operation.input, {
        ...(inBody
          ? bodyObject(request.body)
          : queryObject(operation.input, request.query as Record<string, unknown>)),
        ...(request.params as object),
      }) as Static<S>;
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

/** `?assessors=A` arrives as a string, `?assessors=A&assessors=B` as an array: make both arrays. */
function queryObject(schema: TSchema, query: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema as { properties?: Record<string, TSchema> }).properties ?? {};
  const out: Record<string, unknown> = { ...query };
  for (const [key, value] of Object.entries(query)) {
    if (properties[key]?.type === "array" && !Array.isArray(value)) out[key] = [value];
  }
  return out;
}

function pick(schema: TSchema, keys: string[]): TSchema {
  return Type.Pick(schema, keys);
}

function omit(schema: TSchema, keys: string[]): TSchema {
  return keys.length ? Type.Omit(schema, keys) : schema;
}
