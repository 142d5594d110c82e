import {
  calendarDateSchema,
  codeListSchema,
  constrainedWhen,
  EmployeeId,
  Id,
  RequestId,
  requiredWhen,
  textSchema,
} from "@hr/kit";
import { TRAINING_LIMITS as L } from "@hr/proto";
import { type TSchema, Type } from "@sinclair/typebox";
import {
  APPLICATION_KINDS,
  CORRECTION_REASONS,
  COURSE_OWNERS,
  COURSE_PROVIDERS,
  DESTINATION_KINDS,
  NOMINATION_CANCEL_REASONS,
  OVERSEAS_TRAINING_STEPS,
  PUBLICATION_CHANNELS,
  REJECTION_REASONS,
  SUBSIDY_KINDS,
  SUBSIDY_REFUSAL_REASONS,
  SURVEY_ITEM_KINDS,
  SURVEY_PHASES,
  TARGET_SEGMENTS,
  TRAINING_FORMS,
  VOID_REASONS,
  WITHDRAWAL_REASONS,
} from "../domain";

/**
 * One schema per request, shared by REST (validation and OpenAPI) and gRPC (validation). Field names are
 * the proto fields in camelCase; enums are the proto enum names. The domain re-checks every rule.
 */
const Day = calendarDateSchema;
const Note = Type.Optional(
  textSchema("Explanation for the audit trail (not published)", L.note.maxLength, { multiline: true }),
);
const FiscalYear = (description: string) =>
  Type.Integer({
    minimum: 2000,
    maximum: 2100,
    description: `${description} (e.g. 2024 = April 2024 to March 2025)`,
  });
const Optional = <T extends TSchema>(schema: T) => Type.Optional(schema);
const Score100 = (description: string) => Type.Number({ ...L.score, description });
const Hours = Type.Number({ ...L.hours, description: "Study hours" });
const Yen = (description: string) => Type.Integer({ ...L.yen, description });
/** A list of at most `limit.maxItems` items, as the domain takes it (TRAINING_LIMITS). */
const List = <T extends TSchema>(items: T, limit: { maxItems: number }, options: object = {}) =>
  Type.Array(items, { ...limit, ...options });
const Name = (description: string, shape: { required?: boolean } = {}) =>
  textSchema(description, L.name.maxLength, shape);
const PlanText = (description: string) =>
  textSchema(description, L.planText.maxLength, { required: true, multiline: true });
const Feedback = (description: string) => textSchema(description, L.feedback.maxLength, { multiline: true });
const ApplicationId = Id("Overseas dispatch training application id");

const Destination = Type.Object({
  name: Name("Host organisation", { required: true }),
  kind: codeListSchema(DESTINATION_KINDS, "Kind of host"),
  countryCode: Type.String({ ...L.countryCode, description: "ISO 3166-1 alpha-2, e.g. DK" }),
  city: Name("City"),
});
const Destinations = List(Destination, L.destinations, {
  minItems: 1,
  description:
    "One or more destinations; two or more are encouraged (one gives PLAN_WARNING_ONE_DESTINATION)",
});
const LearningGoal = PlanText("A learning goal");
const LearningGoals = List(LearningGoal, L.learningGoals, {
  minItems: 1,
  description: "Learning goals of the training plan (not published)",
});
const Interviewers = List(Name("Interviewer", { required: true }), L.interviewers, { minItems: 1 });

const Course = Type.Object({
  courseId: Id("Course id, stable across fiscal years"),
  title: Name("Title", { required: true }),
  provider: codeListSchema(COURSE_PROVIDERS, "Who provides it"),
  form: codeListSchema(TRAINING_FORMS, "How it is delivered"),
  nominalHours: Type.Number(L.hours),
  skillIds: List(Id("Skill item id of the skill map"), L.courseTags),
  targetSegments: List(codeListSchema(TARGET_SEGMENTS, "Who it is meant for"), L.courseTags),
  owner: codeListSchema(COURSE_OWNERS, "Who owns it"),
  recommendedLists: List(Id("Recommended list, e.g. recommended-courses"), L.courseTags),
  xapiActivityIds: List(
    textSchema("xAPI activity id (IRI)", L.activityId.maxLength, { required: true }),
    L.courseTags,
  ),
  oneNomineePerUnit: Type.Boolean(),
});

