/**
 * Code lists of the training service. Values are the proto enum value names (`TRAINING_FORM_E_LEARNING`),
 * the spelling of the wire, of REST's JSON and of gRPC alike, so no layer maps them (a unit test checks
 * that every list equals its proto enum).
 */

export const TRAINING_FORMS = [
  "TRAINING_FORM_E_LEARNING",
  "TRAINING_FORM_CLASSROOM",
  "TRAINING_FORM_HYBRID",
  "TRAINING_FORM_WORKSHOP",
  "TRAINING_FORM_HANDS_ON",
] as const;
export type TrainingForm = (typeof TRAINING_FORMS)[number];

export const COURSE_PROVIDERS = [
  "COURSE_PROVIDER_E_LEARNING_PLATFORM",
  "COURSE_PROVIDER_IN_HOUSE",
  "COURSE_PROVIDER_EXTERNAL",
  "COURSE_PROVIDER_HOST_FIRM",
] as const;
export type CourseProvider = (typeof COURSE_PROVIDERS)[number];

export const COMPLETION_SOURCES = ["COMPLETION_SOURCE_RECORDED", "COMPLETION_SOURCE_XAPI"] as const;
export type CompletionSource = (typeof COMPLETION_SOURCES)[number];

export const CORRECTION_REASONS = [
  "CORRECTION_REASON_DATA_ENTRY_ERROR",
  "CORRECTION_REASON_WRONG_COURSE",
  "CORRECTION_REASON_WRONG_DATE",
  "CORRECTION_REASON_WRONG_HOURS_OR_SCORE",
  "CORRECTION_REASON_SOURCE_CORRECTED",
  "CORRECTION_REASON_OTHER",
] as const;
export type CorrectionReason = (typeof CORRECTION_REASONS)[number];

export const VOID_REASONS = [
  "VOID_REASON_WRONG_EMPLOYEE",
  "VOID_REASON_DUPLICATE",
  "VOID_REASON_NOT_ACHIEVED",
  "VOID_REASON_VOIDED_BY_SOURCE",
  "VOID_REASON_DATA_ENTRY_ERROR",
  "VOID_REASON_OTHER",
] as const;
export type VoidReason = (typeof VOID_REASONS)[number];

/** What an entry of a programme step's history records. */
export const STEP_HISTORY_ACTIONS = [
  "STEP_HISTORY_ACTION_RECORDED",
  "STEP_HISTORY_ACTION_CORRECTED",
  "STEP_HISTORY_ACTION_VOIDED",
] as const;
export type StepHistoryAction = (typeof STEP_HISTORY_ACTIONS)[number];

export const NOMINATION_CANCEL_REASONS = [
  "NOMINATION_CANCEL_REASON_DECLINED",
  "NOMINATION_CANCEL_REASON_REPLACED",
  "NOMINATION_CANCEL_REASON_COURSE_CANCELLED",
  "NOMINATION_CANCEL_REASON_OTHER",
] as const;
export type NominationCancelReason = (typeof NOMINATION_CANCEL_REASONS)[number];

export const SURVEY_PHASES = ["SURVEY_PHASE_PRE", "SURVEY_PHASE_POST"] as const;
export type SurveyPhase = (typeof SURVEY_PHASES)[number];

export const SURVEY_ITEM_KINDS = [
  "SURVEY_ITEM_KIND_AWARENESS",
  "SURVEY_ITEM_KIND_KNOWLEDGE",
  "SURVEY_ITEM_KIND_USE_AT_WORK",
] as const;
export type SurveyItemKind = (typeof SURVEY_ITEM_KINDS)[number];

export const SUBSIDY_KINDS = ["SUBSIDY_KIND_EXAM_FEE", "SUBSIDY_KIND_CERTIFICATION_SUPPORT"] as const;
export type SubsidyKind = (typeof SUBSIDY_KINDS)[number];

export const SUBSIDY_REFUSAL_REASONS = [
  "SUBSIDY_REFUSAL_REASON_NOT_ELIGIBLE_CERTIFICATION",
  "SUBSIDY_REFUSAL_REASON_BUDGET_EXHAUSTED",
  "SUBSIDY_REFUSAL_REASON_MISSING_PROOF",
  "SUBSIDY_REFUSAL_REASON_LATE_REQUEST",
  "SUBSIDY_REFUSAL_REASON_OTHER",
] as const;
export type SubsidyRefusalReason = (typeof SUBSIDY_REFUSAL_REASONS)[number];

