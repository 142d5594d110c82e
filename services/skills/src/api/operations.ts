import {
  type CallContext,
  defineOperation,
  PermissionDeniedError,
  ROLES,
  type Role,
  type RouteSpec,
} from "@hr/kit";
import type { SkillMapStore } from "../application/skill-map.store";
import type { SkillProfileHandlers } from "../application/skill-profile.handlers";
import type { SkillProfileQueries } from "../application/skill-profile.queries";
import type { AssessorKind, CareerTrack, JobTypeChangeBasis, RecordChangeReason } from "../domain";
import { fromProtoEnums, toProtoEnums } from "./enums";
import * as Replies from "./replies";
import * as Requests from "./requests";

/** Who may do what (CONTRACTS.md roles). Staff (`employee`) reach only their own records. */
const WRITE_PROFILE: Role[] = ["hr-core", "hr-admin", "skills-admin"];
const READ_PROFILE: Role[] = ["hr-core", "hr-admin", "skills-admin", "employee"];
const PLANNERS = WRITE_PROFILE;
/** The career ladder is HR's to record. */
const CAREER_TRACK: Role[] = ["hr-core", "hr-admin"];
const EVERYONE: readonly Role[] = ROLES;

const byEmployee = (input: { employeeId: string }) => input.employeeId;

/**
 * Whether an `assessors` filter narrows the count. Empty counts all (as the proto says): proto3 sends
 * an unset repeated field as an empty list, so gRPC callers who set nothing must get every assessor.
 */
const countsOnly = (assessors: string[] | undefined): assessors is string[] =>
  assessors !== undefined && assessors.length > 0;

/** Staff may record their own self-assessment; assessments by a manager or expert need an admin role. */
function requireAssessorRight(assessor: string, call: CallContext): void {
  const admin = call.principal.roles.some((r) => WRITE_PROFILE.includes(r));
  if (!admin && assessor !== "SELF") {
    throw new PermissionDeniedError("staff may record only self-assessments (assessor ASSESSOR_KIND_SELF)");
  }
}

/** A correction or voiding as the domain takes it: enums (the reason code among them) by their domain names. */
function recordChange<T extends { requestId: string; reasonCode?: string }>(input: T) {
  const { requestId, reasonCode, ...sent } = fromProtoEnums(input);
  return {
    requestId,
    sent: { ...sent, ...(reasonCode ? { reasonCode: reasonCode as RecordChangeReason } : {}) },
  };
}

/** A skill map as the domain reads it: a capability left unset (gRPC's UNSPECIFIED) is left out, read as DQ. */
function skillMapOf<M extends { categories: { capability?: string }[] }>(map: M): M {
  const domain = fromProtoEnums(map);
  return {
    ...domain,
    categories: domain.categories.map(({ capability, ...category }) =>
      capability === "UNSPECIFIED" ? category : { ...category, capability },
    ),
  };
}