export const LoadCourseCatalogueRequest = Type.Object({
  requestId: RequestId,
  catalogue: Type.Object({
    fiscalYear: FiscalYear("Fiscal year the version is for"),
    courses: List(Course, L.courses, { minItems: 1 }),
  }),
});
export const GetCourseCatalogueRequest = Type.Object({ fiscalYear: Optional(FiscalYear("Fiscal year")) });

export const NominateForCourseRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  courseId: Id("Course of the catalogue in force in fiscal_year"),
  fiscalYear: FiscalYear("Fiscal year of the course run"),
  unitCode: Id("Nominating organisation unit, e.g. a section code"),
  nominatedOn: Day("Date of the nomination"),
});
export const CancelNominationRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  nominationId: Id("Nomination to cancel"),
  reasonCode: codeListSchema(NOMINATION_CANCEL_REASONS, "Why"),
  cancelledOn: Day("Date of the cancellation"),
});

export const RecordCompletionRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  completedOn: Day("Completion date; not in the future"),
  courseId: Id("Course of the catalogue in force on completed_on"),
  courseTitle: Optional(Name("Title; default the catalogue's")),
  form: Optional(
    codeListSchema(
      [...TRAINING_FORMS, "TRAINING_FORM_UNSPECIFIED"],
      "How it was delivered; default (or UNSPECIFIED, gRPC's unset) the catalogue's",
    ),
  ),
  hours: Optional(Hours),
  score: Optional(Score100("Score, when the course has one")),
  nominationId: Optional(Id("Nomination this completion fulfils")),
});
export const CorrectCompletionRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  completionId: Id("Completion to correct"),
  courseId: Optional(Id("Correct course")),
  completedOn: Optional(Day("Correct completion date")),
  hours: Optional(Hours),
  score: Optional(Score100("Correct score")),
  reasonCode: codeListSchema(CORRECTION_REASONS, "Why (published)"),
  note: Note,
});
export const VoidCompletionRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  completionId: Id("Completion to void"),
  reasonCode: codeListSchema(VOID_REASONS, "Why (published)"),
  note: Note,
});

export const RecordSurveyRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  courseId: Id("Course surveyed"),
  phase: codeListSchema(SURVEY_PHASES, "Before or after the course"),
  answeredOn: Day("Date answered"),
  answers: List(
    Type.Object({
      itemId: Id("Survey item id"),
      kind: codeListSchema(SURVEY_ITEM_KINDS, "What the item measures"),
      score: Type.Integer({ ...L.surveyScore, description: "Answer, 1 (low) to 5 (high)" }),
    }),
    L.surveyAnswers,
    { minItems: 1 },
  ),
});

export const RecordCertificationRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  certificationCode: Id("Certification code, e.g. IPA-SC"),
  certificationName: Optional(
    Name("Name: required for a code outside the catalogue; a catalogued code keeps its name"),
  ),
  acquiredOn: Day("Date on the certificate; not in the future"),
  examOn: Optional(Day("Date of the exam it came from, on or before acquiredOn (links its subsidy)")),
  examFeeSubsidised: Optional(Type.Boolean({ description: "Subsidised outside this service's records" })),
  proofReference: Optional(Name("Certificate number or other proof (not published)")),
});
export const VoidCertificationRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  certificationId: Id("Certification to void"),
  reasonCode: codeListSchema(VOID_REASONS, "Why (published)"),
  note: Note,
});
export const RequestCertificationSubsidyRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  certificationCode: Id("Certification the exam leads to"),
  examOn: Day("Exam date"),
  kind: codeListSchema(SUBSIDY_KINDS, "What is subsidised"),
  requestedAmountYen: Yen("Amount asked for, in yen"),
  requestedOn: Day("Date of the request"),
});
/** An approval names its amount; a refusal its reason (gRPC's unset UNSPECIFIED is no reason). */
const DECISION_DETAIL = [
  requiredWhen(
    { field: "approved", oneOf: [true] },
    { field: "approvedAmountYen", schema: Yen("Amount approved, in yen") },
  ),
  requiredWhen(
    { field: "approved", oneOf: [false], orUnset: true },
    { field: "refusalReason", schema: codeListSchema(SUBSIDY_REFUSAL_REASONS, "Why refused") },
  ),
];

export const CorrectCertificationSubsidyRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  subsidyId: Id("Subsidy to correct"),
  certificationCode: Optional(Id("Correct certification")),
  examOn: Optional(Day("Correct exam date")),
  kind: Optional(
    codeListSchema([...SUBSIDY_KINDS, "SUBSIDY_KIND_UNSPECIFIED"], "Correct kind (UNSPECIFIED keeps it)"),
  ),
  requestedAmountYen: Optional(Yen("Correct amount asked for, in yen")),
  requestedOn: Optional(Day("Correct request date")),
  approved: Optional(Type.Boolean({ description: "Correct decision (a decided subsidy only)" })),
  approvedAmountYen: Optional(
    Yen("Correct amount approved, in yen (needed to turn a refusal into an approval)"),
  ),
  refusalReason: Optional(
    codeListSchema(
      [...SUBSIDY_REFUSAL_REASONS, "SUBSIDY_REFUSAL_REASON_UNSPECIFIED"],
      "Correct reason of a refusal (needed to turn an approval into a refusal; UNSPECIFIED keeps it)",
    ),
  ),
  decidedOn: Optional(Day("Correct decision date")),
  reasonCode: codeListSchema(CORRECTION_REASONS, "Why (published)"),
  note: Note,
});
export const VoidCertificationSubsidyRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  subsidyId: Id("Subsidy to void"),
  reasonCode: codeListSchema(VOID_REASONS, "Why (published)"),
  note: Note,
});

export const DecideCertificationSubsidyRequest = Type.Object(
  {
    requestId: RequestId,
    employeeId: EmployeeId,
    subsidyId: Id("Subsidy to decide"),
    approved: Optional(Type.Boolean({ description: "Approved; default false (gRPC's unset): refused" })),
    approvedAmountYen: Optional(Yen("Amount approved, in yen (required when approved)")),
    refusalReason: Optional(
      codeListSchema(
        [...SUBSIDY_REFUSAL_REASONS, "SUBSIDY_REFUSAL_REASON_UNSPECIFIED"],
        "Why refused (required when refused; UNSPECIFIED, gRPC's unset, when approved)",
      ),
    ),
    decidedOn: Day("Date of the decision"),
  },
  { allOf: DECISION_DETAIL.flatMap((rule) => rule.allOf) },
);

export const ConfigureProgrammeYearRequest = Type.Object({
  requestId: RequestId,
  programmeYear: Type.Object({
    fiscalYear: FiscalYear("Programme year"),
    capacity: Type.Integer({ minimum: 1, maximum: 1000, description: "Places (6 in FY2024)" }),
    applicationOpensOn: Day("First day applications are taken"),
    applicationClosesOn: Day("Last day applications are taken"),
    reportDueMonths: Optional(
      Type.Integer({
        minimum: 0,
        maximum: 24,
        description: "Months after return the report is due (0: default 2)",
      }),
    ),
  }),
});
export const GetOverseasTrainingEligibilityRequest = Type.Object({
  employeeId: EmployeeId,
  on: Optional(Day("Date of the would-be application; default today")),
});

const GroupMemberIds = (options: { minItems?: number; maxItems?: number }) =>
  List(EmployeeId, L.groupMembers, {
    uniqueItems: true,
    description: "The other members of a group (each once), not the applicant",
    ...options,
  });
/** A group names its other members; an individual application names none (gRPC's unset is empty). */
const GROUP_MEMBERS = [
  requiredWhen(
    { field: "kind", oneOf: ["APPLICATION_KIND_GROUP"] },
    { field: "groupMemberIds", schema: GroupMemberIds({ minItems: 1 }) },
  ),
  constrainedWhen(
    { field: "kind", oneOf: ["APPLICATION_KIND_INDIVIDUAL"] },
    { field: "groupMemberIds", schema: GroupMemberIds({ maxItems: 0 }), errorMessage: "must be empty" },
  ),
];

