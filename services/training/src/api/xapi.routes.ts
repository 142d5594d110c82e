/**
 * The xAPI 1.0.3 statements resource for learning platforms (not a gRPC method: xAPI is an HTTP protocol
 * with its own status codes and headers). PUT /xapi/statements?statementId= stores one statement (204),
 * POST /xapi/statements one or an array (200 with the ids). Every answer carries X-Experience-API-Version.
 *
 * Statuses are xAPI's (Part 3, 3.2): 400 for what xAPI calls invalid and what the request schema states
 * (the version header, the statement's shape, what a completed/passed or voided statement needs); 401,
 * 403 by the kit's auth (checked first, so an anonymous caller learns nothing); 409 for a statement the
 * service cannot record as things stand (xAPI's "conflict with the current state": an activity no course
 * of the catalogue names, a completion dated after today, a statement id reused with other content).
 * xAPI has no 422, so a business rule is answered 409 here, with its `reason` as everywhere else.
 */
import { randomUUID } from "node:crypto";
import {
  admit,
  CORRELATION_HEADER,
  documentedResponses,
  EmployeeId,
  type Role,
  RuleViolation,
  type TokenVerifier,
} from "@hr/kit";
import { TRAINING_LIMITS } from "@hr/proto";
import { type Static, type TSchema, type TString, Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { XapiStatements } from "../application/xapi.handler";
import { STATEMENT_PATTERNS, VERBS, XAPI_RULES, XAPI_VERSION } from "../application/xapi-statement";

const ROLES: Role[] = ["training-admin", "hr-admin", "hr-core"];
const VERSION_HEADER = "X-Experience-API-Version";
const VersionHeader = Type.String({
  pattern: "^1\\.0(?:\\.[0-9]+)?$",
  description: "xAPI version of the request: 1.0.3 (any 1.0.x is read as 1.0.3)",
});
const Uuid = Type.String({
  pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
  description: "UUID",
});

/** `field` of the statement matches `then` whenever the statement's verb is one of `verbs`. */
function whenVerb(verbs: string[], field: string, then: object, errorMessage: string) {
  const verb = { type: "object", required: ["id"], properties: { id: { enum: verbs } } };
  return {
    anyOf: [
      { not: { type: "object", required: ["verb"], properties: { verb } } },
      { type: "object", required: [field], properties: { [field]: then } },
    ],
    "x-field": field,
    errorMessage,
  };
}

/**
 * A statement as xAPI 1.0.3 writes it, stating what the service reads from it: a completed or passed
 * statement names an employee by an account of the configured home page (its name is the employee id);
 * a voiding statement references a statement by id. Fields the service does not read are ignored.
 */
function statementSchema(accountHomePage: string) {
  const account = (name: TString, homePage: object) =>
    Type.Object(
      { homePage: Type.Unsafe<string>(homePage), name },
      { description: "Account of a platform user" },
    );
  return Type.Object(
    {
      id: Type.Optional(Uuid),
      actor: Type.Object({
        objectType: Type.Optional(Type.String()),
        name: Type.Optional(Type.String()),
        account: Type.Optional(account(Type.String({ minLength: 1 }), { type: "string", minLength: 1 })),
        mbox: Type.Optional(Type.String()),
      }),
      verb: Type.Object({
        id: Type.String({ minLength: 1, description: `IRI; ${Object.values(VERBS).join(", ")} are read` }),
        display: Type.Optional(Type.Record(Type.String(), Type.String())),
      }),
      object: Type.Object({
        objectType: Type.Optional(Type.String()),
        id: Type.String({
          minLength: 1,
          description: "Activity IRI, or the statement id a StatementRef names",
        }),
        definition: Type.Optional(Type.Unknown()),
      }),
      result: Type.Optional(
        Type.Object({
          score: Type.Optional(
            Type.Object({
              scaled: Type.Optional(Type.Number({ minimum: -1, maximum: 1 })),
              raw: Type.Optional(Type.Number({ description: "Counts when within min..max" })),
              min: Type.Optional(Type.Number()),
              max: Type.Optional(Type.Number()),
            }),
          ),
          duration: Type.Optional(
            Type.String({ pattern: STATEMENT_PATTERNS.duration, description: "ISO 8601, e.g. PT1H30M" }),
          ),
          success: Type.Optional(Type.Boolean()),
          completion: Type.Optional(Type.Boolean()),
        }),
      ),
      context: Type.Optional(
        Type.Object({
          registration: Type.Optional({
            ...Uuid,
            description: "The attempt: completed and passed of one registration are one completion",
          }),
        }),
      ),
      timestamp: Type.Optional(
        Type.String({
          pattern: STATEMENT_PATTERNS.timestamp,
          description: "ISO 8601 with a time zone; its day in Japan is the completion date",
        }),
      ),
    },
    {
      allOf: [
        whenVerb(
          [VERBS.completed, VERBS.passed],
          "actor",
          {
            type: "object",
            required: ["account"],
            properties: { account: account(EmployeeId, { type: "string", enum: [accountHomePage] }) },
          },
          `must name the employee by an account of ${accountHomePage} (name = employee id) for a completed or passed statement`,
        ),
        whenVerb(
          [VERBS.voided],
          "object",
          {
            type: "object",
            required: ["objectType", "id"],
            properties: { objectType: { type: "string", enum: ["StatementRef"] }, id: Uuid },
          },
          "must reference the voided statement (objectType StatementRef, id its UUID) for a voided statement",
        ),
      ],
    },
  );
}

/** xAPI's statuses: the kit's list without 404 and 422 (a rule is 409 here). */
function xapiResponses(method: "PUT" | "POST", ok: object) {
  const { 404: _none, 422: _rule, 200: _reply, ...errors } = documentedResponses(method, false);
  return {
    ...(method === "PUT" ? { 204: ok } : { 200: ok }),
    ...errors,
    409: {
      description:
        "A statement the service cannot record as things stand (`reason`: COURSE_NOT_IN_CATALOGUE, DATE_IN_FUTURE, DATE_OUTSIDE_HORIZON, DURATION_OVER_LIMIT, STATEMENT_ID_MISMATCH, STATEMENT_ID_TWICE), or a statement id reused with other content (ABORTED)",
      $ref: "ErrorResponse#",
    },
  };
}

export function registerXapiRoutes(
  app: FastifyInstance,
  verifier: TokenVerifier,
  statements: XapiStatements,
  accountHomePage: string,
): void {
  const Statement = statementSchema(accountHomePage);
  const headers = Type.Object({ [VERSION_HEADER]: VersionHeader });
  const PutInput = Type.Object({ [VERSION_HEADER]: VersionHeader, statementId: Uuid, statement: Statement });
  const Statements = Type.Array(Statement, TRAINING_LIMITS.statements);
  const PostInput = Type.Object({ [VERSION_HEADER]: VersionHeader, statements: Statements });

  /** Auth and roles, then the version header and the statements, validated together. */
  const admitted = <S extends TSchema>(input: S, request: FastifyRequest, raw: object) =>
    admit(
      { input, roles: ROLES },
      verifier,
      request.headers.authorization,
      { [VERSION_HEADER]: request.headers[VERSION_HEADER.toLowerCase()], ...raw },
      correlation(request),
    ) as Promise<{ input: Static<S>; call: Parameters<XapiStatements["recordAll"]>[1] }>;

  app.register(async (xapi) => {
    xapi.addHook("onRequest", async (_request, reply) => {
      reply.header(VERSION_HEADER, XAPI_VERSION);
    });
    // xAPI lists no 422: a rule refusing a well-formed statement is its 409, the reason kept.
    xapi.setErrorHandler((error, _request, reply) => {
      if (!(error instanceof RuleViolation)) throw error;
      return reply.status(409).send({
        error: { code: "FAILED_PRECONDITION", message: error.message, reason: error.reason },
      });
    });
    const schema = { tags: ["xAPI"], security: [{ bearer: [] }], headers };

    xapi.put(
      "/xapi/statements",
      {
        schema: {
          ...schema,
          summary: "Store one xAPI statement (204)",
          querystring: Type.Object({ statementId: Uuid }),
          body: Statement,
          // `type: null`: no body (swagger documents no content for it).
          response: xapiResponses("PUT", { description: "Stored (or already stored)", type: "null" }),
        },
      },
      async (request, reply) => {
        const { input, call } = await admitted(PutInput, request, {
          statementId: (request.query as Record<string, unknown>).statementId,
          statement: request.body,
        });
        const statementId = input.statementId.toLowerCase();
        if (input.statement.id !== undefined && input.statement.id.toLowerCase() !== statementId) {
          // Not a shape a schema can state (it compares the body with the query).
          throw new RuleViolation(
            XAPI_RULES.statementIdMismatch,
            `the statement's id ${input.statement.id} is not the statementId parameter ${statementId}`,
          );
        }
        await statements.recordAll([{ statement: input.statement, id: statementId }], call);
        return reply.status(204).send();
      },
    );

    xapi.post(
      "/xapi/statements",
      {
        schema: {
          ...schema,
          summary: "Store xAPI statements (200 with their ids)",
          body: Type.Union([Statement, Statements]),
          response: xapiResponses("POST", Type.Array(Uuid, { description: "The statements' ids, in order" })),
        },
      },
      async (request) => {
        const { input, call } = await admitted(PostInput, request, {
          statements: Array.isArray(request.body) ? request.body : [request.body],
        });
        const batch = input.statements.map((statement) => ({
          statement,
          id: (statement.id ?? randomUUID()).toLowerCase(),
        }));
        await statements.recordAll(batch, call);
        return batch.map((s) => s.id);
      },
    );
  });
}

function correlation(request: FastifyRequest): string | undefined {
  const value = request.headers[CORRELATION_HEADER];
  return Array.isArray(value) ? value[0] : value;
}
