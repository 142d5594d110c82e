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
import type {
  Destination,
  OverseasTrainingEvent,
  OverseasTrainingStepCorrectedData,
  OverseasTrainingStepVoidedData,
  Screening,
} from "./overseas-training.events";

export interface Appointment {
  destination: Destination;
  visitOn: string;
  confirmedOn: string;
}

/** A step the application reached, in the order reached (a plan may be refined more than once). */
export interface StepReached {
  step: OverseasTrainingStep;
  on: string;
}

/** A plan as it stood before a refinement: a voided refinement puts it back. */
interface Plan {
  learningGoals: string[];
  candidateDestinations: Destination[];
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
  /** The latest refinement's date. */
  refinedOn?: string;
  /** The date of the withdrawal or rejection that ended the application. */
  endedOn?: string;
  publicationChannels: PublicationChannel[];
  withdrawalReason?: WithdrawalReason;
  rejectionReason?: RejectionReason;
  /** Places of the year's capacity held: one per participant from selection until the application ends early. */
  placesHeld: number;
  /** Every step reached and its date, in order: corrections keep them in order, voidings go latest first. */
  stepsReached: StepReached[];
  /** The plan before each refinement, oldest first. */
  earlierPlans: Plan[];
  /** Group members who withdrew on their own, in order: a correction or voiding names one. */
  memberWithdrawals: MemberWithdrawal[];
}

/** A group member's own withdrawal: the application went on without them. */
export interface MemberWithdrawal {
  employeeId: string;
  on: string;
  reasonCode: WithdrawalReason;
  /** How many steps the application had reached: steps reached since followed the withdrawal. */
  afterSteps: number;
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
      stepsReached: [{ step: "OVERSEAS_TRAINING_STEP_APPLIED", on: d.effectiveDate }],
      earlierPlans: [],
      memberWithdrawals: [],
    });
  }
  if (!state) return state;
  return withPlaces(reached(state, applyStep(state, event)));
}

/** A step event that moved the application to another step (or refined the plan again) is a step reached. */
function reached(before: OverseasTrainingApplication, after: OverseasTrainingApplication) {
  const again =
    after.step === "OVERSEAS_TRAINING_STEP_PLAN_REFINED" && after.planRevision > before.planRevision;
  if (after.step === before.step && !again) return after;
  if (after.stepsReached.length !== before.stepsReached.length) return after;
  const on = STEP_DATES[after.step]?.(after) ?? after.stepsReached.at(-1)?.on ?? after.appliedOn;
  return { ...after, stepsReached: [...after.stepsReached, { step: after.step, on }] };
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
      if (event.data.revision <= s.planRevision) return s;
      return {
        ...s,
        step: "OVERSEAS_TRAINING_STEP_PLAN_REFINED",
        earlierPlans: [
          ...s.earlierPlans,
          { learningGoals: s.learningGoals, candidateDestinations: s.candidateDestinations },
        ],
        refinedOn: on,
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
        return {
          ...s,
          step: "OVERSEAS_TRAINING_STEP_WITHDRAWN",
          withdrawalReason: event.data.reasonCode,
          endedOn: on,
        };
      const member = event.data.employeeId;
      if (!s.applicantEmployeeIds.includes(member)) return s;
      return {
        ...s,
        applicantEmployeeIds: s.applicantEmployeeIds.filter((id) => id !== member),
        memberWithdrawals: [
          ...(s.memberWithdrawals ?? []),
          { employeeId: member, on, reasonCode: event.data.reasonCode, afterSteps: s.stepsReached.length },
        ],
      };
    }
    case "OverseasTrainingRejected":
      return {
        ...s,
        step: "OVERSEAS_TRAINING_STEP_REJECTED",
        rejectionReason: event.data.reasonCode,
        endedOn: on,
        ...optional("screening", event.data.screening),
      };
    case "OverseasTrainingStepCorrected":
      return corrected(s, event.data);
    case "OverseasTrainingStepVoided":
      return voided(s, event.data);
    default:
      return s;
  }
}

/** Where each step keeps its date in the application (a refinement's and an ending's are kept apart). */
const STEP_DATES: Partial<
  Record<OverseasTrainingStep, (s: OverseasTrainingApplication) => string | undefined>
