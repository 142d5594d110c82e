import { signToken, startEventSourcedService } from "@hr/kit";
import { syncV1 } from "@hr/proto";
import { describeParity, type ParityOperation, serviceUnderTest, testNamespace, waitFor } from "@hr/testing";
import { beforeAll } from "vitest";
import { hrSyncRoutes } from "../src/api/operations";
import { hrSyncService } from "../src/hr-sync.service";

/**
 * Every unary RPC of hr.sync.v1.HrSyncService over gRPC (generated client, proto3 defaults for what is
 * unset) and over REST with the same request, compared. The posting commands act on twin employees; the
 * queries read an employee whose records were projected before the suite runs (records follow events
 * asynchronously, so a query right after a command could see either state), in a department of its own.
 */
const ns = testNamespace();
const sync = serviceUnderTest(hrSyncService, ns, { start: startEventSourcedService, sign: signToken });
const { rest } = sync;
const READ = "PARQ1";
const READ_DEPARTMENT = "パリティ局 読取課";
const COMMAND_DEPARTMENT = "パリティ局 命令課";

beforeAll(async () => {
  const posted = await rest("POST", `/v1/employees/${READ}/postings`, {
    requestId: "parq-1",
    effectiveDate: "2024-04-01",
    department: READ_DEPARTMENT,
    post: "主任",
    kind: "POSTING_KIND_REGULAR_TRANSFER",
    rank: "RANK_CHIEF",
  });
  if (posted.status !== 200) throw new Error(`posting refused: ${JSON.stringify(posted.body)}`);
  // The queries compare settled records: wait until the posting is in the department's listing.
  await waitFor(
    async () => {
      const listed = await rest(
        "GET",
        `/v1/evaluation-records?fiscalYear=2024&department=${encodeURIComponent(READ_DEPARTMENT)}`,
      );
      return (listed.body.records as unknown[] | undefined)?.length === 1 ? true : undefined;
    },
    { timeoutMs: 120_000, what: "the read employee's records" },
  );
}, 180_000);

type Answers = Record<string, Record<string, unknown>>;
const E = "PAR1";
const postingIdOf = (answers: Answers) => String(answers["a regular transfer, rank unset"]?.postingId);
const posting = {
  department: COMMAND_DEPARTMENT,
  post: "主事",
  kind: "POSTING_KIND_REGULAR_TRANSFER",
};

