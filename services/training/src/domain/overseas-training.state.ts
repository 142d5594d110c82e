/**
 * An overseas dispatch training application as folded from its stream; shaped as the API shows it
 * (proto `OverseasTrainingApplication`). Step events come once per participant: evolving them is
 * idempotent per step, and a withdrawal removes its member.
 */
import {
  type ApplicationKind,
  OVERSEAS_TRAINING_STEPS,
  type OverseasTrainingStep,
  type PublicationChannel,
  type RejectionReason,
  type WithdrawalReason,
} from "./code-lists";
import { optional } from "./optional";
import type { Destination, OverseasTrainingEvent, Screening } from "./overseas-training.events";

export interface Appointment {
  destination: Destination;
  visitOn: string;
  confirmedOn: string;
}

export interface OverseasTrainingApplication {
  applicationId: string;
  fiscalYear: number;
  kind: ApplicationKind;
  /** Applicants still taking part, the filer first. */
  applicantEmployeeIds: string[];
  /** Members of a group invited and not confirmed yet; the invitation lapses at the screening. */
  pendingMemberIds: string[];
  step: OverseasTrainingStep;
  appliedOn: string;
  theme: string;
  learningGoals: string[];
  candidateDestinations: Destination[];
  screening?: Screening;
  selectedOn?: string;
  feedback?: string;
  planRevision: number;
  appointments: Appointment[];
  certifiedOn?: string;
  plannedDepartureOn?: string;
  plannedReturnOn?: string;
  interpreterSupport: boolean;
  departedOn?: string;
  returnedOn?: string;
  reportDueOn?: string;
  reportSubmittedOn?: string;
  reportPresentedOn?: string;
  reportPublishedOn?: string;
  publicationChannels: PublicationChannel[];
  withdrawalReason?: WithdrawalReason;
  rejectionReason?: RejectionReason;
  /** Places of the year's capacity held: one per participant from selection until the application ends early. */
  placesHeld: number;
}

export type OverseasTrainingState = OverseasTrainingApplication | undefined;

/** From selection to publication an application holds places of the capacity; ended ones hold none. */
const HOLDING_PLACES = OVERSEAS_TRAINING_STEPS.slice(
  OVERSEAS_TRAINING_STEPS.indexOf("OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED"),
  OVERSEAS_TRAINING_STEPS.indexOf("OVERSEAS_TRAINING_STEP_REPORT_PUBLISHED") + 1,
);

export function evolveOverseasTraining(
  state: OverseasTrainingState,
  event: OverseasTrainingEvent,
): OverseasTrainingState {
  if (event.type === "OverseasTrainingApplied") {
    const d = event.data;
    // A member who confirmed (or, before confirmations, every member's own event of one application).
    if (state) return joined(state, d.employeeId);
    return withPlaces({
      applicationId: d.applicationId,
      fiscalYear: d.fiscalYear,
      kind: d.kind,
      applicantEmployeeIds: d.applicantEmployeeIds,
      pendingMemberIds: d.invitedMemberIds ?? [],
      step: "OVERSEAS_TRAINING_STEP_APPLIED",
      appliedOn: d.effectiveDate,
      theme: d.theme,
      learningGoals: d.learningGoals,
      candidateDestinations: d.candidateDestinations,
      planRevision: 0,
      appointments: [],
      interpreterSupport: false,
      publicationChannels: [],
      placesHeld: 0,
    });
  }
  if (!state) return state;
  return withPlaces(applyStep(state, event));
}

