import { EmployeeId, Id, IsoDate, protoEnum, RequestId } from "@hr/kit";
import { skillsV1 } from "@hr/proto";
import { Type } from "@sinclair/typebox";

/**
 * One schema per request, shared by REST (validation and OpenAPI) and gRPC (validation). Field names
 * are the proto fields in camelCase; enums are the proto enum names. The domain re-checks every rule.
 */
const Reason = Type.String({
  minLength: 1,
  maxLength: 1000,
  description: "Why the record is corrected or voided",
});

const AssessorKind = protoEnum(skillsV1.AssessorKind, "Who assessed: self, manager or expert");
const Basis = protoEnum(skillsV1.JobTypeChangeBasis, "Why the job type changed");
const Track = protoEnum(skillsV1.CareerTrack, "Career ladder track");
const Assessors = Type.Optional(
  Type.Array(AssessorKind, { description: "Count only assessments by these assessor kinds (default: all)" }),
);

export const RecordAssessmentRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  skillId: Id("Skill item id of the skill map in force on assessed_on"),
  level: Type.Integer({ minimum: 1, maximum: 99, description: "Level on the skill map's scale" }),
  assessor: AssessorKind,
  assessedOn: IsoDate("Day of the assessment; not in the future"),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
});

export const CorrectAssessmentRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  assessmentId: Id("The assessment to correct"),
  skillId: Type.Optional(Id("Corrected skill")),
  level: Type.Optional(Type.Integer({ minimum: 1, maximum: 99, description: "Corrected level" })),
  reason: Reason,
});

export const VoidAssessmentRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  assessmentId: Id("The assessment to void"),
  reason: Reason,
});

export const SetTargetRoleRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  roleId: Id("Skill-map role (job type on the skill map) the employee aims for"),
  effectiveDate: IsoDate("From when"),
});

export const ChangeJobTypeRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  toJobType: Id("New job type, e.g. ICT, ADMINISTRATIVE, ELECTRICAL"),
  effectiveDate: IsoDate("Day the new job type takes effect"),
  basis: Basis,
  basisDetail: Type.Optional(Type.String({ maxLength: 1000, description: "e.g. the qualification" })),
});

export const CorrectJobTypeChangeRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  changeId: Id("The job type change to correct"),
  toJobType: Type.Optional(Id("Corrected job type")),
  effectiveDate: Type.Optional(IsoDate("Corrected effective date")),
  basis: Type.Optional(Basis),
  basisDetail: Type.Optional(Type.String({ maxLength: 1000 })),
  reason: Reason,
});

export const VoidJobTypeChangeRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  changeId: Id("The job type change to void"),
  reason: Reason,
});

export const ChooseCareerTrackRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  track: Track,
  effectiveDate: IsoDate("From when"),
});

export const GetProfileRequest = Type.Object({
  employeeId: EmployeeId,
  asOf: Type.Optional(IsoDate("Profile as of this day (default: today in Japan)")),
});

export const GetGapReportRequest = Type.Object({
  employeeId: EmployeeId,
  roleId: Type.Optional(Id("Role to compare with (default: the employee's target role)")),
  asOf: Type.Optional(IsoDate("As of this day (default: today in Japan)")),
  assessors: Assessors,
});

export const GetRoleCoverageRequest = Type.Object({
  asOf: Type.Optional(IsoDate("As of this day (default: today in Japan)")),
  jobType: Type.Optional(Id("Only staff of this job type, e.g. ICT")),
  assessors: Assessors,
});

export const GetSkillMapRequest = Type.Object({
  fiscalYear: Type.Optional(
    Type.Integer({ minimum: 2000, maximum: 2100, description: "Default: the one in force today" }),
  ),
});

export const LoadSkillMapRequest = Type.Object({
  requestId: RequestId,
  skillMap: Type.Object(
    {},
    { additionalProperties: true, description: "The whole skill map version; see GET /v1/skill-map" },
  ),
});