export const ApplyOverseasTrainingRequest = Type.Object(
  {
    requestId: RequestId,
    employeeId: EmployeeId,
    appliedOn: Day("Application date"),
    fiscalYear: FiscalYear("Programme year applied for"),
    learningGoals: LearningGoals,
    candidateDestinations: Destinations,
    theme: PlanText("Theme of the plan"),
    kind: codeListSchema(APPLICATION_KINDS, "Individual or group"),
    groupMemberIds: Optional(GroupMemberIds({})),
  },
  { allOf: GROUP_MEMBERS.flatMap((rule) => rule.allOf) },
);

const Step = <T extends Record<string, TSchema>>(fields: T) =>
  Type.Object({ requestId: RequestId, applicationId: ApplicationId, ...fields });

/** A score 0-100; 0 when left out, as gRPC cannot tell its unset 0 from a 0 given. */
const Score = (description: string) =>
  Optional(Type.Integer({ minimum: 0, maximum: 100, description: `${description} (default 0)` }));
export const ConfirmGroupMembershipRequest = Step({
  employeeId: EmployeeId,
  confirmedOn: Day("Date the member confirmed"),
});
export const RecordScreeningRequest = Step({
  screenedOn: Day("Date of the screening"),
  planScore: Score("Score of the plan"),
  englishScore: Score("Score of the English ability"),
  passed: Type.Boolean({
    description: "Whether the bar is met (required: not passed ends the application, so it is never assumed)",
  }),
  screenedBy: Interviewers,
});
export const SelectTraineeCandidateRequest = Step({
  selectedOn: Day("Date of the selection"),
  feedback: Optional(Feedback("Interviewers' feedback (not published)")),
});
export const RefineTrainingPlanRequest = Step({
  refinedOn: Day("Date of the refined plan"),
  learningGoals: LearningGoals,
  candidateDestinations: Destinations,
});
export const ConfirmAppointmentRequest = Step({
  confirmedOn: Day("Date the host confirmed"),
  destination: Destination,
  visitOn: Day("Day of the visit"),
});
export const CertifyTraineeRequest = Step({
  certifiedOn: Day("Date of certification as trainee"),
  plannedDepartureOn: Day("Planned departure"),
  plannedReturnOn: Day("Planned return"),
  interpreterSupport: Optional(Type.Boolean({ description: "Whether an interpreter is provided" })),
});
export const RecordDepartureRequest = Step({ departedOn: Day("Departure date") });
export const RecordReturnRequest = Step({ returnedOn: Day("Return date") });
export const SubmitReportRequest = Step({ submittedOn: Day("Submission date") });
export const PresentReportRequest = Step({ presentedOn: Day("Date of the report meeting") });
export const PublishReportRequest = Step({
  publishedOn: Day("Publication date"),
  channels: List(codeListSchema(PUBLICATION_CHANNELS, "Where"), L.channels, { minItems: 1 }),
});
export const WithdrawOverseasTrainingRequest = Step({
  withdrawnOn: Day("Date of the withdrawal"),
  reasonCode: codeListSchema(WITHDRAWAL_REASONS, "Why (published)"),
  memberEmployeeId: Optional(EmployeeId),
  note: Note,
});
export const RejectOverseasTrainingRequest = Step({
  rejectedOn: Day("Date of the rejection"),
  reasonCode: codeListSchema(REJECTION_REASONS, "Why (published)"),
  note: Note,
});

const StepName = codeListSchema(
  OVERSEAS_TRAINING_STEPS.filter((step) => step !== "OVERSEAS_TRAINING_STEP_VOIDED"),
  "The step (its latest entry; a group member's own entry with memberEmployeeId; APPOINTMENT_CONFIRMED an appointment)",
);
/** A list a correction may leave empty (gRPC's unset): the recorded one is kept. */
const Kept = <T extends TSchema>(items: T, limit: { maxItems: number }, description: string) =>
  Optional(List(items, limit, { description: `${description}; left out or empty keeps the recorded one` }));