/** The skills service's operations, named as the gRPC methods of hr.skills.v1.SkillsService. */
export function skillsOperations(
  handlers: SkillProfileHandlers,
  queries: SkillProfileQueries,
  skillMaps: SkillMapStore,
) {
  return {
    RecordAssessment: defineOperation({
      name: "RecordAssessment",
      summary: "Record a skill assessment (self, manager or expert) on the skill map in force on its date",
      input: Requests.RecordAssessmentRequest,
      output: Replies.AssessmentReply,
      roles: READ_PROFILE,
      subject: byEmployee,
      handle: async (input, call) => {
        const { requestId, ...sent } = fromProtoEnums(input);
        requireAssessorRight(sent.assessor, call);
        return handlers.recordAssessment(
          { ...sent, assessor: sent.assessor as AssessorKind },
          requestId,
          call,
        );
      },
    }),
    CorrectAssessment: defineOperation({
      name: "CorrectAssessment",
      summary: "Correct the skill or level of an assessment (recorded as a new event with the reason)",
      input: Requests.CorrectAssessmentRequest,
      output: Replies.AssessmentReply,
      roles: WRITE_PROFILE,
      subject: byEmployee,
      handle: async (input, call) => {
        const { requestId, sent } = recordChange(input);
        return handlers.correctAssessment(sent, requestId, call);
      },
    }),
    VoidAssessment: defineOperation({
      name: "VoidAssessment",
      summary: "Void an assessment recorded in error (recorded as a new event with the reason)",
      input: Requests.VoidAssessmentRequest,
      output: Replies.AssessmentReply,
      roles: WRITE_PROFILE,
      subject: byEmployee,
      handle: async (input, call) => {
        const { requestId, sent } = recordChange(input);
        return handlers.voidAssessment(sent, requestId, call);
      },
    }),
    SetTargetRole: defineOperation({
      name: "SetTargetRole",
      summary: "Set the skill-map role the employee aims for (the learning target)",
      input: Requests.SetTargetRoleRequest,
      output: Replies.TargetRoleReply,
      roles: READ_PROFILE,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) => handlers.setTargetRole(sent, requestId, call),
    }),
    ClearTargetRole: defineOperation({
      name: "ClearTargetRole",
      summary: "Record that the employee has no target role from a date",
      input: Requests.ClearTargetRoleRequest,
      output: Replies.TargetRoleRecordReply,
      roles: READ_PROFILE,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) => handlers.clearTargetRole(sent, requestId, call),
    }),
    CorrectTargetRole: defineOperation({
      name: "CorrectTargetRole",
      summary: "Correct a target role setting or clearing (recorded as a new event with the reason)",
      input: Requests.CorrectTargetRoleRequest,
      output: Replies.TargetRoleRecordReply,
      roles: WRITE_PROFILE,
      subject: byEmployee,
      handle: async (input, call) => {
        const { requestId, sent } = recordChange(input);
        return handlers.correctTargetRole(sent, requestId, call);
      },
    }),
    VoidTargetRole: defineOperation({
      name: "VoidTargetRole",
      summary: "Void a target role setting or clearing recorded in error",
      input: Requests.VoidTargetRoleRequest,
      output: Replies.TargetRoleRecordReply,
      roles: WRITE_PROFILE,
      subject: byEmployee,
      handle: async (input, call) => {
        const { requestId, sent } = recordChange(input);
        return handlers.voidTargetRole(sent, requestId, call);
      },
    }),
    ChangeJobType: defineOperation({
      name: "ChangeJobType",
      summary: "Record a job type change (職種変更), e.g. ELECTRICAL to ICT after passing the selection",
      input: Requests.ChangeJobTypeRequest,
      output: Replies.JobTypeChangeReply,
      roles: WRITE_PROFILE,
      subject: byEmployee,
      handle: async (input, call) => {
        const { requestId, ...sent } = fromProtoEnums(input);
        return handlers.changeJobType({ ...sent, basis: sent.basis as JobTypeChangeBasis }, requestId, call);
      },
    }),
    CorrectJobTypeChange: defineOperation({
      name: "CorrectJobTypeChange",
      summary: "Correct a job type change (recorded as a new event with the reason)",
      input: Requests.CorrectJobTypeChangeRequest,
      output: Replies.JobTypeChangeReply,
      roles: WRITE_PROFILE,
      subject: byEmployee,
      handle: async (input, call) => {
        const { requestId, sent } = recordChange(input);
        return handlers.correctJobTypeChange(
          { ...sent, basis: sent.basis as JobTypeChangeBasis | undefined },
          requestId,
          call,
        );
      },
    }),
    VoidJobTypeChange: defineOperation({
      name: "VoidJobTypeChange",
      summary: "Void a job type change recorded in error",
      input: Requests.VoidJobTypeChangeRequest,
      output: Replies.JobTypeChangeReply,
      roles: WRITE_PROFILE,
      subject: byEmployee,
      handle: async (input, call) => {
        const { requestId, sent } = recordChange(input);
        return handlers.voidJobTypeChange(sent, requestId, call);
      },
    }),
    ChooseCareerTrack: defineOperation({
      name: "ChooseCareerTrack",
      summary: "Record the career ladder track (management or specialist)",
      input: Requests.ChooseCareerTrackRequest,
      output: Replies.CareerTrackReply,
      roles: CAREER_TRACK,
      subject: byEmployee,
      handle: async (input, call) => {
        const { requestId, ...sent } = fromProtoEnums(input);
        const reply = await handlers.chooseCareerTrack(
          { ...sent, track: sent.track as CareerTrack },
          requestId,
          call,
        );
        return toProtoEnums(reply);
      },
    }),
    ClearCareerTrack: defineOperation({
      name: "ClearCareerTrack",
      summary: "Record that the employee is on no career ladder track from a date",
      input: Requests.ClearCareerTrackRequest,
      output: Replies.CareerTrackChoiceReply,
      roles: CAREER_TRACK,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) => handlers.clearCareerTrack(sent, requestId, call),
    }),
    CorrectCareerTrackChoice: defineOperation({
      name: "CorrectCareerTrackChoice",
      summary: "Correct a career track choice or clearing (recorded as a new event with the reason)",
      input: Requests.CorrectCareerTrackChoiceRequest,
      output: Replies.CareerTrackChoiceReply,
      roles: CAREER_TRACK,
      subject: byEmployee,
      handle: async (input, call) => {
        const { requestId, sent } = recordChange(input);
        return handlers.correctCareerTrackChoice(
          { ...sent, track: sent.track as CareerTrack | undefined },
          requestId,
          call,
        );
      },
    }),
    VoidCareerTrackChoice: defineOperation({
      name: "VoidCareerTrackChoice",
      summary: "Void a career track choice or clearing recorded in error",
      input: Requests.VoidCareerTrackChoiceRequest,
      output: Replies.CareerTrackChoiceReply,
      roles: CAREER_TRACK,
      subject: byEmployee,
      handle: async (input, call) => {
        const { requestId, sent } = recordChange(input);
        return handlers.voidCareerTrackChoice(sent, requestId, call);
      },
    }),
    GetProfile: defineOperation({
      name: "GetProfile",
      summary: "Current job type and since when, years in it, levels per skill with history, target role",
      input: Requests.GetProfileRequest,
      output: Replies.ProfileReply,
      roles: READ_PROFILE,
      subject: byEmployee,
      handle: async (input) => toProtoEnums(await queries.profile(input.employeeId, input.asOf)),
    }),
    GetGapReport: defineOperation({
      name: "GetGapReport",
      summary: "Skills below a role's required level, and by how much",
      input: Requests.GetGapReportRequest,
      output: Replies.GapReportReply,
      roles: READ_PROFILE,
      subject: byEmployee,
      handle: async (input) => {
        const { employeeId, assessors, ...options } = fromProtoEnums(input);
        const report = await queries.gapReport(employeeId, {
          ...options,
          ...(countsOnly(assessors) ? { assessors: assessors as AssessorKind[] } : {}),
        });
        return toProtoEnums(report);
      },
    }),
    GetRoleCoverage: defineOperation({
      name: "GetRoleCoverage",
      summary: "For planners: how many staff meet each role's requirements; per skill, staff per level",
      input: Requests.GetRoleCoverageRequest,
      output: Replies.RoleCoverageReply,
      roles: PLANNERS,
      handle: async (input) => {
        const { assessors, ...options } = fromProtoEnums(input);
        return queries.roleCoverage({
          ...options,
          ...(countsOnly(assessors) ? { assessors: assessors as AssessorKind[] } : {}),
        });
      },
    }),
    GetSkillMap: defineOperation({
      name: "GetSkillMap",
      summary: "The skill map in force (or of a fiscal year) and the fiscal years loaded",
      input: Requests.GetSkillMapRequest,
      output: Replies.SkillMapReply,
      roles: EVERYONE,
      handle: async (input) => toProtoEnums(await queries.skillMap(input.fiscalYear)),
    }),
    LoadSkillMap: defineOperation({
      name: "LoadSkillMap",
      summary: "Load a new skill map version for a fiscal year; a bad map is refused whole with every error",
      input: Requests.LoadSkillMapRequest,
      output: Replies.LoadSkillMapReply,
      roles: ["skills-admin", "hr-admin"],
      handle: async (input, call) => skillMaps.load(skillMapOf(input.skillMap), input.requestId, call.actor),
    }),
  };
}

