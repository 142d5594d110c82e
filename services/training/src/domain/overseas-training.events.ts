/**
 * Events of an overseas dispatch training application (one stream per application, topic
 * `hr.training.v1`). Each step is one event per participant (`employeeId`), so every member of a group
 * receives it under their own key. Fields the proto does not have (learning goals, theme, scores,
 * interviewers, feedback, notes) are stored with the event but never published.
 */
import type { DomainEvent, EventData } from "@hr/kit";
import type {
  ApplicationKind,
  CorrectionReason,
  DestinationKind,
  OverseasTrainingStep,
  PublicationChannel,
  RejectionReason,
  VoidReason,
  WithdrawalReason,
} from "./code-lists";

export interface Destination {
  name: string;
  kind: DestinationKind;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
  city: string;
}

export interface Screening {
  screenedOn: string;
  planScore: number;
  englishScore: number;
  passed: boolean;
  screenedBy: string[];
}

interface StepData extends EventData {
  applicationId: string;
}

export interface OverseasTrainingAppliedData extends StepData {
  fiscalYear: number;
  candidateDestinations: Destination[];
  kind: ApplicationKind;
  /** Applicants taking part so far, the filer first (a member's event: up to that member). */
  applicantEmployeeIds: string[];
  theme: string;
  learningGoals: string[];
  /** Stored, not published: the other members of a group, invited (on the filer's event only). */
  invitedMemberIds?: string[];
  /** Stored, not published: the day a member confirmed (on a member's event only). */
  confirmedOn?: string;
}

export interface OverseasTrainingScreenedData extends StepData {
  screening: Screening;
}

export interface OverseasTrainingCandidateSelectedData extends StepData {
  fiscalYear: number;
  feedback?: string;
}

export interface OverseasTrainingPlanRefinedData extends StepData {
  candidateDestinations: Destination[];
  revision: number;
  learningGoals: string[];
}

export interface OverseasTrainingAppointmentConfirmedData extends StepData {
  destination: Destination;
  visitOn: string;
}

export interface OverseasTrainingTraineeCertifiedData extends StepData {
  plannedDestinations: Destination[];
  plannedDepartureOn: string;
  plannedReturnOn: string;
  interpreterSupport: boolean;
}

export type OverseasTrainingDepartedData = StepData;

export interface OverseasTrainingReturnedData extends StepData {
  departedOn: string;
  reportDueOn: string;
}

export interface OverseasTrainingReportSubmittedData extends StepData {
  reportDueOn: string;
  late: boolean;
}

export interface OverseasTrainingCompletedData extends StepData {
  destinationsVisited: Destination[];
  departedOn: string;
  returnedOn: string;
  reportSubmitted: boolean;
  fiscalYear: number;
}

export interface OverseasTrainingReportPublishedData extends StepData {
  channels: PublicationChannel[];
}

export interface OverseasTrainingWithdrawnData extends StepData {
  atStep: OverseasTrainingStep;
  reasonCode: WithdrawalReason;
  /** True when everyone still taking part withdrew (the application ends), false for one group member. */
  wholeApplication: boolean;
  note?: string;
}

export interface OverseasTrainingRejectedData extends StepData {
  atStep: OverseasTrainingStep;
  reasonCode: RejectionReason;
  /** The screening a rejection for SCREENING_NOT_PASSED comes from. */
  screening?: Screening;
  note?: string;
}

/**
 * What a step records besides its date, full values as corrected (only the fields of the step corrected;
 * absent on corrections recorded before values could be corrected). Published: destinations, planned
 * dates, interpreter support, channels and reason codes; the texts and the screening stay behind the API.
 */
export interface CorrectedStepValues {
  /** The application's. */
  theme?: string;
  /** The application's own plan, or the latest refinement's. */
  learningGoals?: string[];
  candidateDestinations?: Destination[];
  /** The screening's (passed, or not passed and the rejection it gave). */
  screening?: Screening;
  /** The selection's. */
  feedback?: string;
  /** The certification's. */
  plannedDepartureOn?: string;
  plannedReturnOn?: string;
  interpreterSupport?: boolean;
  /** The publication's. */
  channels?: PublicationChannel[];
  withdrawalReason?: WithdrawalReason;
  rejectionReason?: RejectionReason;
  /** An appointment's. */
  destination?: Destination;
  visitOn?: string;
  /** The correction's explanation (not published). */
  note?: string;
}

