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
  examFeeSubsidised: boolean;
  proofReference?: string;
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
  | CertificationSubsidyDecided;

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
] as const satisfies readonly TrainingRecordEvent["type"][];
