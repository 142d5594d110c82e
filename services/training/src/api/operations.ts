import { type CallContext, commandContext, defineOperation, ROLES, type Role, type RouteSpec } from "@hr/kit";
import type { TSchema } from "@sinclair/typebox";
import type { ConfigurationRequests } from "../application/configuration-requests";
import type { CourseCatalogueStore } from "../application/course-catalogue.store";
import type { CourseReportReadModel } from "../application/course-report.projection";
import type { OverseasProgrammeView } from "../application/overseas-applications.view";
import type { OverseasTrainingHandlers } from "../application/overseas-training.handlers";
import type { TrainingQueries } from "../application/training.queries";
import type { TrainingRecordHandlers } from "../application/training-record.handlers";
import {
  optional,
  planWarnings,
  type RejectionReason,
  type SubsidyKind,
  type SubsidyRefusalReason,
  type TrainingForm,
  type WithdrawalReason,
} from "../domain";
import * as Requests from "./requests";

/** Who may do what (CONTRACTS.md roles). Staff (`employee`) reach only their own records. */
const RECORDERS: Role[] = ["hr-core", "hr-admin", "training-admin"];
const READERS: Role[] = [...RECORDERS, "employee"];
const PROGRAMME: Role[] = ["hr-admin", "training-admin"];
const EVERYONE: readonly Role[] = ROLES;

const byEmployee = (input: { employeeId: string }) => input.employeeId;

/** gRPC sends an enum left out as its `*_UNSPECIFIED` value: the same as leaving it out over REST. */
function given<T extends string>(value: T | undefined): T | undefined {
  return value === undefined || value.endsWith("_UNSPECIFIED") ? undefined : value;
}

/** A programme step that needs nothing filled in: the request minus its request id is the command. */
function step(
  handlers: OverseasTrainingHandlers,
  type: Parameters<OverseasTrainingHandlers["step"]>[0],
  input: TSchema,
  summary: string,
) {
  return defineOperation({
    name: type,
    summary,
    input,
    roles: PROGRAMME,
    handle: async (input: unknown, call: CallContext) => {
      const { requestId, ...sent } = input as { requestId: string; applicationId: string };
      return handlers.step(type, sent, requestId, call);
    },
  });
}