/** REST routes over the same operations. */
export const skillsRoutes: RouteSpec[] = [
  {
    method: "POST",
    url: "/v1/employees/:employeeId/assessments",
    operation: "RecordAssessment",
    tags: ["assessments"],
  },
  {
    method: "POST",
    url: "/v1/employees/:employeeId/assessments/:assessmentId/corrections",
    operation: "CorrectAssessment",
    tags: ["assessments"],
  },
  {
    method: "POST",
    url: "/v1/employees/:employeeId/assessments/:assessmentId/void",
    operation: "VoidAssessment",
    tags: ["assessments"],
  },
  {
    method: "PUT",
    url: "/v1/employees/:employeeId/target-role",
    operation: "SetTargetRole",
    tags: ["profile"],
  },
  {
    method: "POST",
    url: "/v1/employees/:employeeId/target-role/clear",
    operation: "ClearTargetRole",
    tags: ["profile"],
  },
  {
    method: "POST",
    url: "/v1/employees/:employeeId/target-roles/:targetRoleId/corrections",
    operation: "CorrectTargetRole",
    tags: ["profile"],
  },
  {
    method: "POST",
    url: "/v1/employees/:employeeId/target-roles/:targetRoleId/void",
    operation: "VoidTargetRole",
    tags: ["profile"],
  },
  {
    method: "POST",
    url: "/v1/employees/:employeeId/job-type-changes",
    operation: "ChangeJobType",
    tags: ["job types"],
  },
  {
    method: "POST",
    url: "/v1/employees/:employeeId/job-type-changes/:changeId/corrections",
    operation: "CorrectJobTypeChange",
    tags: ["job types"],
  },
  {
    method: "POST",
    url: "/v1/employees/:employeeId/job-type-changes/:changeId/void",
    operation: "VoidJobTypeChange",
    tags: ["job types"],
  },
  {
    method: "PUT",
    url: "/v1/employees/:employeeId/career-track",
    operation: "ChooseCareerTrack",
    tags: ["profile"],
  },
  {
    method: "POST",
    url: "/v1/employees/:employeeId/career-track/clear",
    operation: "ClearCareerTrack",
    tags: ["profile"],
  },
  {
    method: "POST",
    url: "/v1/employees/:employeeId/career-track-choices/:choiceId/corrections",
    operation: "CorrectCareerTrackChoice",
    tags: ["profile"],
  },
  {
    method: "POST",
    url: "/v1/employees/:employeeId/career-track-choices/:choiceId/void",
    operation: "VoidCareerTrackChoice",
    tags: ["profile"],
  },
  { method: "GET", url: "/v1/employees/:employeeId/profile", operation: "GetProfile", tags: ["profile"] },
  {
    method: "GET",
    url: "/v1/employees/:employeeId/gap-report",
    operation: "GetGapReport",
    tags: ["profile"],
  },
  { method: "GET", url: "/v1/role-coverage", operation: "GetRoleCoverage", tags: ["planning"] },
  { method: "GET", url: "/v1/skill-map", operation: "GetSkillMap", tags: ["skill map"] },
  { method: "PUT", url: "/v1/skill-map", operation: "LoadSkillMap", tags: ["skill map"] },
];