function applyStep(
  s: OverseasTrainingApplication,
  event: OverseasTrainingEvent,
): OverseasTrainingApplication {
  const on = event.data.effectiveDate;
  switch (event.type) {
    case "OverseasTrainingScreened":
      return { ...s, step: "OVERSEAS_TRAINING_STEP_SCREENED", screening: event.data.screening };
    case "OverseasTrainingCandidateSelected":
      return {
        ...s,
        step: "OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED",
        selectedOn: on,
        ...optional("feedback", event.data.feedback),
      };
    case "OverseasTrainingPlanRefined":
      return {
        ...s,
        step: "OVERSEAS_TRAINING_STEP_PLAN_REFINED",
        planRevision: event.data.revision,
        learningGoals: event.data.learningGoals,
        candidateDestinations: event.data.candidateDestinations,
      };
    case "OverseasTrainingAppointmentConfirmed":
      return once(
        s,
        s.appointments.some((a) => sameAppointment(a, event.data)),
        () => ({
          ...s,
          appointments: [
            ...s.appointments,
            { destination: event.data.destination, visitOn: event.data.visitOn, confirmedOn: on },
          ],
        }),
      );
    case "OverseasTrainingTraineeCertified":
      return {
        ...s,
        step: "OVERSEAS_TRAINING_STEP_TRAINEE_CERTIFIED",
        certifiedOn: on,
        plannedDepartureOn: event.data.plannedDepartureOn,
        plannedReturnOn: event.data.plannedReturnOn,
        interpreterSupport: event.data.interpreterSupport,
      };
    case "OverseasTrainingDeparted":
      return { ...s, step: "OVERSEAS_TRAINING_STEP_DEPARTED", departedOn: on };
    case "OverseasTrainingReturned":
      return {
        ...s,
        step: "OVERSEAS_TRAINING_STEP_RETURNED",
        returnedOn: on,
        reportDueOn: event.data.reportDueOn,
      };
    case "OverseasTrainingReportSubmitted":
      return { ...s, step: "OVERSEAS_TRAINING_STEP_REPORT_SUBMITTED", reportSubmittedOn: on };
    case "OverseasTrainingCompleted":
      return { ...s, step: "OVERSEAS_TRAINING_STEP_REPORT_PRESENTED", reportPresentedOn: on };
    case "OverseasTrainingReportPublished":
      return {
        ...s,
        step: "OVERSEAS_TRAINING_STEP_REPORT_PUBLISHED",
        reportPublishedOn: on,
        publicationChannels: event.data.channels,
      };
    case "OverseasTrainingWithdrawn": {
      if (event.data.wholeApplication)
        return { ...s, step: "OVERSEAS_TRAINING_STEP_WITHDRAWN", withdrawalReason: event.data.reasonCode };
      return {
        ...s,
        applicantEmployeeIds: s.applicantEmployeeIds.filter((id) => id !== event.data.employeeId),
      };
    }
    case "OverseasTrainingRejected":
      return {
        ...s,
        step: "OVERSEAS_TRAINING_STEP_REJECTED",
        rejectionReason: event.data.reasonCode,
        ...optional("screening", event.data.screening),
      };
    default:
      return s;
  }
}

function withPlaces(s: OverseasTrainingApplication): OverseasTrainingApplication {
  return {
    ...s,
    placesHeld: HOLDING_PLACES.includes(s.step) ? s.applicantEmployeeIds.length : 0,
    // Invitations not confirmed by the screening lapse.
    pendingMemberIds: s.step === "OVERSEAS_TRAINING_STEP_APPLIED" ? (s.pendingMemberIds ?? []) : [],
  };
}

function joined(s: OverseasTrainingApplication, employeeId: string): OverseasTrainingApplication {
  if (s.applicantEmployeeIds.includes(employeeId)) return s;
  return withPlaces({
    ...s,
    applicantEmployeeIds: [...s.applicantEmployeeIds, employeeId],
    pendingMemberIds: (s.pendingMemberIds ?? []).filter((id) => id !== employeeId),
  });
}

function once<S>(state: S, alreadyApplied: boolean, apply: () => S): S {
  return alreadyApplied ? state : apply();
}

function sameAppointment(a: Appointment, b: { destination: Destination; visitOn: string }): boolean {
  return a.visitOn === b.visitOn && a.destination.name === b.destination.name;
}