/** The training service's operations, named as the gRPC methods of hr.training.v1.TrainingService. */
export function trainingOperations(
  records: TrainingRecordHandlers,
  programme: OverseasTrainingHandlers,
  programmeView: OverseasProgrammeView,
  queries: TrainingQueries,
  catalogues: CourseCatalogueStore,
  courseReports: CourseReportReadModel,
  configurations: ConfigurationRequests,
) {
  return {
    LoadCourseCatalogue: defineOperation({
      name: "LoadCourseCatalogue",
      summary: "Load the course catalogue of a fiscal year (replaces that year's version)",
      input: Requests.LoadCourseCatalogueRequest,
      roles: ["training-admin", "hr-admin"],
      handle: async ({ requestId, ...request }, call) =>
        configurations.once("LoadCourseCatalogue", requestId, request, () =>
          catalogues.load(request.catalogue, requestId, call.actor),
        ),
    }),
    GetCourseCatalogue: defineOperation({
      name: "GetCourseCatalogue",
      summary: "The course catalogue in force in a fiscal year",
      input: Requests.GetCourseCatalogueRequest,
      roles: EVERYONE,
      handle: async (input) => queries.catalogue(input.fiscalYear),
    }),
    NominateForCourse: defineOperation({
      name: "NominateForCourse",
      summary: "Nominate an employee for a course (e.g. one nominee per section for DX training)",
      input: Requests.NominateForCourseRequest,
      roles: RECORDERS,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) => records.nominate(sent, requestId, call),
    }),
    CancelNomination: defineOperation({
      name: "CancelNomination",
      summary: "Cancel a nomination, with a reason code",
      input: Requests.CancelNominationRequest,
      roles: RECORDERS,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) => records.cancelNomination(sent, requestId, call),
    }),
    RecordCompletion: defineOperation({
      name: "RecordCompletion",
      summary: "Record a completed course (publishes TrainingCompleted)",
      input: Requests.RecordCompletionRequest,
      roles: RECORDERS,
      subject: byEmployee,
      handle: async ({ requestId, form, ...sent }, call) => {
        const chosen = given(form as TrainingForm | undefined);
        return records.recordCompletion(
          { ...sent, ...(chosen ? { form: chosen } : {}) },
          commandContext(requestId, call),
        );
      },
    }),
    CorrectCompletion: defineOperation({
      name: "CorrectCompletion",
      summary: "Correct a completion (a new event with the reason code; the date may move fiscal years)",
      input: Requests.CorrectCompletionRequest,
      roles: RECORDERS,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) => records.correctCompletion(sent, requestId, call),
    }),
    VoidCompletion: defineOperation({
      name: "VoidCompletion",
      summary: "Void a completion recorded in error (a new event with the reason code)",
      input: Requests.VoidCompletionRequest,
      roles: RECORDERS,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) =>
        records.voidCompletion(sent, commandContext(requestId, call)),
    }),
    RecordSurvey: defineOperation({
      name: "RecordSurvey",
      summary: "Record the pre- or post-course survey of a course (staff may answer their own)",
      input: Requests.RecordSurveyRequest,
      roles: READERS,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) => records.recordSurvey(sent, requestId, call),
    }),
    RecordCertification: defineOperation({
      name: "RecordCertification",
      summary: "Record an acquired certification (publishes CertificationAcquired)",
      input: Requests.RecordCertificationRequest,
      roles: RECORDERS,
      subject: byEmployee,
      handle: async ({ requestId, examFeeSubsidised, ...sent }, call) =>
        records.recordCertification(
          { ...sent, examFeeSubsidised: examFeeSubsidised ?? false },
          requestId,
          call,
        ),
    }),
    VoidCertification: defineOperation({
      name: "VoidCertification",
      summary: "Void a certification recorded in error, with a reason code",
      input: Requests.VoidCertificationRequest,
      roles: RECORDERS,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) => records.voidCertification(sent, requestId, call),
    }),
    RequestCertificationSubsidy: defineOperation({
      name: "RequestCertificationSubsidy",
      summary: "Request an exam fee or certification subsidy (at most one per certification and exam date)",
      input: Requests.RequestCertificationSubsidyRequest,
      roles: READERS,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) => records.requestSubsidy(sent, requestId, call),
    }),
    DecideCertificationSubsidy: defineOperation({
      name: "DecideCertificationSubsidy",
      summary: "Approve (amount in yen) or refuse (reason code) a certification subsidy",
      input: Requests.DecideCertificationSubsidyRequest,
      roles: ["hr-admin", "training-admin"],
      subject: byEmployee,
      handle: async ({ requestId, refusalReason, approved, ...sent }, call) => {
        const reason = given(refusalReason as SubsidyRefusalReason | undefined);
        return records.decideSubsidy(
          { ...sent, approved: approved ?? false, ...(reason ? { refusalReason: reason } : {}) },
          requestId,
          call,
        );
      },
    }),
    CorrectCertificationSubsidy: defineOperation({
      name: "CorrectCertificationSubsidy",
      summary: "Correct a certification subsidy's request or decision (a new event with the reason code)",
      input: Requests.CorrectCertificationSubsidyRequest,
      roles: ["hr-admin", "training-admin"],
      subject: byEmployee,
      handle: async ({ requestId, kind, refusalReason, ...sent }, call) => {
        const chosenKind = given(kind as SubsidyKind | undefined);
        const reason = given(refusalReason as SubsidyRefusalReason | undefined);
        return records.correctSubsidy(
          { ...sent, ...optional("kind", chosenKind), ...optional("refusalReason", reason) },
          requestId,
          call,
        );
      },
    }),
    VoidCertificationSubsidy: defineOperation({
      name: "VoidCertificationSubsidy",
      summary: "Void a certification subsidy recorded in error, with a reason code",
      input: Requests.VoidCertificationSubsidyRequest,
      roles: ["hr-admin", "training-admin"],
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) => records.voidSubsidy(sent, requestId, call),
    }),
    ConfigureProgrammeYear: defineOperation({
      name: "ConfigureProgrammeYear",
      summary: "Set a programme year of the overseas dispatch training: capacity, window, report period",
      input: Requests.ConfigureProgrammeYearRequest,
      roles: PROGRAMME,
      handle: async ({ requestId, ...request }) =>
        configurations.once("ConfigureProgrammeYear", requestId, request, async () => ({
          programmeYear: await programmeView.configure(request.programmeYear),
        })),
    }),
    GetOverseasTrainingEligibility: defineOperation({
      name: "GetOverseasTrainingEligibility",
      summary:
        "Whether an employee may apply on a date (ICT staff, second fiscal year as ICT staff or later)",
      input: Requests.GetOverseasTrainingEligibilityRequest,
      roles: READERS,
      subject: byEmployee,
      handle: async (input) => queries.eligibility(input.employeeId, input.on),
    }),
    ApplyOverseasTraining: defineOperation({
      name: "ApplyOverseasTraining",
      summary: "Apply for overseas dispatch training with a training plan (individual or group)",
      input: Requests.ApplyOverseasTrainingRequest,
      roles: READERS,
      subject: byEmployee,
      handle: async ({ requestId, groupMemberIds, ...sent }, call) => ({
        ...(await programme.apply({ ...sent, groupMemberIds: groupMemberIds ?? [] }, requestId, call)),
        planWarnings: planWarnings(sent.candidateDestinations),
      }),
    }),
    ConfirmGroupMembership: defineOperation({
      name: "ConfirmGroupMembership",
      summary: "A member invited to a group application confirms (before the screening)",
      input: Requests.ConfirmGroupMembershipRequest,
      roles: READERS,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) => programme.confirmMembership(sent, requestId, call),
    }),
    RecordScreening: defineOperation({
      name: "RecordScreening",
      summary: "Record the presentation screening",
      input: Requests.RecordScreeningRequest,
      roles: PROGRAMME,
      handle: async ({ requestId, planScore, englishScore, ...sent }, call) => {
        const screening = { ...sent, planScore: planScore ?? 0, englishScore: englishScore ?? 0 };
        return programme.step("RecordScreening", screening, requestId, call);
      },
    }),
    SelectTraineeCandidate: defineOperation({
      name: "SelectTraineeCandidate",
      summary: "Select a screened application as trainee candidate(s) within the year's capacity",
      input: Requests.SelectTraineeCandidateRequest,
      roles: PROGRAMME,
      handle: async ({ requestId, ...sent }, call) => programme.select(sent, requestId, call),
    }),
    RefineTrainingPlan: defineOperation({
      name: "RefineTrainingPlan",
      summary: "Record the refined plan",
      input: Requests.RefineTrainingPlanRequest,
      roles: PROGRAMME,
      handle: async ({ requestId, ...sent }, call) => ({
        ...(await programme.step("RefineTrainingPlan", sent, requestId, call)),
        planWarnings: planWarnings(sent.candidateDestinations),
      }),
    }),
    ConfirmAppointment: step(
      programme,
      "ConfirmAppointment",
      Requests.ConfirmAppointmentRequest,
      "Record an appointment a host confirmed",
    ),
    CertifyTrainee: defineOperation({
      name: "CertifyTrainee",
      summary: "Certify the candidate(s) as trainee with the final plan",
      input: Requests.CertifyTraineeRequest,
      roles: PROGRAMME,
      handle: async ({ requestId, interpreterSupport, ...sent }, call) =>
        programme.step(
          "CertifyTrainee",
          { ...sent, interpreterSupport: interpreterSupport ?? false } as typeof sent,
          requestId,
          call,
        ),
    }),
    RecordDeparture: step(
      programme,
      "RecordDeparture",
      Requests.RecordDepartureRequest,
      "Record the departure",
    ),
    RecordReturn: defineOperation({
      name: "RecordReturn",
      summary: "Record the return; the dispatch report falls due (two months later by default)",
      input: Requests.RecordReturnRequest,
      roles: PROGRAMME,
      handle: async ({ requestId, ...sent }, call) => programme.recordReturn(sent, requestId, call),
    }),
    SubmitReport: step(
      programme,
      "SubmitReport",
      Requests.SubmitReportRequest,
      "Record the submitted dispatch report",
    ),
    PresentReport: step(
      programme,
      "PresentReport",
      Requests.PresentReportRequest,
      "Record the report presented at the report meeting (OverseasTrainingCompleted)",
    ),
    PublishReport: step(
      programme,
      "PublishReport",
      Requests.PublishReportRequest,
      "Record where the report was published",
    ),
    WithdrawOverseasTraining: step(
      programme,
      "WithdrawOverseasTraining",
      Requests.WithdrawOverseasTrainingRequest,
      "Record a withdrawal (whole application or one group member)",
    ),
    RejectOverseasTraining: step(
      programme,
      "RejectOverseasTraining",
      Requests.RejectOverseasTrainingRequest,
      "Reject an application, with a reason code",
    ),
    CorrectOverseasTrainingStep: defineOperation({
      name: "CorrectOverseasTrainingStep",
      summary:
        "Correct the date of a step, or what it records (a corrected return moves the report's due day)",
      input: Requests.CorrectOverseasTrainingStepRequest,
      roles: PROGRAMME,
      handle: async ({ requestId, withdrawalReason, rejectionReason, screening, ...sent }, call) => {
        const values = {
          ...sent,
          ...optional("withdrawalReason", given(withdrawalReason as WithdrawalReason | undefined)),
          ...optional("rejectionReason", given(rejectionReason as RejectionReason | undefined)),
          ...(screening
            ? {
                screening: {
                  ...screening,
                  planScore: screening.planScore ?? 0,
                  englishScore: screening.englishScore ?? 0,
                },
              }
            : {}),
        };
        return {
          ...(await programme.correct(values, requestId, call)),
          planWarnings: sent.candidateDestinations?.length ? planWarnings(sent.candidateDestinations) : [],
        };
      },
    }),
    VoidOverseasTrainingStep: defineOperation({
      name: "VoidOverseasTrainingStep",
      summary: "Void the latest step, recorded in error (steps are voided latest first)",
      input: Requests.VoidOverseasTrainingStepRequest,
      roles: PROGRAMME,
      handle: async ({ requestId, ...sent }, call) => programme.void(sent, requestId, call),
    }),
    GetOverseasTraining: defineOperation({
      name: "GetOverseasTraining",
      summary: "One application with every step recorded",
      input: Requests.GetOverseasTrainingRequest,
      roles: PROGRAMME,
      handle: async (input) => queries.application(input.applicationId),
    }),
    GetProgrammeYear: defineOperation({
      name: "GetProgrammeYear",
      summary: "A programme year: settings, applications with their step, places taken and left",
      input: Requests.GetProgrammeYearRequest,
      roles: [...PROGRAMME, "hr-core"],
      handle: async (input) => queries.programmeYear(input.fiscalYear),
    }),
    ListOverdueReports: defineOperation({
      name: "ListOverdueReports",
      summary: "Trainees whose dispatch report is past its due date and not submitted",
      input: Requests.ListOverdueReportsRequest,
      roles: [...PROGRAMME, "hr-core"],
      handle: async (input) => queries.overdueReports(input.asOf),
    }),
    GetTrainingHistory: defineOperation({
      name: "GetTrainingHistory",
      summary:
        "An employee's training history (per fiscal year of the effective dates); voided records left out",
      input: Requests.GetTrainingHistoryRequest,
      roles: READERS,
      subject: byEmployee,
      handle: async (input) => queries.history(input.employeeId, input.fiscalYear),
    }),
    GetCourseReport: defineOperation({
      name: "GetCourseReport",
      summary: "A course's completions and its survey effect (post minus pre, per item)",
      input: Requests.GetCourseReportRequest,
      roles: RECORDERS,
      handle: async (input) => courseReports.report(input.courseId, input.fiscalYear),
    }),
    GetLearningPlan: defineOperation({
      name: "GetLearningPlan",
      summary: "For the skills of an employee's gap: the courses that develop them, completed ones apart",
      input: Requests.GetLearningPlanRequest,
      roles: READERS,
      subject: byEmployee,
      handle: async (input) =>
        queries.learningPlan(input.employeeId, input.gapSkillIds, input.fiscalYear, input.roleId),
    }),
  };
}

