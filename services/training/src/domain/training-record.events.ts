/**
 * Events of an employee's training record stream (topic `hr.training.v1`). Type names equal the proto
 * message names; data field names equal the proto fields in camelCase. Fields the proto does not have
 * (`note`, `proofReference`) are stored with the event but never published: texts stay behind the API.
 */
import type { DomainEvent, EventData } from "@hr/kit";
import type {
  CompletionSource,
  CorrectionReason,
  CourseProvider,
  NominationCancelReason,
  SubsidyKind,
  SubsidyRefusalReason,
  SurveyItemKind,
  SurveyPhase,
  TrainingForm,
  VoidReason,
} from "./code-lists";

export interface TrainingNominatedData extends EventData {
  nominationId: string;
  courseId: string;
  fiscalYear: number;
  unitCode: string;
}

export interface TrainingNominationCancelledData extends EventData {
  nominationId: string;
  reasonCode: NominationCancelReason;
}

/** `effectiveDate` is the completion date. */
export interface TrainingCompletedData extends EventData {
  completionId: string;
  courseId: string;
  courseTitle: string;
  form: TrainingForm;
  hours?: number;
  score?: number;
  provider: CourseProvider;
  source: CompletionSource;
  nominationId?: string;
  /** Stored, not published: the learning platform's attempt (xAPI), recorded once per course. */
  attemptId?: string;
}

/** Full values after the correction; `effectiveDate` is the corrected completion date. */
export interface CompletionCorrectedData extends EventData {
  completionId: string;
  courseId: string;
  courseTitle: string;
  form: TrainingForm;
  hours?: number;
  score?: number;
  previousEffectiveDate: string;
  reasonCode: CorrectionReason;
  note?: string;
  /** Absent in corrections recorded before it was published: the provider did not change then. */
  provider?: CourseProvider;
}

/** `effectiveDate` is the voided completion's date. */
export interface CompletionVoidedData extends EventData {
  completionId: string;
  reasonCode: VoidReason;
  note?: string;
}

export interface SurveyAnswer {
  itemId: string;
  kind: SurveyItemKind;
  /** 1 (low) to 5 (high). */
  score: number;
}

export interface SurveyRecordedData extends EventData {
  surveyId: string;
  courseId: string;
  phase: SurveyPhase;
  answers: SurveyAnswer[];
}

export interface CertificationAcquiredData extends EventData {
  certificationId: string;
  certificationCode: string;
  certificationName: string;
  acquiredOn: string;
  /** The exam it came from, when given: a subsidy of the same code and exam date is this one's. */
  examOn?: string;
  /** Derived: subsidised outside the service's records, or by an approved subsidy of its exam. */
  examFeeSubsidised: boolean;
  /** Stored, not published: what the recorder said (subsidised outside this service's records). */
  examFeeSubsidisedOutside?: boolean;
  proofReference?: string;
}

/**
 * A recorded certification's `examFeeSubsidised` changed because a subsidy of its exam was decided,
 * corrected or voided (or another certification of its code now holds that exam). `effectiveDate` is the
 * certification's; `subsidyId` the subsidy its exam is linked to now (absent when none).
 */
export interface CertificationExamFeeSubsidisedChangedData extends EventData {
  certificationId: string;
  certificationCode: string;
  examFeeSubsidised: boolean;
  subsidyId?: string;
}

export interface CertificationVoidedData extends EventData {
  certificationId: string;
  certificationCode: string;
  reasonCode: VoidReason;
  note?: string;
}

export interface CertificationSubsidyRequestedData extends EventData {
  subsidyId: string;
  certificationCode: string;
  examOn: string;
  kind: SubsidyKind;
  requestedAmountYen: number;
}

/** `effectiveDate` is the decision date: the amount counts in its fiscal year. */
export interface CertificationSubsidyDecidedData extends EventData {
  subsidyId: string;
  certificationCode: string;
  examOn: string;
  kind: SubsidyKind;
  approved: boolean;
  approvedAmountYen: number;
  refusalReason?: SubsidyRefusalReason;
}

/**
 * Full values of a subsidy after a correction. `effectiveDate` is the decision date when decided (the
 * amount counts in its fiscal year), else the request date.
 */
export interface CertificationSubsidyCorrectedData extends EventData {
  subsidyId: string;
  certificationCode: string;
  examOn: string;
  kind: SubsidyKind;
  requestedAmountYen: number;
  requestedOn: string;
  decided: boolean;
  approved: boolean;
  approvedAmountYen: number;
  refusalReason?: SubsidyRefusalReason;
  decidedOn?: string;
  previousEffectiveDate: string;
  reasonCode: CorrectionReason;
  note?: string;
}

/** `effectiveDate` is the voided subsidy's: its decision date, else its request date. */
export interface CertificationSubsidyVoidedData extends EventData {
  subsidyId: string;
  certificationCode: string;
  examOn: string;
  reasonCode: VoidReason;
  note?: string;
}

export type TrainingNominated = DomainEvent<"TrainingNominated", TrainingNominatedData>;
export type TrainingNominationCancelled = DomainEvent<
  "TrainingNominationCancelled",
  TrainingNominationCancelledData
>;
export type TrainingCompleted = DomainEvent<"TrainingCompleted", TrainingCompletedData>;
export type CompletionCorrected = DomainEvent<"CompletionCorrected", CompletionCorrectedData>;
export type CompletionVoided = DomainEvent<"CompletionVoided", CompletionVoidedData>;
export type SurveyRecorded = DomainEvent<"SurveyRecorded", SurveyRecordedData>;
export type CertificationAcquired = DomainEvent<"CertificationAcquired", CertificationAcquiredData>;
export type CertificationVoided = DomainEvent<"CertificationVoided", CertificationVoidedData>;
export type CertificationSubsidyRequested = DomainEvent<
  "CertificationSubsidyRequested",
  CertificationSubsidyRequestedData
>;
export type CertificationSubsidyDecided = DomainEvent<
  "CertificationSubsidyDecided",
  CertificationSubsidyDecidedData
>;

export type CertificationExamFeeSubsidisedChanged = DomainEvent<
  "CertificationExamFeeSubsidisedChanged",
  CertificationExamFeeSubsidisedChangedData
>;
export type CertificationSubsidyCorrected = DomainEvent<
  "CertificationSubsidyCorrected",
  CertificationSubsidyCorrectedData
>;
export type CertificationSubsidyVoided = DomainEvent<
  "CertificationSubsidyVoided",
  CertificationSubsidyVoidedData
>;

export type TrainingRecordEvent =
  | TrainingNominated
  | TrainingNominationCancelled
  | TrainingCompleted
  | CompletionCorrected
  | CompletionVoided
  | SurveyRecorded
  | CertificationAcquired
  | CertificationVoided
  | CertificationSubsidyRequested
  | CertificationSubsidyDecided
  | CertificationSubsidyCorrected
  | CertificationSubsidyVoided
  | CertificationExamFeeSubsidisedChanged;

export const TRAINING_RECORD_EVENT_TYPES = [
  "TrainingNominated",
  "TrainingNominationCancelled",
  "TrainingCompleted",
  "CompletionCorrected",
  "CompletionVoided",
  "SurveyRecorded",
  "CertificationAcquired",
  "CertificationVoided",
  "CertificationSubsidyRequested",
  "CertificationSubsidyDecided",
  "CertificationSubsidyCorrected",
  "CertificationSubsidyVoided",
  "CertificationExamFeeSubsidisedChanged",
] as const satisfies readonly TrainingRecordEvent["type"][];