/** An appointment is named by its number; a group member's own entries by the member. */
const EntryOfStep = {
  memberEmployeeId: Optional(EmployeeId),
  appointmentNumber: Optional(
    Type.Integer({
      ...L.appointmentNumber,
      description: "APPOINTMENT_CONFIRMED (required): which appointment, 1 for the first confirmed",
    }),
  ),
};
const APPOINTMENT_NAMED = requiredWhen(
  { field: "step", oneOf: ["OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED"] },
  { field: "appointmentNumber", schema: EntryOfStep.appointmentNumber },
);
export const CorrectOverseasTrainingStepRequest = Type.Object(
  {
    requestId: RequestId,
    applicationId: ApplicationId,
    step: StepName,
    correctedOn: Day("The step's right date (the recorded one when only its values were wrong)"),
    reasonCode: codeListSchema(CORRECTION_REASONS, "Why (published)"),
    theme: Optional(PlanText("APPLIED: the theme (not published)")),
    learningGoals: Kept(
      LearningGoal,
      L.learningGoals,
      "APPLIED or PLAN_REFINED: learning goals (not published)",
    ),
    candidateDestinations: Kept(Destination, L.destinations, "APPLIED or PLAN_REFINED: destinations"),
    screening: Optional(
      Type.Object(
        {
          planScore: Score("Score of the plan"),
          englishScore: Score("Score of the English ability"),
          passed: Type.Boolean({
            description:
              "Whether the bar is met (required; the step's own outcome: SCREENED passed, REJECTED not)",
          }),
          screenedBy: Interviewers,
        },
        { description: "SCREENED, or REJECTED at the screening: the screening's values (not published)" },
      ),
    ),
    feedback: Optional(Feedback("CANDIDATE_SELECTED: interviewers' feedback (not published)")),
    plannedDepartureOn: Optional(Day("TRAINEE_CERTIFIED: planned departure")),
    plannedReturnOn: Optional(Day("TRAINEE_CERTIFIED: planned return")),
    interpreterSupport: Optional(
      Type.Boolean({ description: "TRAINEE_CERTIFIED: whether an interpreter is provided" }),
    ),
    channels: Kept(codeListSchema(PUBLICATION_CHANNELS, "Where"), L.channels, "REPORT_PUBLISHED: where"),
    withdrawalReason: Optional(
      codeListSchema(
        [...WITHDRAWAL_REASONS, "WITHDRAWAL_REASON_UNSPECIFIED"],
        "WITHDRAWN: why (published; UNSPECIFIED keeps it)",
      ),
    ),
    rejectionReason: Optional(
      codeListSchema(
        [...REJECTION_REASONS, "REJECTION_REASON_UNSPECIFIED"],
        "REJECTED: why (published; UNSPECIFIED keeps it)",
      ),
    ),
    note: Note,
    ...EntryOfStep,
    destination: Optional(Destination),
    visitOn: Optional(Day("APPOINTMENT_CONFIRMED: the day of the visit")),
  },
  { allOf: APPOINTMENT_NAMED.allOf },
);
export const VoidOverseasTrainingStepRequest = Type.Object(
  {
    requestId: RequestId,
    applicationId: ApplicationId,
    step: StepName,
    reasonCode: codeListSchema(VOID_REASONS, "Why (published)"),
    ...EntryOfStep,
  },
  { allOf: APPOINTMENT_NAMED.allOf },
);

export const GetOverseasTrainingRequest = Type.Object({ applicationId: ApplicationId });
export const GetProgrammeYearRequest = Type.Object({ fiscalYear: FiscalYear("Programme year") });
export const ListOverdueReportsRequest = Type.Object({
  asOf: Optional(Day("Date to judge on; default today")),
});
export const GetTrainingHistoryRequest = Type.Object({
  employeeId: EmployeeId,
  fiscalYear: Optional(FiscalYear("Only this fiscal year")),
});
export const GetLearningPlanRequest = Type.Object({
  employeeId: EmployeeId,
  gapSkillIds: List(Id("Skill item id the employee lacks"), L.gapSkills, { minItems: 1 }),
  fiscalYear: Optional(FiscalYear("Catalogue year; default the current one")),
  roleId: Optional(Id("Target role the gap is about")),
});
export const GetCourseReportRequest = Type.Object({
  courseId: Id("Course"),
  fiscalYear: Optional(FiscalYear("Only this fiscal year")),
});
