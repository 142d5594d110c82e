/**
 * Code lists of the training service. Values equal the proto enum value names without their prefix
 * (`E_LEARNING` ↔ `TRAINING_FORM_E_LEARNING`), so the API maps them in one place (api/enums.ts).
 */

export const TRAINING_FORMS = ["E_LEARNING", "CLASSROOM", "HYBRID", "WORKSHOP", "HANDS_ON"] as const;
export type TrainingForm = (typeof TRAINING_FORMS)[number];

export const COURSE_PROVIDERS = ["E_LEARNING_PLATFORM", "IN_HOUSE", "EXTERNAL", "HOST_FIRM"] as const;
export type CourseProvider = (typeof COURSE_PROVIDERS)[number];

export const COMPLETION_SOURCES = ["RECORDED", "XAPI"] as const;
export type CompletionSource = (typeof COMPLETION_SOURCES)[number];

export const CORRECTION_REASONS = [
  "DATA_ENTRY_ERROR",
  "WRONG_COURSE",
  "WRONG_DATE",
  "WRONG_HOURS_OR_SCORE",
  "SOURCE_CORRECTED",
  "OTHER",
] as const;
export type CorrectionReason = (typeof CORRECTION_REASONS)[number];

export const VOID_REASONS = [
  "WRONG_EMPLOYEE",
  "DUPLICATE",
  "NOT_ACHIEVED",
  "VOIDED_BY_SOURCE",
  "DATA_ENTRY_ERROR",
  "OTHER",
] as const;
export type VoidReason = (typeof VOID_REASONS)[number];

export const NOMINATION_CANCEL_REASONS = ["DECLINED", "REPLACED", "COURSE_CANCELLED", "OTHER"] as const;
export type NominationCancelReason = (typeof NOMINATION_CANCEL_REASONS)[number];

export const SURVEY_PHASES = ["PRE", "POST"] as const;
export type SurveyPhase = (typeof SURVEY_PHASES)[number];

export const SURVEY_ITEM_KINDS = ["AWARENESS", "KNOWLEDGE", "USE_AT_WORK"] as const;
export type SurveyItemKind = (typeof SURVEY_ITEM_KINDS)[number];

export const SUBSIDY_KINDS = ["EXAM_FEE", "CERTIFICATION_SUPPORT"] as const;
export type SubsidyKind = (typeof SUBSIDY_KINDS)[number];

export const SUBSIDY_REFUSAL_REASONS = [
  "NOT_ELIGIBLE_CERTIFICATION",
  "BUDGET_EXHAUSTED",
  "MISSING_PROOF",
  "LATE_REQUEST",
  "OTHER",
] as const;
export type SubsidyRefusalReason = (typeof SUBSIDY_REFUSAL_REASONS)[number];

export const TARGET_SEGMENTS = ["MANAGERS", "MID_CAREER", "GENERAL_STAFF", "DIGITAL_DEPARTMENT"] as const;
export type TargetSegment = (typeof TARGET_SEGMENTS)[number];

export const COURSE_OWNERS = ["HR", "DIGITAL_DEPARTMENT"] as const;
export type CourseOwner = (typeof COURSE_OWNERS)[number];

export const DESTINATION_KINDS = ["GOVERNMENT_BODY", "GRADUATE_SCHOOL", "IT_COMPANY", "OTHER"] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

export const APPLICATION_KINDS = ["INDIVIDUAL", "GROUP"] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

/** The programme's steps in order; WITHDRAWN and REJECTED end an application at any step. */
export const OVERSEAS_TRAINING_STEPS = [
  "APPLIED",
  "SCREENED",
  "CANDIDATE_SELECTED",
  "PLAN_REFINED",
  "TRAINEE_CERTIFIED",
  "DEPARTED",
  "RETURNED",
  "REPORT_SUBMITTED",
  "REPORT_PRESENTED",
  "REPORT_PUBLISHED",
  "WITHDRAWN",
  "REJECTED",
] as const;
export type OverseasTrainingStep = (typeof OVERSEAS_TRAINING_STEPS)[number];

export const WITHDRAWAL_REASONS = [
  "WORKLOAD",
  "PERSONAL",
  "HEALTH",
  "TRANSFER",
  "NO_APPOINTMENT",
  "OTHER",
] as const;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];

export const REJECTION_REASONS = [
  "SCREENING_NOT_PASSED",
  "CAPACITY_REACHED",
  "PLAN_NOT_FINAL",
  "TRAVEL_NOT_POSSIBLE",
  "OTHER",
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const PUBLICATION_CHANNELS = ["BUREAU_WEBSITE", "DIGITAL_ACADEMY_PORTAL"] as const;
export type PublicationChannel = (typeof PUBLICATION_CHANNELS)[number];

/** The job type (職種) code of ICT staff, as hr.skills.v1 spells it. */
export const ICT_JOB_TYPE = "ICT";
