/**
 * Commands on one employee's training record. The application fills in what a rule needs and the domain
 * must not fetch: the catalogue course (`course`, undefined when the catalogue has none by that id), the
 * certification name, `today` in Japan, and new ids. Values come from the edge, so the decider re-checks
 * their shape and throws ValidationError naming the field.
 */

import type { CertificationCatalogue } from "./certification-catalogue";
import type {
  CompletionSource,
  CorrectionReason,
  NominationCancelReason,
  SubsidyKind,
  SubsidyRefusalReason,
  SurveyPhase,
  TrainingForm,
  VoidReason,
} from "./code-lists";
import type { Course, CourseCatalogue } from "./course-catalogue";
import type { SurveyAnswer } from "./training-record.events";

interface RecordCommand {
  employeeId: string;
}

export interface NominateForCourse extends RecordCommand {
  type: "NominateForCourse";
  nominationId: string;
  courseId: string;
  course: Course | undefined;
  fiscalYear: number;
  unitCode: string;
  nominatedOn: string;
}

export interface CancelNomination extends RecordCommand {
  type: "CancelNomination";
  nominationId: string;
  reasonCode: NominationCancelReason;
  cancelledOn: string;
}

export interface RecordCompletion extends RecordCommand {
  type: "RecordCompletion";
  completionId: string;
  courseId: string;
  course: Course | undefined;
  /** Default the catalogue's. */
  courseTitle?: string;
  form?: TrainingForm;
  completedOn: string;
  hours?: number;
  score?: number;
  nominationId?: string;
  source: CompletionSource;
  /** The platform's attempt: a second completion of the same course and attempt records nothing. */
  attemptId?: string;
  today: string;
}

/** Omitted fields keep their value; at least one must change. */
export interface CorrectCompletion extends RecordCommand {
  type: "CorrectCompletion";
  completionId: string;
  courseId?: string;
  /** Every catalogue version: a corrected course is looked up in the one in force on the completion date. */
  catalogues: readonly CourseCatalogue[];
  completedOn?: string;
  hours?: number;
  score?: number;
  reasonCode: CorrectionReason;
  note?: string;
  today: string;
}

export interface VoidCompletion extends RecordCommand {
  type: "VoidCompletion";
  completionId: string;
  reasonCode: VoidReason;
  note?: string;
}

export interface RecordSurvey extends RecordCommand {
  type: "RecordSurvey";
  surveyId: string;
  courseId: string;
  course: Course | undefined;
  phase: SurveyPhase;
  answeredOn: string;
  answers: SurveyAnswer[];
  today: string;
}

export interface RecordCertification extends RecordCommand {
  type: "RecordCertification";
  certificationId: string;
  certificationCode: string;
  /** The catalogue's name for a catalogued code (another is refused); required for another code. */
  certificationName?: string;
  acquiredOn: string;
  /** Date of the exam it came from (on or before `acquiredOn`): links it to that exam's subsidy. */
  examOn?: string;
  /** Subsidised outside this service's records. */
  examFeeSubsidised: boolean;
  proofReference?: string;
  certifications: CertificationCatalogue;
  today: string;
}

export interface VoidCertification extends RecordCommand {
  type: "VoidCertification";
  certificationId: string;
  reasonCode: VoidReason;
  note?: string;
}

export interface RequestCertificationSubsidy extends RecordCommand {
  type: "RequestCertificationSubsidy";
  subsidyId: string;
  certificationCode: string;
  examOn: string;
  kind: SubsidyKind;
  requestedAmountYen: number;
  requestedOn: string;
  certifications: CertificationCatalogue;
}

export interface DecideCertificationSubsidy extends RecordCommand {
  type: "DecideCertificationSubsidy";
  subsidyId: string;
  approved: boolean;
  approvedAmountYen?: number;
  refusalReason?: SubsidyRefusalReason;
  decidedOn: string;
}

/** Omitted fields keep their value; the decision's fields only for a decided subsidy; one must change. */
export interface CorrectCertificationSubsidy extends RecordCommand {
  type: "CorrectCertificationSubsidy";
  subsidyId: string;
  certificationCode?: string;
  examOn?: string;
  kind?: SubsidyKind;
  requestedAmountYen?: number;
  requestedOn?: string;
  approved?: boolean;
  approvedAmountYen?: number;
  refusalReason?: SubsidyRefusalReason;
  decidedOn?: string;
  reasonCode: CorrectionReason;
  note?: string;
  certifications: CertificationCatalogue;
}

export interface VoidCertificationSubsidy extends RecordCommand {
  type: "VoidCertificationSubsidy";
  subsidyId: string;
  reasonCode: VoidReason;
  note?: string;
}

export type TrainingRecordCommand =
  | NominateForCourse
  | CancelNomination
  | RecordCompletion
  | CorrectCompletion
  | VoidCompletion
  | RecordSurvey
  | RecordCertification
  | VoidCertification
  | RequestCertificationSubsidy
  | DecideCertificationSubsidy
  | CorrectCertificationSubsidy
  | VoidCertificationSubsidy;