/**
 * The date of a step reached, or what it records, was recorded wrong: `effectiveDate` is the corrected date. Full values of
 * what the date decides: the report's due day (after a corrected return) and whether a submitted report
 * was late.
 */
export interface OverseasTrainingStepCorrectedData extends StepData, CorrectedStepValues {
  step: OverseasTrainingStep;
  /** Stored, not published: which entry of the application's steps (a plan is refined more than once). */
  stepIndex: number;
  previousEffectiveDate: string;
  reasonCode: CorrectionReason;
  reportDueOn?: string;
  reportLate?: boolean;
  /** Stored, not published: a group member's own withdrawal (the event is the member's only). */
  memberEmployeeId?: string;
  /** An appointment: its number, and the date the step counts from (the latest appointment's). */
  appointmentNumber?: number;
  stepReachedOn?: string;
  /** An appointment's host corrected after the certification: its planned destinations, as corrected. */
  plannedDestinations?: Destination[];
  /** ... after the report was presented: the destinations visited, as corrected. */
  destinationsVisited?: Destination[];
}

/**
 * The latest step was recorded in error: the application is back at `stepNow` (`effectiveDate` is the
 * voided step's date). Voiding the application itself ends it (`stepNow` VOIDED).
 */
export interface OverseasTrainingStepVoidedData extends StepData {
  step: OverseasTrainingStep;
  /** Stored, not published: which entry of the application's steps. */
  stepIndex: number;
  reasonCode: VoidReason;
  stepNow: OverseasTrainingStep;
  /** A plan refined before the voided refinement (appointments left): the step is still reached, on this date. */
  stepStillReachedOn?: string;
  /** Stored, not published: a group member's confirmation or own withdrawal (the event is the member's only). */
  memberEmployeeId?: string;
  /** An appointment voided, and (stored, not published) what it recorded. */
  appointmentNumber?: number;
  appointment?: { destination: Destination; visitOn: string; confirmedOn: string };
}

type Step<T extends string, D extends EventData> = DomainEvent<T, D>;
export type OverseasTrainingEvent =
  | Step<"OverseasTrainingApplied", OverseasTrainingAppliedData>
  | Step<"OverseasTrainingScreened", OverseasTrainingScreenedData>
  | Step<"OverseasTrainingCandidateSelected", OverseasTrainingCandidateSelectedData>
  | Step<"OverseasTrainingPlanRefined", OverseasTrainingPlanRefinedData>
  | Step<"OverseasTrainingAppointmentConfirmed", OverseasTrainingAppointmentConfirmedData>
  | Step<"OverseasTrainingTraineeCertified", OverseasTrainingTraineeCertifiedData>
  | Step<"OverseasTrainingDeparted", OverseasTrainingDepartedData>
  | Step<"OverseasTrainingReturned", OverseasTrainingReturnedData>
  | Step<"OverseasTrainingReportSubmitted", OverseasTrainingReportSubmittedData>
  | Step<"OverseasTrainingCompleted", OverseasTrainingCompletedData>
  | Step<"OverseasTrainingReportPublished", OverseasTrainingReportPublishedData>
  | Step<"OverseasTrainingWithdrawn", OverseasTrainingWithdrawnData>
  | Step<"OverseasTrainingRejected", OverseasTrainingRejectedData>
  | Step<"OverseasTrainingStepCorrected", OverseasTrainingStepCorrectedData>
  | Step<"OverseasTrainingStepVoided", OverseasTrainingStepVoidedData>;

export const OVERSEAS_TRAINING_EVENT_TYPES = [
  "OverseasTrainingApplied",
  "OverseasTrainingScreened",
  "OverseasTrainingCandidateSelected",
  "OverseasTrainingPlanRefined",
  "OverseasTrainingAppointmentConfirmed",
  "OverseasTrainingTraineeCertified",
  "OverseasTrainingDeparted",
  "OverseasTrainingReturned",
  "OverseasTrainingReportSubmitted",
  "OverseasTrainingCompleted",
  "OverseasTrainingReportPublished",
  "OverseasTrainingWithdrawn",
  "OverseasTrainingRejected",
  "OverseasTrainingStepCorrected",
  "OverseasTrainingStepVoided",
] as const satisfies readonly OverseasTrainingEvent["type"][];