const operations: ParityOperation[] = [
  {
    method: "RecordPosting",
    cases: [
      {
        name: "a regular transfer, rank unset",
        request: (t) => ({
          requestId: t.id("par-p1"),
          employeeId: t.id(E),
          effectiveDate: "2024-04-01",
          ...posting,
        }),
      },
      {
        name: "a bad date and no department, refused by field",
        request: (t) => ({
          requestId: t.id("par-p2"),
          employeeId: t.id(E),
          effectiveDate: "2024-13-01",
          post: "主事",
          kind: "POSTING_KIND_PROMOTION",
        }),
      },
    ],
  },
  {
    method: "CorrectPosting",
    cases: [
      {
        name: "moved to the next fiscal year as section chief",
        request: (t, answers) => ({
          requestId: t.id("par-c1"),
          employeeId: t.id(E),
          postingId: postingIdOf(answers),
          effectiveDate: "2025-04-01",
          ...posting,
          rank: "RANK_SECTION_CHIEF",
          reason: "POSTING_CORRECTION_REASON_WRONG_DATE",
        }),
      },
      {
        name: "a posting never recorded",
        request: (t) => ({
          requestId: t.id("par-c2"),
          employeeId: t.id(E),
          postingId: "pst-never-recorded",
          effectiveDate: "2025-04-01",
          ...posting,
          reason: "POSTING_CORRECTION_REASON_WRONG_DETAILS",
        }),
      },
    ],
  },
  {
    method: "VoidPosting",
    cases: [
      {
        name: "recorded in error",
        request: (t, answers) => ({
          requestId: t.id("par-v1"),
          employeeId: t.id(E),
          postingId: postingIdOf(answers),
          reason: "POSTING_CORRECTION_REASON_CALLED_OFF",
        }),
      },
      {
        name: "voided again, refused by rule",
        request: (t, answers) => ({
          requestId: t.id("par-v2"),
          employeeId: t.id(E),
          postingId: postingIdOf(answers),
          reason: "POSTING_CORRECTION_REASON_DUPLICATE",
        }),
      },
    ],
  },
  {
    method: "GetRotationRecord",
    cases: [
      { name: "as of a day", request: () => ({ employeeId: READ, asOf: "2025-03-31" }) },
      { name: "an employee without records", request: () => ({ employeeId: "PARNONE" }) },
    ],
  },
  {
    method: "GetEvaluationRecord",
    cases: [
      { name: "the year of the posting", request: () => ({ employeeId: READ, fiscalYear: 2024 }) },
      { name: "a year without facts, empty", request: () => ({ employeeId: READ, fiscalYear: 2021 }) },
    ],
  },
  {
    method: "ListEvaluationRecords",
    cases: [
      {
        name: "a department's year, page size unset",
        request: () => ({ fiscalYear: 2024, department: READ_DEPARTMENT }),
      },
      {
        name: "a page size over 500, refused by field",
        request: () => ({ fiscalYear: 2024, department: READ_DEPARTMENT, pageSize: 501 }),
      },
    ],
  },
  {
    method: "GetDepartmentKpis",
    cases: [
      {
        name: "a department's year with the year before",
        request: () => ({ fiscalYear: 2024, department: READ_DEPARTMENT }),
      },
    ],
  },
  {
    method: "ListDueForRotation",
    cases: [
      {
        // PARQ1 is in post since 1 April 2024: due in FY2027 at the default threshold, in FY2025 at one year.
        name: "a department's due list at one year in post",
        request: () => ({ fiscalYear: 2025, department: READ_DEPARTMENT, minYearsInPost: 1 }),
      },
      {
        name: "nobody due yet at the default threshold",
        request: () => ({ fiscalYear: 2025, department: READ_DEPARTMENT }),
      },
      {
        name: "a threshold over 40 years, refused by field",
        request: () => ({ fiscalYear: 2025, minYearsInPost: 41 }),
      },
      { name: "not for employees", roles: ["employee"], request: () => ({ fiscalYear: 2025 }) },
    ],
  },
  {
    method: "FindCandidates",
    cases: [
      {
        name: "a minimum rank in a department, the evidence behind it",
        request: () => ({ fiscalYear: 2025, department: READ_DEPARTMENT, minRank: "RANK_CHIEF" }),
      },
      {
        name: "no requirement, refused by field",
        request: () => ({ fiscalYear: 2025, department: READ_DEPARTMENT }),
      },
      {
        name: "a role the skill map does not hold, refused by field",
        request: () => ({ fiscalYear: 2025, skillMapRoleId: "no-such-role" }),
      },
      {
        name: "a level over 7, refused by field",
        request: () => ({
          fiscalYear: 2025,
          requiredSkills: [{ skillId: "cloud-infrastructure", minLevel: 8 }],
        }),
      },
    ],
  },
  {
    // A started rebuild reports when it started, which differs between the two sides: compared are the
    // refusals (role, missing request id), which start nothing.
    method: "StartRebuild",
    cases: [
      { name: "not for hr-core", request: () => ({ requestId: "par-rebuild" }) },
      { name: "no request id, refused by field", roles: ["hr-admin"], request: () => ({}) },
    ],
  },
  {
    method: "GetRebuildStatus",
    cases: [{ name: "none run yet", roles: ["hr-admin"], request: () => ({}) }],
  },
];

describeParity({
  target: () => sync.service,
  definition: syncV1.HrSyncServiceService,
  messages: syncV1,
  routes: hrSyncRoutes,
  token: (roles) => sync.token(roles as never),
  roles: ["hr-core"],
  operations,
  withoutRestTwin: [
    {
      method: "WatchChanges",
      reason:
        "a server stream that follows the change log; REST has no streaming twin (hr-sync.e2e tests it)",
    },
    {
      method: "ExportDueForRotation",
      reason:
        "its REST twin is a file, GET /v1/due-for-rotation.csv (text/csv with a BOM), not a JSON body (transfer-planning.e2e reads it)",
    },
    {
      method: "ExportEvaluationRecords",
      reason:
        "its REST twin is a file, GET /v1/evaluation-records.csv (text/csv with a BOM), not a JSON body (hr-sync.e2e round-trips it)",
    },
  ],
});
