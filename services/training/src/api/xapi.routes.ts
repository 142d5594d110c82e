/**
 * The xAPI 1.0.3 statements resource for learning platforms (not a gRPC method: xAPI is an HTTP protocol
 * with its own status codes and headers). PUT /xapi/statements?statementId= stores one statement (204),
 * POST /xapi/statements one or an array (200 with the ids). Every answer carries X-Experience-API-Version;
 * a request without it is refused. Authentication and roles are the kit's (`admit`).
 */
import { randomUUID } from "node:crypto";
import { admit, CORRELATION_HEADER, type Role, type TokenVerifier, ValidationError } from "@hr/kit";
import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { XapiStatements } from "../application/xapi.handler";
import { XAPI_VERSION } from "../application/xapi-statement";

const ROLES: Role[] = ["training-admin", "hr-admin", "hr-core"];
const Uuid = Type.String({
  pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
  description: "UUID",
});
const Statement = Type.Object({
  id: Type.Optional(Uuid),
  actor: Type.Object({
    objectType: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    account: Type.Optional(
      Type.Object({
        homePage: Type.String({ minLength: 1 }),
        name: Type.String({ minLength: 1, maxLength: 100 }),
      }),
    ),
    mbox: Type.Optional(Type.String()),
  }),
  verb: Type.Object({
    id: Type.String({ minLength: 1 }),
    display: Type.Optional(Type.Record(Type.String(), Type.String())),
  }),
  object: Type.Object({
    objectType: Type.Optional(Type.String()),
    id: Type.String({ minLength: 1 }),
    definition: Type.Optional(Type.Unknown()),
  }),
  result: Type.Optional(
    Type.Object({
      score: Type.Optional(
        Type.Object({
          scaled: Type.Optional(Type.Number({ minimum: -1, maximum: 1 })),
          raw: Type.Optional(Type.Number()),
          min: Type.Optional(Type.Number()),
          max: Type.Optional(Type.Number()),
        }),
      ),
      duration: Type.Optional(Type.String()),
      success: Type.Optional(Type.Boolean()),
      completion: Type.Optional(Type.Boolean()),
    }),
  ),
  timestamp: Type.Optional(Type.String()),
});
const PutInput = Type.Object({ statementId: Uuid, statement: Statement });
const PostInput = Type.Object({ statements: Type.Array(Statement, { minItems: 1 }) });

export function registerXapiRoutes(
  app: FastifyInstance,
  verifier: TokenVerifier,
  statements: XapiStatements,
): void {
  app.register(async (xapi) => {
    xapi.addHook("onRequest", async (request, reply) => {
      reply.header("X-Experience-API-Version", XAPI_VERSION);
      if (!String(request.headers["x-experience-api-version"] ?? "").startsWith("1.0")) {
        throw ValidationError.field("X-Experience-API-Version", "header required: 1.0.3");
      }
    });
    const schema = { tags: ["xAPI"], security: [{ bearer: [] }] };

    xapi.put(
      "/xapi/statements",
      { schema: { ...schema, summary: "Store one xAPI statement (204)" } },
      async (request, reply) => {
        const raw = {
          statementId: (request.query as Record<string, unknown>).statementId,
          statement: request.body,
        };
        const { input, call } = await admit(
          { input: PutInput, roles: ROLES },
          verifier,
          request.headers.authorization,
          raw,
          correlation(request),
        );
        const { statementId, statement } = input as Static<typeof PutInput>;
        if (statement.id !== undefined && statement.id.toLowerCase() !== statementId.toLowerCase()) {
          throw ValidationError.field("statement.id", "must equal the statementId parameter");
        }
        await statements.record(statement, statementId.toLowerCase(), call);
        return reply.status(204).send();
      },
    );

    xapi.post(
      "/xapi/statements",
      { schema: { ...schema, summary: "Store xAPI statements (200 with their ids)" } },
      async (request) => {
        const raw = { statements: Array.isArray(request.body) ? request.body : [request.body] };
        const { input, call } = await admit(
          { input: PostInput, roles: ROLES },
          verifier,
          request.headers.authorization,
          raw,
          correlation(request),
        );
        const ids: string[] = [];
        for (const statement of (input as Static<typeof PostInput>).statements) {
          const id = (statement.id ?? randomUUID()).toLowerCase();
          await statements.record(statement, id, call);
          ids.push(id);
        }
        return ids;
      },
    );
  });
}

function correlation(request: FastifyRequest): string | undefined {
  const value = request.headers[CORRELATION_HEADER];
  return Array.isArray(value) ? value[0] : value;
}