> = {
  OVERSEAS_TRAINING_STEP_APPLIED: (s) => s.appliedOn,
  OVERSEAS_TRAINING_STEP_SCREENED: (s) => s.screening?.screenedOn,
  OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED: (s) => s.selectedOn,
  OVERSEAS_TRAINING_STEP_PLAN_REFINED: (s) => s.refinedOn,
  OVERSEAS_TRAINING_STEP_TRAINEE_CERTIFIED: (s) => s.certifiedOn,
  OVERSEAS_TRAINING_STEP_DEPARTED: (s) => s.departedOn,
  OVERSEAS_TRAINING_STEP_RETURNED: (s) => s.returnedOn,
  OVERSEAS_TRAINING_STEP_REPORT_SUBMITTED: (s) => s.reportSubmittedOn,
  OVERSEAS_TRAINING_STEP_REPORT_PRESENTED: (s) => s.reportPresentedOn,
  OVERSEAS_TRAINING_STEP_REPORT_PUBLISHED: (s) => s.reportPublishedOn,
  OVERSEAS_TRAINING_STEP_WITHDRAWN: (s) => s.endedOn,
  OVERSEAS_TRAINING_STEP_REJECTED: (s) => s.endedOn,
};

/** The fields of the application a step sets: a corrected date moves them, a voided step clears them. */
function stepFields(
  s: OverseasTrainingApplication,
  step: OverseasTrainingStep,
  on: string | undefined,
): Partial<OverseasTrainingApplication> {
  const screening = (screenedOn: string | undefined) =>
    screenedOn === undefined || !s.screening ? undefined : { ...s.screening, screenedOn };
  switch (step) {
    case "OVERSEAS_TRAINING_STEP_APPLIED":
      return on === undefined ? {} : { appliedOn: on };
    case "OVERSEAS_TRAINING_STEP_SCREENED":
      return { screening: screening(on) };
    case "OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED":
      return on === undefined ? { selectedOn: on, feedback: undefined } : { selectedOn: on };
    case "OVERSEAS_TRAINING_STEP_PLAN_REFINED":
      return { refinedOn: on };
    case "OVERSEAS_TRAINING_STEP_TRAINEE_CERTIFIED":
      return on === undefined
        ? { certifiedOn: on, plannedDepartureOn: on, plannedReturnOn: on, interpreterSupport: false }
        : { certifiedOn: on };
    case "OVERSEAS_TRAINING_STEP_DEPARTED":
      return { departedOn: on };
    case "OVERSEAS_TRAINING_STEP_RETURNED":
      return on === undefined ? { returnedOn: on, reportDueOn: on } : { returnedOn: on };
    case "OVERSEAS_TRAINING_STEP_REPORT_SUBMITTED":
      return { reportSubmittedOn: on };
    case "OVERSEAS_TRAINING_STEP_REPORT_PRESENTED":
      return { reportPresentedOn: on };
    case "OVERSEAS_TRAINING_STEP_REPORT_PUBLISHED":
      return on === undefined
        ? { reportPublishedOn: on, publicationChannels: [] }
        : { reportPublishedOn: on };
    case "OVERSEAS_TRAINING_STEP_WITHDRAWN":
      return on === undefined ? { endedOn: on, withdrawalReason: undefined } : { endedOn: on };
    case "OVERSEAS_TRAINING_STEP_REJECTED": {
      // A rejection at the screening carries the screening: it is dated, and voided, with it.
      const atScreening = s.screening?.passed === false;
      const ended = on === undefined ? { endedOn: on, rejectionReason: undefined } : { endedOn: on };
      return atScreening ? { ...ended, screening: screening(on) } : ended;
    }
    default:
      return {};
  }
}

function corrected(
  s: OverseasTrainingApplication,
  d: OverseasTrainingStepCorrectedData,
): OverseasTrainingApplication {
  if (d.memberEmployeeId !== undefined) {
    const at = (s.memberWithdrawals ?? []).findLastIndex((w) => w.employeeId === d.memberEmployeeId);
    return {
      ...s,
      memberWithdrawals: (s.memberWithdrawals ?? []).map((w, i) =>
        i === at ? { ...w, on: d.effectiveDate, reasonCode: d.withdrawalReason ?? w.reasonCode } : w,
      ),
    };
  }
  if (d.step === "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED") {
    const at = (d.appointmentNumber ?? 0) - 1;
    return {
      ...s,
      appointments: s.appointments.map((a, i) =>
        i === at
          ? {
              destination: d.destination ?? a.destination,
              visitOn: d.visitOn ?? a.visitOn,
              confirmedOn: d.effectiveDate,
            }
          : a,
      ),
    };
  }
  const entry = s.stepsReached[d.stepIndex];
  if (!entry || entry.step !== d.step) return s;
  return withoutUnset({
    ...s,
    ...stepFields(s, d.step, d.effectiveDate),
    ...correctedValues(s, d),
    ...optional("reportDueOn", d.reportDueOn),
    stepsReached: s.stepsReached.map((e, i) => (i === d.stepIndex ? { ...e, on: d.effectiveDate } : e)),
  });
}

