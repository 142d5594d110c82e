import { EmployeeId, fiscalYearSchema, Id, IsoDate, protoEnum, RequestId, textSchema } from "@hr/kit";
import { postingsV1, syncV1 } from "@hr/proto";
import { type TSchema, Type } from "@sinclair/typebox";

/**
 * One schema per request, shared by REST (validation and OpenAPI) and gRPC (validation). Field names are
 * the proto fields in camelCase; enums the proto enum names. The postings decider re-checks each rule.
 */
const Department = textSchema("Department, e.g. デジタルサービス局 総務部", 200, { required: true });
const Post = textSchema("Post within the department", 200, { required: true });
const Kind = protoEnum(postingsV1.PostingKind, "Why the employee takes up the post");
/**
 * Optional: a gRPC client that leaves `rank` unset sends its proto3 default, `RANK_UNSPECIFIED`, which
 * therefore means "no rank known" on both APIs, as leaving it out does over REST.
 */
const Rank = Type.Optional(
  Type.Union([
    protoEnum(postingsV1.Rank, "Rank held in the post (managers: see README)"),
    Type.Literal(postingsV1.Rank.UNSPECIFIED, { description: "No rank known (as when left out)" }),
  ]),
);
const Reason = protoEnum(postingsV1.PostingCorrectionReason, "Why (a code: no free text about a person)");
const FiscalYear = fiscalYearSchema("Fiscal year, e.g. 2024 = 1 April 2024 to 31 March 2025");
const PostingId = Id("Posting id from RecordPosting");

export const RecordPostingRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  effectiveDate: IsoDate("First day in the new post"),
  department: Department,
  post: Post,
  kind: Kind,
  rank: Rank,
});

export const CorrectPostingRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  postingId: PostingId,
  effectiveDate: IsoDate("First day in the post after the correction"),
  department: Department,
  post: Post,
  kind: Kind,
  rank: Rank,
  reason: Reason,
});

export const VoidPostingRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  postingId: PostingId,
  reason: Reason,
});

export const GetRotationRecordRequest = Type.Object({
  employeeId: EmployeeId,
  asOf: Type.Optional(
    Type.Union([IsoDate("Day for the status and totals; today when absent"), Type.Literal("")]),
  ),
});

export const GetEvaluationRecordRequest = Type.Object({ employeeId: EmployeeId, fiscalYear: FiscalYear });

export const ListEvaluationRecordsRequest = Type.Object({
  fiscalYear: FiscalYear,
  department: Department,
  pageSize: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 500, description: "Records per page; 100 when 0" }),
  ),
  pageToken: Type.Optional(
    Type.String({ maxLength: 400, description: "nextPageToken of the previous page" }),
  ),
});

export const DepartmentYearRequest = Type.Object({ fiscalYear: FiscalYear, department: Department });

export const WatchChangesRequest = Type.Object({
  afterCursor: Type.Optional(
    Type.String({
      pattern: "^[0-9]{0,15}$",
      description: "cursor of the last change applied; empty to start from the beginning",
      errorMessage: "must be a cursor from an earlier change (digits) or empty",
    }),
  ),
});

export const StartRebuildRequest = Type.Object({ requestId: RequestId });
export const GetRebuildStatusRequest = Type.Object({});

/** Optional in both APIs: left out over REST, or the proto3 default a gRPC client sends (`""`, 0). */
const orEmpty = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Literal("")]));
const DepartmentFilter = orEmpty(
  textSchema("Department on 1 April, as in the postings; every one when empty", 200, { required: true }),
);
const PageSize = Type.Optional(
  Type.Integer({ minimum: 0, maximum: 500, description: "Entries per page; 100 when 0" }),
);
const PageToken = Type.Optional(
  Type.String({ maxLength: 400, description: "nextPageToken of the previous page" }),
);
const Years = (description: string) =>
  Type.Optional(Type.Integer({ minimum: 0, maximum: 60, description: `${description}; none when 0` }));
const PlanningYear = fiscalYearSchema("Fiscal year of the transfers; facts as of 1 April of it, e.g. 2026");
const MinYearsInPost = Type.Optional(
  Type.Integer({
    minimum: 0,
    maximum: 40,
    description:
      "Years in post by 1 April that make an employee due; the configured threshold (default 3) when 0",
  }),
);

export const ListDueForRotationRequest = Type.Object({
  fiscalYear: PlanningYear,
  department: DepartmentFilter,
  minYearsInPost: MinYearsInPost,
  pageSize: PageSize,
  pageToken: PageToken,
});

export const ExportDueForRotationRequest = Type.Object({
  fiscalYear: PlanningYear,
  department: DepartmentFilter,
  minYearsInPost: MinYearsInPost,
});

export const FindCandidatesRequest = Type.Object({
  fiscalYear: PlanningYear,
  requiredSkills: Type.Optional(
    Type.Array(
      Type.Object({
        skillId: Id("Skill item id on the skill map, e.g. cloud-infrastructure"),
        minLevel: Type.Integer({ minimum: 1, maximum: 7, description: "Minimum level (ITSS 1 to 7)" }),
      }),
      { maxItems: 50, description: "Skills the post requires, each with a minimum level" },
    ),
  ),
  skillMapRoleId: orEmpty(Id("A role of the skill map in force that year whose skill requirements apply")),
  capability: Type.Optional(
    Type.Union([
      protoEnum(syncV1.Capability, "The capability the post builds (met by careers short of it)"),
      Type.Literal(syncV1.Capability.UNSPECIFIED, { description: "No capability required" }),
    ]),
  ),
  minRank: Type.Optional(
    Type.Union([
      protoEnum(postingsV1.Rank, "Minimum rank, ranks ordered as in hr.postings.v1.Rank"),
      Type.Literal(postingsV1.Rank.UNSPECIFIED, { description: "No minimum rank" }),
    ]),
  ),
  minYearsOfService: Years("Minimum years of service"),
  minYearsAsIct: Years("Minimum years as ICT staff"),
  department: DepartmentFilter,
  jobType: orEmpty(Id("Job type on 1 April, e.g. ICT; every one when empty")),
  pageSize: PageSize,
  pageToken: PageToken,
});
