/**
 * Commands on one overseas dispatch training application. The application layer fills in what the rules
 * need and the domain must not fetch: the programme year's settings, each applicant's job type history
 * (from hr.skills.v1), the places other applications of the year hold, the new application id and today.
 */
import type {
  ApplicationKind,
  CorrectionReason,
  OverseasTrainingStep,
  PublicationChannel,
  RejectionReason,
  VoidReason,
  WithdrawalReason,
} from "./code-lists";
import type { JobTypePeriodStart } from "./eligibility";
import type { CorrectedStepValues, Destination } from "./overseas-training.events";
import type { ProgrammeYear } from "./programme-year";

interface ApplicationCommand {
  applicationId: string;
  /** Today in Japan: no step is dated after it. */
  today: string;
}

export interface ApplyOverseasTraining extends ApplicationCommand {
  type: "ApplyOverseasTraining";
  /** The filer. */
  employeeId: string;
  kind: ApplicationKind;
  /** The other members of a group; empty for an individual application. */
  groupMemberIds: string[];
  appliedOn: string;
  fiscalYear: number;
  theme: string;
  learningGoals: string[];
  candidateDestinations: Destination[];
  programmeYear: ProgrammeYear | undefined;
  /** Job type changes per applicant, as the service's read model of hr.skills.v1 holds them. */
  jobTypeHistories: Record<string, JobTypePeriodStart[]>;
}

/** A member invited to a group application confirms: from then on they take part. */
export interface ConfirmGroupMembership extends ApplicationCommand {
  type: "ConfirmGroupMembership";
  employeeId: string;
  confirmedOn: string;
}

export interface RecordScreening extends ApplicationCommand {
  type: "RecordScreening";
  screenedOn: string;
  planScore: number;
  englishScore: number;
  /** Required: a screening not passed ends the application, so it is never taken from an unset field. */
  passed: boolean | undefined;
  screenedBy: string[];
}

export interface SelectTraineeCandidate extends ApplicationCommand {
  type: "SelectTraineeCandidate";
  selectedOn: string;
  feedback?: string;
  programmeYear: ProgrammeYear | undefined;
  /** Places held by the year's other applications. */
  placesTakenByOthers: number;
}

export interface RefineTrainingPlan extends ApplicationCommand {
  type: "RefineTrainingPlan";
  refinedOn: string;
  learningGoals: string[];
  candidateDestinations: Destination[];
}

export interface ConfirmAppointment extends ApplicationCommand {
  type: "ConfirmAppointment";
  confirmedOn: string;
  destination: Destination;
  visitOn: string;
}

export interface CertifyTrainee extends ApplicationCommand {
  type: "CertifyTrainee";
  certifiedOn: string;
  plannedDepartureOn: string;
  plannedReturnOn: string;
  interpreterSupport: boolean;
}

export interface RecordDeparture extends ApplicationCommand {
  type: "RecordDeparture";
  departedOn: string;
}

export interface RecordReturn extends ApplicationCommand {
  type: "RecordReturn";
  returnedOn: string;
  /** The programme year's report period; default two months. */
  reportDueMonths: number;
}

export interface SubmitReport extends ApplicationCommand {
  type: "SubmitReport";
  submittedOn: string;
}

export interface PresentReport extends ApplicationCommand {
  type: "PresentReport";
  presentedOn: string;
}

export interface PublishReport extends ApplicationCommand {
  type: "PublishReport";
  publishedOn: string;
  channels: PublicationChannel[];
}

export interface WithdrawOverseasTraining extends ApplicationCommand {
  type: "WithdrawOverseasTraining";
  withdrawnOn: string;
  reasonCode: WithdrawalReason;
  /** One member of a group; absent: everyone still taking part. */
  memberEmployeeId?: string;
  note?: string;
}

export interface RejectOverseasTraining extends ApplicationCommand {
  type: "RejectOverseasTraining";
  rejectedOn: string;
  reasonCode: RejectionReason;
  note?: string;
}