const r = (method: RouteSpec["method"], url: string, operation: string, tag: string): RouteSpec => ({
  method,
  url,
  operation,
  tags: [tag],
});
const EMP = "/v1/employees/:employeeId";
const APP = "/v1/overseas-trainings/:applicationId";

/** REST routes over the same operations. */
export const trainingRoutes: RouteSpec[] = [
  r("PUT", "/v1/course-catalogue", "LoadCourseCatalogue", "catalogue"),
  r("GET", "/v1/course-catalogue", "GetCourseCatalogue", "catalogue"),
  r("GET", "/v1/courses/:courseId/report", "GetCourseReport", "catalogue"),
  r("POST", `${EMP}/nominations`, "NominateForCourse", "completions"),
  r("POST", `${EMP}/nominations/:nominationId/cancel`, "CancelNomination", "completions"),
  r("POST", `${EMP}/completions`, "RecordCompletion", "completions"),
  r("POST", `${EMP}/completions/:completionId/corrections`, "CorrectCompletion", "completions"),
  r("POST", `${EMP}/completions/:completionId/void`, "VoidCompletion", "completions"),
  r("POST", `${EMP}/surveys`, "RecordSurvey", "completions"),
  r("POST", `${EMP}/certifications`, "RecordCertification", "certifications"),
  r("POST", `${EMP}/certifications/:certificationId/void`, "VoidCertification", "certifications"),
  r("POST", `${EMP}/subsidies`, "RequestCertificationSubsidy", "certifications"),
  r("POST", `${EMP}/subsidies/:subsidyId/decision`, "DecideCertificationSubsidy", "certifications"),
  r("POST", `${EMP}/subsidies/:subsidyId/corrections`, "CorrectCertificationSubsidy", "certifications"),
  r("POST", `${EMP}/subsidies/:subsidyId/void`, "VoidCertificationSubsidy", "certifications"),
  r("GET", `${EMP}/training-history`, "GetTrainingHistory", "history"),
  r("GET", `${EMP}/learning-plan`, "GetLearningPlan", "history"),
  r("GET", `${EMP}/overseas-training-eligibility`, "GetOverseasTrainingEligibility", "overseas training"),
  r("PUT", "/v1/programme-years", "ConfigureProgrammeYear", "overseas training"),
  r("GET", "/v1/programme-years/:fiscalYear", "GetProgrammeYear", "overseas training"),
  r("GET", "/v1/overdue-reports", "ListOverdueReports", "overseas training"),
  r("POST", "/v1/overseas-trainings", "ApplyOverseasTraining", "overseas training"),
  r("GET", APP, "GetOverseasTraining", "overseas training"),
  r("POST", `${APP}/member-confirmations`, "ConfirmGroupMembership", "overseas training"),
  r("POST", `${APP}/screening`, "RecordScreening", "overseas training"),
  r("POST", `${APP}/selection`, "SelectTraineeCandidate", "overseas training"),
  r("POST", `${APP}/plan-refinements`, "RefineTrainingPlan", "overseas training"),
  r("POST", `${APP}/appointments`, "ConfirmAppointment", "overseas training"),
  r("POST", `${APP}/certification`, "CertifyTrainee", "overseas training"),
  r("POST", `${APP}/departure`, "RecordDeparture", "overseas training"),
  r("POST", `${APP}/return`, "RecordReturn", "overseas training"),
  r("POST", `${APP}/report`, "SubmitReport", "overseas training"),
  r("POST", `${APP}/report-presentation`, "PresentReport", "overseas training"),
  r("POST", `${APP}/report-publication`, "PublishReport", "overseas training"),
  r("POST", `${APP}/withdrawal`, "WithdrawOverseasTraining", "overseas training"),
  r("POST", `${APP}/rejection`, "RejectOverseasTraining", "overseas training"),
  r("POST", `${APP}/step-corrections`, "CorrectOverseasTrainingStep", "overseas training"),
  r("POST", `${APP}/step-voidings`, "VoidOverseasTrainingStep", "overseas training"),
];