/** The values a correction carries, where the application keeps them (absent on date-only corrections). */
function correctedValues(
  s: OverseasTrainingApplication,
  d: OverseasTrainingStepCorrectedData,
): Partial<OverseasTrainingApplication> {
  const plan = {
    ...optional("learningGoals", d.learningGoals),
    ...optional("candidateDestinations", d.candidateDestinations),
  };
  // The application's own plan, when refinements followed it, is the first of the earlier plans.
  const applicationPlan = d.step === "OVERSEAS_TRAINING_STEP_APPLIED" && s.earlierPlans.length > 0;
  const [first, ...others] = s.earlierPlans;
  return {
    ...optional("theme", d.theme),
    ...(applicationPlan && first ? { earlierPlans: [{ ...first, ...plan }, ...others] } : plan),
    ...optional("screening", d.screening),
    ...optional("feedback", d.feedback),
    ...optional("plannedDepartureOn", d.plannedDepartureOn),
    ...optional("plannedReturnOn", d.plannedReturnOn),
    ...optional("interpreterSupport", d.interpreterSupport),
    ...optional("publicationChannels", d.channels),
    ...optional("withdrawalReason", d.withdrawalReason),
    ...optional("rejectionReason", d.rejectionReason),
  };
}

/** Idempotent per participant's event: only the latest step, once. */
function voided(
  s: OverseasTrainingApplication,
  d: OverseasTrainingStepVoidedData,
): OverseasTrainingApplication {
  const member = d.memberEmployeeId;
  if (member !== undefined && d.step === "OVERSEAS_TRAINING_STEP_APPLIED") {
    // A confirmation voided: invited again, not taking part.
    if (!s.applicantEmployeeIds.includes(member)) return s;
    return withPlaces({
      ...s,
      applicantEmployeeIds: s.applicantEmployeeIds.filter((id) => id !== member),
      pendingMemberIds: [...(s.pendingMemberIds ?? []), member],
    });
  }
  if (member !== undefined) {
    // A member's own withdrawal voided: taking part again.
    if (s.applicantEmployeeIds.includes(member)) return s;
    const at = (s.memberWithdrawals ?? []).findLastIndex((w) => w.employeeId === member);
    return withPlaces({
      ...s,
      applicantEmployeeIds: [...s.applicantEmployeeIds, member],
      memberWithdrawals: (s.memberWithdrawals ?? []).filter((_, i) => i !== at),
    });
  }
  if (d.step === "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED") {
    // One event per participant: the appointment goes once, matched by what it records.
    const gone = d.appointment;
    return gone ? { ...s, appointments: s.appointments.filter((a) => !sameAppointment(a, gone)) } : s;
  }
  if (d.stepIndex !== s.stepsReached.length - 1 || s.stepsReached[d.stepIndex]?.step !== d.step) return s;
  const plan = d.step === "OVERSEAS_TRAINING_STEP_PLAN_REFINED" ? s.earlierPlans.at(-1) : undefined;
  const stepsReached = s.stepsReached.slice(0, d.stepIndex);
  if (d.stepIndex === 0) return { ...s, step: "OVERSEAS_TRAINING_STEP_VOIDED", stepsReached };
  return withoutUnset({
    ...s,
    ...stepFields(s, d.step, undefined),
    ...(plan ? { ...plan, earlierPlans: s.earlierPlans.slice(0, -1), planRevision: s.planRevision - 1 } : {}),
    ...(plan ? { refinedOn: stepsReached.findLast((e) => e.step === d.step)?.on } : {}),
    step: d.stepNow,
    stepsReached,
  });
}

/** Optional fields are left out, not undefined: the view is stored as is. */
function withoutUnset(s: OverseasTrainingApplication): OverseasTrainingApplication {
  return Object.fromEntries(
    Object.entries(s).filter(([, v]) => v !== undefined),
  ) as unknown as OverseasTrainingApplication;
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
