import {
  admit,
  defineOperation,
  defineStreamOperation,
  documentedResponses,
  type Operation,
  type Role,
  type RouteSpec,
  type TokenVerifier,
} from "@hr/kit";
import { postingsV1, syncV1 } from "@hr/proto";
import type { TSchema } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { PlanningQueries } from "../application/planning.queries";
import type { PostingsHandlers } from "../application/postings.handlers";
import type { Rebuilder } from "../application/rebuild";
import type { RecordsQueries } from "../application/records.queries";
import type { StreamSlots } from "../application/stream-slots";
import * as Requests from "./requests";

/** Who may do what (CONTRACTS.md roles). Staff (`employee`) read only their own records. */
const HR: Role[] = ["hr-core", "hr-admin"];
const HR_OR_SELF: Role[] = [...HR, "employee"];
const byEmployee = (input: { employeeId: string }) => input.employeeId;

/** hr-sync's operations, named as the gRPC methods of hr.sync.v1.HrSyncService. */
export function hrSyncOperations(
  postings: PostingsHandlers,
  queries: RecordsQueries,
  rebuilder: Rebuilder,
  streams: StreamSlots,
  planning: PlanningQueries,
) {
  const dueQuery = (input: { fiscalYear: number; department?: string; minYearsInPost?: number }) => ({
    fiscalYear: input.fiscalYear,
    department: input.department ?? "",
    minYearsInPost: input.minYearsInPost ?? 0,
  });
  return {
    RecordPosting: defineOperation({
      name: "RecordPosting",
      summary: "Record a posting decided in HR core (published on hr.postings.v1)",
      input: Requests.RecordPostingRequest,
      roles: HR,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) => postings.recordPosting(sent as never, requestId, call),
    }),
    CorrectPosting: defineOperation({
      name: "CorrectPosting",
      summary:
        "Correct a posting with full new values (a new event; it may move the posting to another year)",
      input: Requests.CorrectPostingRequest,
      roles: HR,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) => postings.correctPosting(sent as never, requestId, call),
    }),
    VoidPosting: defineOperation({
      name: "VoidPosting",
      summary: "Void a posting recorded in error (a new event)",
      input: Requests.VoidPostingRequest,
      roles: HR,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) => postings.voidPosting(sent as never, requestId, call),
    }),
    GetRotationRecord: defineOperation({
      name: "GetRotationRecord",
      summary:
        "Posts, job types, secondments, overseas training; status, totals and DQ/GQ balance as of a day",
      input: Requests.GetRotationRecordRequest,
      roles: HR_OR_SELF,
      subject: byEmployee,
      handle: async (input) => ({ record: await queries.rotationRecord(input.employeeId, input.asOf) }),
    }),
    GetEvaluationRecord: defineOperation({
      name: "GetEvaluationRecord",
      summary: "One fiscal year's facts for personnel evaluation, each with the events behind it",
      input: Requests.GetEvaluationRecordRequest,
      roles: HR_OR_SELF,
      subject: byEmployee,
      handle: async (input) => ({
        record: await queries.evaluationRecord(input.employeeId, input.fiscalYear),
      }),
    }),
    ListEvaluationRecords: defineOperation({
      name: "ListEvaluationRecords",
      summary: "A department's evaluation records of a fiscal year, by employee id, a page at a time",
      input: Requests.ListEvaluationRecordsRequest,
      roles: HR,
      handle: async (input) =>
        queries.listEvaluationRecords(
          input.fiscalYear,
          input.department,
          input.pageSize ?? 0,
          input.pageToken ?? "",
        ),
    }),
    GetDepartmentKpis: defineOperation({
      name: "GetDepartmentKpis",
      summary: "A department's KPIs for a fiscal year with the year before beside them",
      input: Requests.DepartmentYearRequest,
      roles: HR,
      handle: async (input) => queries.departmentKpis(input.fiscalYear, input.department),
    }),
    ExportEvaluationRecords: defineOperation({
      name: "ExportEvaluationRecords",
      summary: "A department's evaluation records of a fiscal year as CSV (UTF-8 with BOM)",
      input: Requests.DepartmentYearRequest,
      roles: HR,
      handle: async (input) => queries.exportCsv(input.fiscalYear, input.department),
    }),
    StartRebuild: defineOperation({
      name: "StartRebuild",
      summary: "Rebuild every record from the topics into fresh collections, then switch queries over",
      input: Requests.StartRebuildRequest,
      roles: ["hr-admin"],
      handle: async () => ({ status: await rebuilder.start() }),
    }),
    GetRebuildStatus: defineOperation({
      name: "GetRebuildStatus",
      summary: "Progress of the running or the last rebuild",
      input: Requests.GetRebuildStatusRequest,
      roles: ["hr-admin"],
      handle: async () => ({ status: rebuilder.current() }),
    }),
    ListDueForRotation: defineOperation({
      name: "ListDueForRotation",
      summary:
        "Transfer planning: employees whose time in post reaches the threshold by 1 April, with the facts a transfer weighs",
      input: Requests.ListDueForRotationRequest,
      roles: HR,
      handle: async (input) =>
        planning.dueForRotation(dueQuery(input), input.pageSize ?? 0, input.pageToken ?? ""),
    }),
    FindCandidates: defineOperation({
      name: "FindCandidates",
      summary:
        "Transfer planning: employees meeting a post's requirements, each with the facts and events behind it",
      input: Requests.FindCandidatesRequest,
      roles: HR,
      handle: async (input) =>
        planning.candidates(
          {
            fiscalYear: input.fiscalYear,
            requiredSkills: input.requiredSkills ?? [],
            skillMapRoleId: input.skillMapRoleId ?? "",
            capability: (input.capability ?? syncV1.Capability.UNSPECIFIED) as syncV1.Capability,
            minRank: (input.minRank ?? postingsV1.Rank.UNSPECIFIED) as postingsV1.Rank,
            minYearsOfService: input.minYearsOfService ?? 0,
            minYearsAsIct: input.minYearsAsIct ?? 0,
            department: input.department ?? "",
            jobType: input.jobType ?? "",
          },
          input.pageSize ?? 0,
          input.pageToken ?? "",
        ),
    }),
    ExportDueForRotation: defineOperation({
      name: "ExportDueForRotation",
      summary: "Transfer planning: the whole due list as CSV (UTF-8 with BOM)",
      input: Requests.ExportDueForRotationRequest,
      roles: HR,
      handle: async (input) => planning.exportDueCsv(dueQuery(input)),
    }),
    WatchChanges: defineStreamOperation({
      name: "WatchChanges",
      summary: "Every record change after a cursor, then new ones as they happen (gRPC only)",
      input: Requests.WatchChangesRequest,
      roles: HR,
      // A place among the caller's live-update streams, held until the stream ends (RESOURCE_EXHAUSTED beyond).
      async *stream(input, call) {
        const release = streams.take(call.principal.subject);
        try {
          yield* queries.watch(Number(input.afterCursor || 0), call.signal);
        } finally {
          release();
        }
      },
    }),
  };
}

