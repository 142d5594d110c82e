import {
  codeListSchema,
  EmployeeId,
  Id,
  IsoDate,
  protoEnum,
  RequestId,
  requiredWhen,
  textSchema,
} from "@hr/kit";
import { skillsV1 } from "@hr/proto";
import { Type } from "@sinclair/typebox";
import { BASES_REQUIRING_DETAIL, JOB_TYPES, LIMITS } from "../domain";
import { toProtoEnums } from "./enums";

/**
 * One schema per request, shared by REST (validation and OpenAPI) and gRPC (validation). Field names
 * are the proto fields in camelCase; enums are the proto enum names. Each schema is exactly as strict
 * as the domain's own checks (limits from LIMITS): what it admits, the domain accepts or refuses by a
 * rule (422, e.g. a skill the skill map in force does not have), never as bad input.
 */
const Reason = textSchema(
  "Why the record is corrected or voided; kept in this service, never published",
  LIMITS.reason,
  { required: true, multiline: true },
);
const ReasonCode = Type.Optional(
  protoEnum(
    skillsV1.RecordChangeReason,
    "Why, as a code: published on hr.skills.v1 instead of the text (default OTHER)",
  ),
);
const BasisDetail = (description: string) => textSchema(description, LIMITS.basisDetail);
const AssessorKind = protoEnum(skillsV1.AssessorKind, "Who assessed: self, manager or expert");
const Basis = protoEnum(skillsV1.JobTypeChangeBasis, "Why the job type changed");
const Track = protoEnum(skillsV1.CareerTrack, "Career ladder track");
const JobType = (description: string) =>
  codeListSchema(Object.keys(JOB_TYPES), `${description}: one of the job type codes`);
const Assessors = Type.Optional(
  Type.Array(AssessorKind, {
    maxItems: LIMITS.assessorKinds,
    description: "Count only assessments by these assessor kinds (default: all)",
  }),
);
/** QUALIFICATION and OTHER need a basis detail (which qualification, what happened). */
const DETAIL_REQUIRED = requiredWhen(
  { field: "basis", oneOf: BASES_REQUIRING_DETAIL.map((b) => toProtoEnums({ basis: b }).basis) },
  {
    field: "basisDetail",
    schema: textSchema("Which qualification, or what happened", LIMITS.basisDetail, { required: true }),
  },
);

export const RecordAssessmentRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  skillId: Id("Skill item id of the skill map in force on assessed_on"),
  level: Type.Integer({ minimum: 1, maximum: 99, description: "Level on the skill map's scale" }),
  assessor: AssessorKind,
  assessedOn: IsoDate("Day of the assessment; not in the future"),
  note: Type.Optional(textSchema("The assessor's note", LIMITS.note, { multiline: true })),
});

export const CorrectAssessmentRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  assessmentId: Id("The assessment to correct"),
  skillId: Type.Optional(Id("Corrected skill")),
  level: Type.Optional(Type.Integer({ minimum: 1, maximum: 99, description: "Corrected level" })),
  reason: Reason,
  reasonCode: ReasonCode,
});

export const VoidAssessmentRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  assessmentId: Id("The assessment to void"),
  reason: Reason,
  reasonCode: ReasonCode,
});

export const SetTargetRoleRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  roleId: Id("Skill-map role (job type on the skill map) the employee aims for"),
  effectiveDate: IsoDate("From when"),
});

export const ClearTargetRoleRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  effectiveDate: IsoDate("From when the employee has no target role"),
});

export const CorrectTargetRoleRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  targetRoleId: Id("The target role setting or clearing to correct"),
  roleId: Type.Optional(Id("Corrected role (settings only)")),
  effectiveDate: Type.Optional(IsoDate("Corrected date")),
  reason: Reason,
  reasonCode: ReasonCode,
});

export const VoidTargetRoleRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  targetRoleId: Id("The target role setting or clearing to void"),
  reason: Reason,
  reasonCode: ReasonCode,
});

export const ChangeJobTypeRequest = Type.Object(
  {
    requestId: RequestId,
    employeeId: EmployeeId,
    toJobType: JobType("New job type, e.g. ICT, ADMINISTRATIVE, ELECTRICAL"),
    effectiveDate: IsoDate("Day the new job type takes effect"),
    basis: Basis,
    basisDetail: Type.Optional(BasisDetail("e.g. the qualification; required for QUALIFICATION and OTHER")),
  },
  DETAIL_REQUIRED,
);

export const CorrectJobTypeChangeRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  changeId: Id("The job type change to correct"),
  toJobType: Type.Optional(JobType("Corrected job type")),
  effectiveDate: Type.Optional(IsoDate("Corrected effective date")),
  basis: Type.Optional(Basis),
  basisDetail: Type.Optional(
    BasisDetail("Corrected basis detail; empty clears it (refused with 422 if the basis needs one)"),
  ),
  reason: Reason,
  reasonCode: ReasonCode,
});

export const VoidJobTypeChangeRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  changeId: Id("The job type change to void"),
  reason: Reason,
  reasonCode: ReasonCode,
});

export const ChooseCareerTrackRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  track: Track,
  effectiveDate: IsoDate("From when"),
});

export const ClearCareerTrackRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  effectiveDate: IsoDate("From when the employee is on no career track"),
});

export const CorrectCareerTrackChoiceRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  choiceId: Id("The career track choice or clearing to correct"),
  track: Type.Optional(Track),
  effectiveDate: Type.Optional(IsoDate("Corrected date")),
  reason: Reason,
  reasonCode: ReasonCode,
});

export const VoidCareerTrackChoiceRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  choiceId: Id("The career track choice or clearing to void"),
  reason: Reason,
  reasonCode: ReasonCode,
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

/** Shape of a skill map (domain/skill-map.ts); cross-references (ids, scale) are checked on load (422). */
const Name = (description: string, multiline = false) =>
  textSchema(description, undefined, { required: true, multiline });
const KebabId = Type.String({
  pattern: "^[a-z0-9]+(?:-[a-z0-9]+)*$",
  description: "Stable kebab-case id, e.g. data-engineering",
  errorMessage: "must be a kebab-case id such as data-engineering",
});
const Capability = Type.Optional(
  codeListSchema(
    Object.values(skillsV1.Capability).filter((v) => v !== "UNRECOGNIZED"),
    "Digital (CAPABILITY_DQ) or government (CAPABILITY_GQ) capability; unset or UNSPECIFIED reads as DQ",
  ),
);
const Reference = (description: string) => Type.String({ minLength: 1, description });
const NameJa = Type.Optional(textSchema("Japanese name", undefined));
/** Optional prose of the map (multi-line), checked as the domain checks it. */
const Prose = (description: string) => Type.Optional(textSchema(description, undefined, { multiline: true }));
const SkillMap = Type.Object(
  {
    fiscalYear: Type.Integer({ minimum: 2000, maximum: 2999, description: "In force from this fiscal year" }),
    title: Type.Optional(textSchema("Title of the map", undefined)),
    note: Prose("Provenance, e.g. which parts are modelled"),
    levels: Type.Array(
      Type.Object({
        level: Type.Integer({ minimum: 1, description: "1 = entry; the scale has no gaps" }),
        name: Name("Level name"),
        nameJa: NameJa,
        description: Name("What the level means", true),
      }),
      { minItems: 1, maxItems: LIMITS.skillMap.levels },
    ),
    categories: Type.Array(
      Type.Object({ id: KebabId, name: Name("Category name"), nameJa: NameJa, capability: Capability }),
      { minItems: 1, maxItems: LIMITS.skillMap.categories },
    ),
    skills: Type.Array(
      Type.Object({
        id: KebabId,
        name: Name("Skill name"),
        nameJa: NameJa,
        categoryId: Reference("One of the categories' ids"),
        description: Prose("What the skill covers"),
      }),
      { minItems: 1, maxItems: LIMITS.skillMap.skills },
    ),
    roles: Type.Array(
      Type.Object({
        id: KebabId,
        name: Name("Role name"),
        nameJa: NameJa,
        description: Prose("What the role does"),
        requirements: Type.Array(
          Type.Object({
            skillId: Reference("One of the skills' ids, once per role"),
            level: Type.Integer({ description: "A level of the scale" }),
          }),
          { minItems: 1, maxItems: LIMITS.skillMap.requirements },
        ),
      }),
      { minItems: 1, maxItems: LIMITS.skillMap.roles },
    ),
  },
  { description: "The whole skill map version; see GET /v1/skill-map" },
);

export const LoadSkillMapRequest = Type.Object({
  requestId: RequestId,
  skillMap: SkillMap,
});