/** The screening's values as a correction gives them: `passed` is required, as when recorded. */
export interface ScreeningValues {
  planScore: number;
  englishScore: number;
  passed: boolean | undefined;
  screenedBy: string[];
}

/**
 * What a step records besides its date, as a correction gives it: each only for the step that records it
 * (README "Corrections and voidings"); left out (an empty list) keeps the recorded value.
 */
export interface StepValues extends Omit<CorrectedStepValues, "screening" | "note"> {
  screening?: ScreeningValues;
}

/**
 * A step's date or what it records was wrong. Checked as the step was: in order with the steps before and
 * after it, not after today; an application's date within the year's window and with every applicant
 * eligible on it; its values by the step's own rules.
 */
export interface CorrectOverseasTrainingStep extends ApplicationCommand, StepValues {
  type: "CorrectOverseasTrainingStep";
  step: OverseasTrainingStep;
  /** The step's right date (the recorded one when only its values were wrong). */
  correctedOn: string;
  reasonCode: CorrectionReason;
  /** The correction's explanation (not published). */
  note?: string;
  /** WITHDRAWN: a group member's own withdrawal. */
  memberEmployeeId?: string;
  /** APPOINTMENT_CONFIRMED: which appointment (1 for the first confirmed). */
  appointmentNumber?: number;
  /** For a corrected return: the programme year's report period. */
  reportDueMonths: number;
  /** For a corrected application date: the programme year and the applicants' job type histories. */
  programmeYear: ProgrammeYear | undefined;
  jobTypeHistories: Record<string, JobTypePeriodStart[]>;
}

/**
 * The latest step was recorded in error (steps are voided latest first); or a group member's confirmation
 * or own withdrawal, or an appointment.
 */
export interface VoidOverseasTrainingStep extends ApplicationCommand {
  type: "VoidOverseasTrainingStep";
  step: OverseasTrainingStep;
  reasonCode: VoidReason;
  /** APPLIED: a member's confirmation; WITHDRAWN: a member's own withdrawal. */
  memberEmployeeId?: string;
  /** APPOINTMENT_CONFIRMED: which appointment (1 for the first confirmed). */
  appointmentNumber?: number;
  /** A member's withdrawal voided while the application holds places: the member takes one again. */
  programmeYear?: ProgrammeYear;
  placesTakenByOthers?: number;
}

export type OverseasTrainingCommand =
  | ApplyOverseasTraining
  | ConfirmGroupMembership
  | RecordScreening
  | SelectTraineeCandidate
  | RefineTrainingPlan
  | ConfirmAppointment
  | CertifyTrainee
  | RecordDeparture
  | RecordReturn
  | SubmitReport
  | PresentReport
  | PublishReport
  | WithdrawOverseasTraining
  | RejectOverseasTraining
  | CorrectOverseasTrainingStep
  | VoidOverseasTrainingStep;

/** The date each step is recorded for: no step is dated after today (a voiding is dated by its step). */
export const STEP_DATE_FIELDS = {
  ApplyOverseasTraining: "appliedOn",
  ConfirmGroupMembership: "confirmedOn",
  RecordScreening: "screenedOn",
  SelectTraineeCandidate: "selectedOn",
  RefineTrainingPlan: "refinedOn",
  ConfirmAppointment: "confirmedOn",
  CertifyTrainee: "certifiedOn",
  RecordDeparture: "departedOn",
  RecordReturn: "returnedOn",
  SubmitReport: "submittedOn",
  PresentReport: "presentedOn",
  PublishReport: "publishedOn",
  WithdrawOverseasTraining: "withdrawnOn",
  RejectOverseasTraining: "rejectedOn",
  CorrectOverseasTrainingStep: "correctedOn",
} as const satisfies {
  [C in Exclude<OverseasTrainingCommand, VoidOverseasTrainingStep> as C["type"]]: keyof C;
};