export const TARGET_SEGMENTS = [
  "TARGET_SEGMENT_MANAGERS",
  "TARGET_SEGMENT_MID_CAREER",
  "TARGET_SEGMENT_GENERAL_STAFF",
  "TARGET_SEGMENT_DIGITAL_DEPARTMENT",
] as const;
export type TargetSegment = (typeof TARGET_SEGMENTS)[number];

export const COURSE_OWNERS = ["COURSE_OWNER_HR", "COURSE_OWNER_DIGITAL_DEPARTMENT"] as const;
export type CourseOwner = (typeof COURSE_OWNERS)[number];

export const DESTINATION_KINDS = [
  "DESTINATION_KIND_GOVERNMENT_BODY",
  "DESTINATION_KIND_GRADUATE_SCHOOL",
  "DESTINATION_KIND_IT_COMPANY",
  "DESTINATION_KIND_OTHER",
] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

export const APPLICATION_KINDS = ["APPLICATION_KIND_INDIVIDUAL", "APPLICATION_KIND_GROUP"] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

/**
 * The programme's steps in order; WITHDRAWN and REJECTED end an application at any step, VOIDED ends one
 * whose application was voided as recorded in error. APPOINTMENT_CONFIRMED is no step an application is
 * at: corrections and voidings name an appointment by it.
 */
export const OVERSEAS_TRAINING_STEPS = [
  "OVERSEAS_TRAINING_STEP_APPLIED",
  "OVERSEAS_TRAINING_STEP_SCREENED",
  "OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED",
  "OVERSEAS_TRAINING_STEP_PLAN_REFINED",
  "OVERSEAS_TRAINING_STEP_TRAINEE_CERTIFIED",
  "OVERSEAS_TRAINING_STEP_DEPARTED",
  "OVERSEAS_TRAINING_STEP_RETURNED",
  "OVERSEAS_TRAINING_STEP_REPORT_SUBMITTED",
  "OVERSEAS_TRAINING_STEP_REPORT_PRESENTED",
  "OVERSEAS_TRAINING_STEP_REPORT_PUBLISHED",
  "OVERSEAS_TRAINING_STEP_WITHDRAWN",
  "OVERSEAS_TRAINING_STEP_REJECTED",
  "OVERSEAS_TRAINING_STEP_VOIDED",
  "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED",
] as const;
export type OverseasTrainingStep = (typeof OVERSEAS_TRAINING_STEPS)[number];

export const WITHDRAWAL_REASONS = [
  "WITHDRAWAL_REASON_WORKLOAD",
  "WITHDRAWAL_REASON_PERSONAL",
  "WITHDRAWAL_REASON_HEALTH",
  "WITHDRAWAL_REASON_TRANSFER",
  "WITHDRAWAL_REASON_NO_APPOINTMENT",
  "WITHDRAWAL_REASON_OTHER",
] as const;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];

export const REJECTION_REASONS = [
  "REJECTION_REASON_SCREENING_NOT_PASSED",
  "REJECTION_REASON_CAPACITY_REACHED",
  "REJECTION_REASON_PLAN_NOT_FINAL",
  "REJECTION_REASON_TRAVEL_NOT_POSSIBLE",
  "REJECTION_REASON_OTHER",
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const PUBLICATION_CHANNELS = [
  "PUBLICATION_CHANNEL_BUREAU_WEBSITE",
  "PUBLICATION_CHANNEL_DIGITAL_ACADEMY_PORTAL",
] as const;
export type PublicationChannel = (typeof PUBLICATION_CHANNELS)[number];

/** The job type (職種) code of ICT staff, as hr.skills.v1 spells it. */
export const ICT_JOB_TYPE = "ICT";

/** What a training plan is encouraged to do and does not: a warning, never a refusal. */
export const PLAN_WARNINGS = ["PLAN_WARNING_ONE_DESTINATION"] as const;
export type PlanWarning = (typeof PLAN_WARNINGS)[number];