/** REST routes over the same operations (WatchChanges streams: gRPC only; the CSV has its own route). */
export const hrSyncRoutes: RouteSpec[] = [
  {
    method: "POST",
    url: "/v1/employees/:employeeId/postings",
    operation: "RecordPosting",
    tags: ["postings"],
  },
  {
    method: "POST",
    url: "/v1/employees/:employeeId/postings/:postingId/corrections",
    operation: "CorrectPosting",
    tags: ["postings"],
  },
  {
    method: "POST",
    url: "/v1/employees/:employeeId/postings/:postingId/void",
    operation: "VoidPosting",
    tags: ["postings"],
  },
  {
    method: "GET",
    url: "/v1/employees/:employeeId/rotation-record",
    operation: "GetRotationRecord",
    tags: ["records"],
  },
  {
    method: "GET",
    url: "/v1/employees/:employeeId/evaluation-records/:fiscalYear",
    operation: "GetEvaluationRecord",
    tags: ["records"],
  },
  { method: "GET", url: "/v1/evaluation-records", operation: "ListEvaluationRecords", tags: ["records"] },
  { method: "GET", url: "/v1/department-kpis", operation: "GetDepartmentKpis", tags: ["records"] },
  { method: "GET", url: "/v1/due-for-rotation", operation: "ListDueForRotation", tags: ["planning"] },
  // A search, not a change: POST because its requirements are a list of objects (no query-string form).
  { method: "POST", url: "/v1/candidate-searches", operation: "FindCandidates", tags: ["planning"] },
  { method: "POST", url: "/v1/rebuilds", operation: "StartRebuild", tags: ["rebuild"] },
  { method: "GET", url: "/v1/rebuilds/current", operation: "GetRebuildStatus", tags: ["rebuild"] },
];

/**
 * `GET <url>?...`: a CSV as a file a spreadsheet opens, with the same authentication, roles and validation
 * as the gRPC method (`/v1/evaluation-records.csv`, `/v1/due-for-rotation.csv`).
 */
export function csvExportRoute<S extends TSchema>(
  app: FastifyInstance,
  verifier: TokenVerifier,
  url: string,
  operationId: string,
  tags: string[],
  // Any operation answering a file; its input is checked by `admit` against its own schema.
  operation: Operation<S, { fileName: string; content: Buffer }>,
) {
  app.get(
    url,
    {
      schema: {
        summary: operation.summary,
        operationId,
        tags,
        querystring: operation.input,
        // The file is CSV; its errors are the usual JSON error shape.
        response: documentedResponses("GET", false, {
          description: "The file as CSV (UTF-8 with BOM)",
          content: { "text/csv": { schema: { type: "string" } } },
        } as unknown as TSchema),
      },
    },
    async (request: FastifyRequest, reply) => {
      const raw = csvQueryInput(request.query);
      const { input, call } = await admit(operation, verifier, request.headers.authorization, raw);
      return sendCsv(reply, await operation.handle(input, call));
    },
  );
}

/** A CSV request's query as its schema reads it: numbers arrive as text, checked as what they read as. */
export function csvQueryInput(query: unknown): Record<string, unknown> {
  const sent = query as Record<string, unknown>;
  const numeric = Object.fromEntries(
    ["fiscalYear", "minYearsInPost"].filter((k) => k in sent).map((k) => [k, Number(sent[k])]),
  );
  return { ...sent, ...numeric };
}

/** The file a CSV operation answers, as a download. */
export const sendCsv = (reply: FastifyReply, file: { fileName: string; content: Buffer }) =>
  reply
    .header("content-type", "text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="${file.fileName}"`)
    .send(file.content);
