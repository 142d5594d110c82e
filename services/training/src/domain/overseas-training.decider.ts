/**
 * The rules of one overseas dispatch training application (海外派遣研修, DOMAIN.md): apply with a plan
 * (eligible applicants only, within the year's application window), presentation screening, selection as
 * trainee candidate within the capacity (a group takes a place per member), plan refinement and
 * appointments, certification as trainee, departure, return (the report falls due), report submitted,
 * presented (the training is completed), published. Withdrawal or rejection ends it at any step before the
 * report is presented. A step out of order is refused naming the step the application is at.
 *
 * Every step is decided once for the application and published once per participant.
 */

import { isDeepStrictEqual } from "node:util";
import {
  addMonths,
  CommandInput,
  type Decider,
  NotFoundError,
  RuleViolation,
  ValidationError,
} from "@hr/kit";
import { TRAINING_LIMITS as L } from "@hr/proto";
import {
  APPLICATION_KINDS,
  CORRECTION_REASONS,
  DESTINATION_KINDS,
  OVERSEAS_TRAINING_STEPS,
  type OverseasTrainingStep,
  type PlanWarning,
  PUBLICATION_CHANNELS,
  REJECTION_REASONS,
  VOID_REASONS,
  WITHDRAWAL_REASONS,
} from "./code-lists";
import { overseasTrainingEligibility } from "./eligibility";
import { optional } from "./optional";
import {
  type ApplyOverseasTraining,
  type CertifyTrainee,
  type ConfirmAppointment,
  type ConfirmGroupMembership,
  type CorrectOverseasTrainingStep,
  type OverseasTrainingCommand,
  type PresentReport,
  type PublishReport,
  type RecordDeparture,
  type RecordReturn,
  type RecordScreening,
  type RefineTrainingPlan,
  type RejectOverseasTraining,
  type ScreeningValues,
  type SelectTraineeCandidate,
  STEP_DATE_FIELDS,
  type StepValues,
  type SubmitReport,
  type VoidOverseasTrainingStep,
  type WithdrawOverseasTraining,
} from "./overseas-training.commands";
import type { CorrectedStepValues, Destination, OverseasTrainingEvent } from "./overseas-training.events";
import { OVERSEAS_TRAINING_RULES as RULES } from "./overseas-training.reasons";
import {
  type Appointment,
  evolveOverseasTraining,
  type MemberWithdrawal,
  type OverseasTrainingApplication,
  type OverseasTrainingState,
} from "./overseas-training.state";
import type { ProgrammeYear } from "./programme-year";

const PLAN_TEXT = { required: true, multiline: true, max: L.planText.maxLength };
const ENDED: readonly OverseasTrainingStep[] = [
  "OVERSEAS_TRAINING_STEP_WITHDRAWN",
  "OVERSEAS_TRAINING_STEP_REJECTED",
  "OVERSEAS_TRAINING_STEP_VOIDED",
];
/** After the report is presented the training is done: nothing can end it early any more. */
const DONE: readonly OverseasTrainingStep[] = [
  "OVERSEAS_TRAINING_STEP_REPORT_PRESENTED",
  "OVERSEAS_TRAINING_STEP_REPORT_PUBLISHED",
];

export const overseasTrainingDecider: Decider<
  OverseasTrainingCommand,
  OverseasTrainingEvent,
  OverseasTrainingState
> = {
  initialState: () => undefined,
  evolve: evolveOverseasTraining,
  decide: (command, state) => {
    const events = decideStep(command, state);
    // After the step's own checks, so that a malformed date is named as bad input first.
    if (command.type === "VoidOverseasTrainingStep") return events;
    const field = STEP_DATE_FIELDS[command.type];
    const date = (command as unknown as Record<string, string>)[field] as string;
    if (date > command.today) {
      throw new RuleViolation(RULES.dateInFuture, `${field} ${date} is after today (${command.today})`);
    }
    return events;
  },
};

function decideStep(command: OverseasTrainingCommand, state: OverseasTrainingState): OverseasTrainingEvent[] {
  if (command.type === "ApplyOverseasTraining") return apply(command, state);
  if (!state) throw new NotFoundError(`no overseas training application ${command.applicationId}`);
  switch (command.type) {
    case "ConfirmGroupMembership":
      return confirmMembership(command, state);
    case "RecordScreening":
      return screen(command, state);
    case "SelectTraineeCandidate":
      return select(command, state);
    case "RefineTrainingPlan":
      return refine(command, state);
    case "ConfirmAppointment":
      return confirmAppointment(command, state);
    case "CertifyTrainee":
      return certify(command, state);
    case "RecordDeparture":
      return depart(command, state);
    case "RecordReturn":
      return returnHome(command, state);
    case "SubmitReport":
      return submitReport(command, state);
    case "PresentReport":
      return presentReport(command, state);
    case "PublishReport":
      return publishReport(command, state);
    case "WithdrawOverseasTraining":
      return withdraw(command, state);
    case "RejectOverseasTraining":
      return reject(command, state);
    case "CorrectOverseasTrainingStep":
      return correct(command, state);
    case "VoidOverseasTrainingStep":
      return voidStep(command, state);
    default:
      throw ValidationError.field("type", "unknown command");
  }
}

function apply(command: ApplyOverseasTraining, state: OverseasTrainingState): OverseasTrainingEvent[] {
  const input = new CommandInput()
    .employeeId("employeeId", command.employeeId)
    .oneOf("kind", command.kind, APPLICATION_KINDS)
    .date("appliedOn", command.appliedOn)
    .wholeNumber("fiscalYear", command.fiscalYear)
    .text("theme", command.theme, PLAN_TEXT);
  checkPlan(input, command.learningGoals, command.candidateDestinations);
  input.within("groupMemberIds", command.groupMemberIds, L.groupMembers);
  for (const [i, id] of command.groupMemberIds.entries()) input.employeeId(`groupMemberIds[${i}]`, id);
  if (command.kind === "APPLICATION_KIND_GROUP" && command.groupMemberIds.length === 0) {
    input.fail("groupMemberIds", "must name the other members of a group application");
  }
  if (command.kind === "APPLICATION_KIND_INDIVIDUAL" && command.groupMemberIds.length > 0) {
    input.fail("groupMemberIds", "must be empty for an individual application");
  }
  if (new Set(command.groupMemberIds).size !== command.groupMemberIds.length) {
    input.fail("groupMemberIds", "must name each member once");
  }
  input.check();
  if (state) throw new RuleViolation(RULES.applicationExists, `application ${command.applicationId} exists`);
  // A rule, not a shape: the schema cannot compare a list with another field.
  if (command.groupMemberIds.includes(command.employeeId)) {
    throw new RuleViolation(
      RULES.applicantListedAsMember,
      `${command.employeeId} applies and cannot also be listed among the other group members`,
    );
  }
  checkApplicationDate(
    command.appliedOn,
    command.fiscalYear,
    command.programmeYear,
    [command.employeeId, ...command.groupMemberIds],
    command.jobTypeHistories,
  );
  // About the filer only: the other members are invited, and take part once each confirms.
  const invited = command.groupMemberIds;
  return [
    {
      type: "OverseasTrainingApplied",
      data: {
        employeeId: command.employeeId,
        effectiveDate: command.appliedOn,
        applicationId: command.applicationId,
        fiscalYear: command.fiscalYear,
        candidateDestinations: command.candidateDestinations,
        kind: command.kind,
        applicantEmployeeIds: [command.employeeId],
        theme: command.theme,
        learningGoals: command.learningGoals,
        ...(invited.length > 0 ? { invitedMemberIds: invited } : {}),
      },
    },
  ];
}

function configured(year: ProgrammeYear | undefined, fiscalYear: number): ProgrammeYear {
  if (!year) {
    throw new RuleViolation(
      RULES.programmeYearNotConfigured,
      `the programme year FY${fiscalYear} is not configured`,
    );
  }
  return year;
}

/** An application's date: within the year's window, every applicant eligible on it. */
function checkApplicationDate(
  appliedOn: string,
  fiscalYear: number,
  year: ProgrammeYear | undefined,
  applicants: readonly string[],
  jobTypeHistories: ApplyOverseasTraining["jobTypeHistories"],
): void {
  if (!year) {
    throw new RuleViolation(
      RULES.programmeYearNotConfigured,
      `the programme year FY${fiscalYear} is not configured`,
    );
  }
  if (appliedOn < year.applicationOpensOn || appliedOn > year.applicationClosesOn) {
    throw new RuleViolation(
      RULES.outsideApplicationWindow,
      `FY${year.fiscalYear} takes applications from ${year.applicationOpensOn} to ${year.applicationClosesOn}, not on ${appliedOn}`,
    );
  }
  for (const applicant of applicants) {
    const eligibility = overseasTrainingEligibility(jobTypeHistories[applicant] ?? [], appliedOn);
    if (!eligibility.eligible) {
      throw new RuleViolation(
        RULES.notEligible,
        `${applicant} is not eligible on ${appliedOn}: ${eligibility.reason} ` +
          `(ICT staff in their second fiscal year as ICT staff or later may apply)`,
      );
    }
  }
}

/**
 * A member invited to a group confirms before the screening: then, and not before, an event about them is
 * published (their eligibility was judged on the application date with the filer's).
 */
function confirmMembership(
  command: ConfirmGroupMembership,
  state: OverseasTrainingApplication,
): OverseasTrainingEvent[] {
  new CommandInput()
    .employeeId("employeeId", command.employeeId)
    .date("confirmedOn", command.confirmedOn)
    .check();
  expectStep(state, ["OVERSEAS_TRAINING_STEP_APPLIED"], "ConfirmGroupMembership");
  if (state.applicantEmployeeIds.includes(command.employeeId)) {
    throw new RuleViolation(
      RULES.applicationExists,
      `${command.employeeId} takes part in application ${state.applicationId} already`,
    );
  }
  if (!(state.pendingMemberIds ?? []).includes(command.employeeId)) {
    throw new RuleViolation(
      RULES.notInvited,
      `${command.employeeId} is not invited to application ${state.applicationId}`,
    );
  }
  notBefore(command.confirmedOn, state.appliedOn, "the application");
  return [
    {
      type: "OverseasTrainingApplied",
      data: {
        employeeId: command.employeeId,
        effectiveDate: state.appliedOn,
        applicationId: state.applicationId,
        fiscalYear: state.fiscalYear,
        candidateDestinations: state.candidateDestinations,
        kind: state.kind,
        applicantEmployeeIds: [...state.applicantEmployeeIds, command.employeeId],
        theme: state.theme,
        learningGoals: state.learningGoals,
        confirmedOn: command.confirmedOn,
      },
    },
  ];
}

function screen(command: RecordScreening, state: OverseasTrainingApplication): OverseasTrainingEvent[] {
  const input = new CommandInput().date("screenedOn", command.screenedOn);
  checkScreening(input, "", command);
  input.check();
  expectStep(state, ["OVERSEAS_TRAINING_STEP_APPLIED"], "RecordScreening");
  notBefore(command.screenedOn, state.appliedOn, "the application");
  const screening = {
    screenedOn: command.screenedOn,
    planScore: command.planScore,
    englishScore: command.englishScore,
    passed: command.passed === true,
    screenedBy: command.screenedBy,
  };
  if (!command.passed) {
    return forEach(state, command.screenedOn, (base) => ({
      type: "OverseasTrainingRejected",
      data: { ...base, atStep: state.step, reasonCode: "REJECTION_REASON_SCREENING_NOT_PASSED", screening },
    }));
  }
  return forEach(state, command.screenedOn, (base) => ({
    type: "OverseasTrainingScreened",
    data: { ...base, screening },
  }));
}

function select(
  command: SelectTraineeCandidate,
  state: OverseasTrainingApplication,
): OverseasTrainingEvent[] {
  new CommandInput()
    .date("selectedOn", command.selectedOn)
    .text("feedback", command.feedback, { multiline: true, max: L.feedback.maxLength })
    .check();
  expectStep(state, ["OVERSEAS_TRAINING_STEP_SCREENED"], "SelectTraineeCandidate");
  notBefore(command.selectedOn, state.screening?.screenedOn ?? state.appliedOn, "the screening");
  const year = configured(command.programmeYear, state.fiscalYear);
  const needed = state.applicantEmployeeIds.length;
  const left = year.capacity - command.placesTakenByOthers;
  if (needed > left) {
    throw new RuleViolation(
      RULES.capacityReached,
      `FY${year.fiscalYear} has ${Math.max(left, 0)} of ${year.capacity} places left; application ${state.applicationId} needs ${needed}`,
    );
  }
  return forEach(state, command.selectedOn, (base) => ({
    type: "OverseasTrainingCandidateSelected",
    data: { ...base, fiscalYear: state.fiscalYear, ...optional("feedback", command.feedback) },
  }));
}

function refine(command: RefineTrainingPlan, state: OverseasTrainingApplication): OverseasTrainingEvent[] {
  const input = new CommandInput().date("refinedOn", command.refinedOn);
  checkPlan(input, command.learningGoals, command.candidateDestinations);
  input.check();
  expectStep(
    state,
    ["OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED", "OVERSEAS_TRAINING_STEP_PLAN_REFINED"],
    "RefineTrainingPlan",
  );
  notBefore(command.refinedOn, state.selectedOn ?? state.appliedOn, "the selection");
  return forEach(state, command.refinedOn, (base) => ({
    type: "OverseasTrainingPlanRefined",
    data: {
      ...base,
      candidateDestinations: command.candidateDestinations,
      revision: state.planRevision + 1,
      learningGoals: command.learningGoals,
    },
  }));
}

function confirmAppointment(
  command: ConfirmAppointment,
  state: OverseasTrainingApplication,
): OverseasTrainingEvent[] {
  const input = new CommandInput().date("confirmedOn", command.confirmedOn).date("visitOn", command.visitOn);
  checkDestination(input, "destination", command.destination);
  input.check();
  expectStep(
    state,
    ["OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED", "OVERSEAS_TRAINING_STEP_PLAN_REFINED"],
    "ConfirmAppointment",
  );
  notBefore(command.confirmedOn, state.selectedOn ?? state.appliedOn, "the selection");
  notBefore(command.visitOn, command.confirmedOn, "its confirmation");
  return forEach(state, command.confirmedOn, (base) => ({
    type: "OverseasTrainingAppointmentConfirmed",
    data: { ...base, destination: command.destination, visitOn: command.visitOn },
  }));
}

function certify(command: CertifyTrainee, state: OverseasTrainingApplication): OverseasTrainingEvent[] {
  new CommandInput()
    .date("certifiedOn", command.certifiedOn)
    .date("plannedDepartureOn", command.plannedDepartureOn)
    .date("plannedReturnOn", command.plannedReturnOn)
    .check();
  expectStep(
    state,
    ["OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED", "OVERSEAS_TRAINING_STEP_PLAN_REFINED"],
    "CertifyTrainee",
  );
  notBefore(command.certifiedOn, state.selectedOn ?? state.appliedOn, "the selection");
  if (state.appointments.length === 0) {
    throw new RuleViolation(
      RULES.noAppointmentConfirmed,
      `application ${state.applicationId} has no appointment confirmed with a host yet`,
    );
  }
  checkPlannedDates(command.certifiedOn, command.plannedDepartureOn, command.plannedReturnOn);
  const planned = uniqueDestinations(state.appointments.map((a) => a.destination));
  return forEach(state, command.certifiedOn, (base) => ({
    type: "OverseasTrainingTraineeCertified",
    data: {
      ...base,
      plannedDestinations: planned,
      plannedDepartureOn: command.plannedDepartureOn,
      plannedReturnOn: command.plannedReturnOn,
      interpreterSupport: command.interpreterSupport,
    },
  }));
}

function checkPlannedDates(certifiedOn: string, plannedDepartureOn: string, plannedReturnOn: string) {
  if (plannedDepartureOn <= certifiedOn || plannedReturnOn < plannedDepartureOn) {
    throw new RuleViolation(
      RULES.plannedDatesOutOfOrder,
      `the planned departure (${plannedDepartureOn}) must follow the certification (${certifiedOn}) and the planned return (${plannedReturnOn}) must not precede it`,
    );
  }
}

function depart(command: RecordDeparture, state: OverseasTrainingApplication): OverseasTrainingEvent[] {
  new CommandInput().date("departedOn", command.departedOn).check();
  expectStep(state, ["OVERSEAS_TRAINING_STEP_TRAINEE_CERTIFIED"], "RecordDeparture");
  notBefore(command.departedOn, state.certifiedOn ?? state.appliedOn, "the certification as trainee");
  return forEach(state, command.departedOn, (base) => ({ type: "OverseasTrainingDeparted", data: base }));
}

function returnHome(command: RecordReturn, state: OverseasTrainingApplication): OverseasTrainingEvent[] {
  new CommandInput().date("returnedOn", command.returnedOn).check();
  expectStep(state, ["OVERSEAS_TRAINING_STEP_DEPARTED"], "RecordReturn");
  const departedOn = state.departedOn ?? state.appliedOn;
  notBefore(command.returnedOn, departedOn, "the departure");
  const due = addMonths(command.returnedOn, command.reportDueMonths);
  return forEach(state, command.returnedOn, (base) => ({
    type: "OverseasTrainingReturned",
    data: { ...base, departedOn, reportDueOn: due },
  }));
}

function submitReport(command: SubmitReport, state: OverseasTrainingApplication): OverseasTrainingEvent[] {
  new CommandInput().date("submittedOn", command.submittedOn).check();
  expectStep(state, ["OVERSEAS_TRAINING_STEP_RETURNED"], "SubmitReport");
  notBefore(command.submittedOn, state.returnedOn ?? state.appliedOn, "the return");
  const due = state.reportDueOn ?? command.submittedOn;
  return forEach(state, command.submittedOn, (base) => ({
    type: "OverseasTrainingReportSubmitted",
    data: { ...base, reportDueOn: due, late: command.submittedOn > due },
  }));
}

function presentReport(command: PresentReport, state: OverseasTrainingApplication): OverseasTrainingEvent[] {
  new CommandInput().date("presentedOn", command.presentedOn).check();
  expectStep(state, ["OVERSEAS_TRAINING_STEP_REPORT_SUBMITTED"], "PresentReport");
  notBefore(command.presentedOn, state.reportSubmittedOn ?? state.appliedOn, "the report's submission");
  return forEach(state, command.presentedOn, (base) => ({
    type: "OverseasTrainingCompleted",
    data: {
      ...base,
      destinationsVisited: uniqueDestinations(state.appointments.map((a) => a.destination)),
      departedOn: state.departedOn ?? "",
      returnedOn: state.returnedOn ?? "",
      reportSubmitted: true,
      fiscalYear: state.fiscalYear,
    },
  }));
}

function publishReport(command: PublishReport, state: OverseasTrainingApplication): OverseasTrainingEvent[] {
  const input = new CommandInput().date("publishedOn", command.publishedOn);
  if (command.channels.length === 0) input.fail("channels", "must name where the report was published");
  input.within("channels", command.channels, L.channels);
  for (const [i, c] of command.channels.entries()) input.oneOf(`channels[${i}]`, c, PUBLICATION_CHANNELS);
  input.check();
  expectStep(state, ["OVERSEAS_TRAINING_STEP_REPORT_PRESENTED"], "PublishReport");
  notBefore(command.publishedOn, state.reportPresentedOn ?? state.appliedOn, "the report meeting");
  return forEach(state, command.publishedOn, (base) => ({
    type: "OverseasTrainingReportPublished",
    data: { ...base, channels: [...new Set(command.channels)] },
  }));
}

function withdraw(
  command: WithdrawOverseasTraining,
  state: OverseasTrainingApplication,
): OverseasTrainingEvent[] {
  const input = new CommandInput()
    .date("withdrawnOn", command.withdrawnOn)
    .oneOf("reasonCode", command.reasonCode, WITHDRAWAL_REASONS)
    .text("note", command.note, { multiline: true, max: L.note.maxLength });
  if (command.memberEmployeeId !== undefined) input.employeeId("memberEmployeeId", command.memberEmployeeId);
  input.check();
  stillOpen(state, "WithdrawOverseasTraining");
  notBefore(command.withdrawnOn, state.appliedOn, "the application");
  const member = command.memberEmployeeId;
  const whole = member === undefined || state.applicantEmployeeIds.length === 1;
  if (member !== undefined && !state.applicantEmployeeIds.includes(member)) {
    throw new RuleViolation(
      RULES.notAMember,
      `${member} does not take part in application ${state.applicationId}`,
    );
  }
  const leaving = whole ? state.applicantEmployeeIds : [member as string];
  return leaving.map((employeeId) => ({
    type: "OverseasTrainingWithdrawn",
    data: {
      employeeId,
      effectiveDate: command.withdrawnOn,
      applicationId: state.applicationId,
      atStep: state.step,
      reasonCode: command.reasonCode,
      wholeApplication: whole,
      ...optional("note", command.note),
    },
  }));
}

function reject(
  command: RejectOverseasTraining,
  state: OverseasTrainingApplication,
): OverseasTrainingEvent[] {
  new CommandInput()
    .date("rejectedOn", command.rejectedOn)
    .oneOf("reasonCode", command.reasonCode, REJECTION_REASONS)
    .text("note", command.note, { multiline: true, max: L.note.maxLength })
    .check();
  stillOpen(state, "RejectOverseasTraining");
  notBefore(command.rejectedOn, state.appliedOn, "the application");
  return forEach(state, command.rejectedOn, (base) => ({
    type: "OverseasTrainingRejected",
    data: { ...base, atStep: state.step, reasonCode: command.reasonCode, ...optional("note", command.note) },
  }));
}

/**
 * A step's date, or what it records, recorded wrong: checked as the step was (README "Corrections and
 * voidings"). The step's latest entry is corrected (a plan refined twice: the second refinement).
 */
function correct(
  command: CorrectOverseasTrainingStep,
  state: OverseasTrainingApplication,
): OverseasTrainingEvent[] {
  const input = new CommandInput()
    .oneOf("step", command.step, OVERSEAS_TRAINING_STEPS)
    .date("correctedOn", command.correctedOn)
    .oneOf("reasonCode", command.reasonCode, CORRECTION_REASONS)
    .text("note", command.note, { multiline: true, max: L.note.maxLength });
  checkStepValues(input, command);
  checkEntry(input, command);
  input.check();
  entryOfStep(command, state, ["OVERSEAS_TRAINING_STEP_WITHDRAWN"]);
  if (command.step === "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED") {
    return correctAppointment(command, state);
  }
  if (command.memberEmployeeId !== undefined) return correctMemberWithdrawal(command, state);
  const index = reachedIndex(state, command.step);
  const on = command.correctedOn;
  const entry = state.stepsReached[index] as { on: string };
  const recorded = recordedValues(state, command.step);
  const values = correctedValues(state, command, recorded);
  changesSomething(command, entry.on, values, recorded);
  const before = state.stepsReached[index - 1];
  if (before) notBefore(on, before.on, `the step before it (${before.step})`);
  const after = [
    ...state.stepsReached.slice(index + 1, index + 2).map((e) => ({ what: e.step, on: e.on })),
    // An appointment is confirmed on or after the selection.
    ...(command.step === "OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED"
      ? state.appointments.map((a) => ({
          what: `the appointment with ${a.destination.name}`,
          on: a.confirmedOn,
        }))
      : []),
  ];
  for (const next of after) {
    if (on > next.on) {
      throw new RuleViolation(RULES.dateAfterNextStep, `${on} is after ${next.what} (${next.on})`);
    }
  }
  let report: { reportDueOn?: string; reportLate?: boolean } = {};
  switch (command.step) {
    case "OVERSEAS_TRAINING_STEP_APPLIED":
      if (on !== entry.on) {
        checkApplicationDate(
          on,
          state.fiscalYear,
          command.programmeYear,
          state.applicantEmployeeIds,
          command.jobTypeHistories,
        );
      }
      break;
    case "OVERSEAS_TRAINING_STEP_TRAINEE_CERTIFIED":
      checkPlannedDates(on, values.plannedDepartureOn ?? "", values.plannedReturnOn ?? "");
      break;
    case "OVERSEAS_TRAINING_STEP_RETURNED": {
      // The report falls due from the corrected return.
      const due = addMonths(on, command.reportDueMonths);
      report = { reportDueOn: due, ...lateness(state.reportSubmittedOn, due) };
      break;
    }
    case "OVERSEAS_TRAINING_STEP_REPORT_SUBMITTED":
      report = { ...optional("reportDueOn", state.reportDueOn), ...lateness(on, state.reportDueOn) };
      break;
    default:
  }
  return forEach(state, on, (base) => ({
    type: "OverseasTrainingStepCorrected",
    data: {
      ...base,
      step: command.step,
      stepIndex: index,
      previousEffectiveDate: entry.on,
      reasonCode: command.reasonCode,
      ...values,
      ...report,
      ...optional("note", command.note),
    },
  }));
}

/** What each step records besides its date (the fields a correction of it may give). */
const STEP_VALUES: Partial<Record<OverseasTrainingStep, readonly (keyof StepValues)[]>> = {
  OVERSEAS_TRAINING_STEP_APPLIED: ["theme", "learningGoals", "candidateDestinations"],
  OVERSEAS_TRAINING_STEP_SCREENED: ["screening"],
  OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED: ["feedback"],
  OVERSEAS_TRAINING_STEP_PLAN_REFINED: ["learningGoals", "candidateDestinations"],
  OVERSEAS_TRAINING_STEP_TRAINEE_CERTIFIED: ["plannedDepartureOn", "plannedReturnOn", "interpreterSupport"],
  OVERSEAS_TRAINING_STEP_REPORT_PUBLISHED: ["channels"],
  OVERSEAS_TRAINING_STEP_WITHDRAWN: ["withdrawalReason"],
  OVERSEAS_TRAINING_STEP_REJECTED: ["rejectionReason", "screening"],
  OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED: ["destination", "visitOn"],
};

/** The values a correction gives: an empty list, like a field left out, keeps the recorded one. */
function givenValues(command: StepValues): StepValues {
  const listed = <T>(list: T[] | undefined) => (list && list.length > 0 ? list : undefined);
  const values: StepValues = {
    theme: command.theme,
    learningGoals: listed(command.learningGoals),
    candidateDestinations: listed(command.candidateDestinations),
    screening: command.screening,
    feedback: command.feedback,
    plannedDepartureOn: command.plannedDepartureOn,
    plannedReturnOn: command.plannedReturnOn,
    interpreterSupport: command.interpreterSupport,
    channels: listed(command.channels),
    withdrawalReason: command.withdrawalReason,
    rejectionReason: command.rejectionReason,
    destination: command.destination,
    visitOn: command.visitOn,
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as StepValues;
}

/** Each value's shape, as the step's own command checks it. */
function checkStepValues(input: CommandInput, command: StepValues): void {
  const v = givenValues(command);
  if (v.theme !== undefined) input.text("theme", v.theme, PLAN_TEXT);
  input.text("feedback", v.feedback, { multiline: true, max: L.feedback.maxLength });
  for (const [i, goal] of (v.learningGoals ?? []).entries())
    input.text(`learningGoals[${i}]`, goal, PLAN_TEXT);
  for (const [i, d] of (v.candidateDestinations ?? []).entries()) {
    checkDestination(input, `candidateDestinations[${i}]`, d);
  }
  if (v.screening) checkScreening(input, "screening.", v.screening);
  if (v.plannedDepartureOn !== undefined) input.date("plannedDepartureOn", v.plannedDepartureOn);
  if (v.plannedReturnOn !== undefined) input.date("plannedReturnOn", v.plannedReturnOn);
  for (const [i, c] of (v.channels ?? []).entries()) input.oneOf(`channels[${i}]`, c, PUBLICATION_CHANNELS);
  if (v.withdrawalReason !== undefined)
    input.oneOf("withdrawalReason", v.withdrawalReason, WITHDRAWAL_REASONS);
  if (v.rejectionReason !== undefined) input.oneOf("rejectionReason", v.rejectionReason, REJECTION_REASONS);
  if (v.destination) checkDestination(input, "destination", v.destination);
  if (v.visitOn !== undefined) input.date("visitOn", v.visitOn);
}

/** The step's values as recorded (full values: what a correction event carries). */
function recordedValues(s: OverseasTrainingApplication, step: OverseasTrainingStep): CorrectedStepValues {
  // The application's own plan, when refinements followed it.
  const applied = s.earlierPlans[0] ?? s;
  const atScreening = s.screening?.passed === false;
  switch (step) {
    case "OVERSEAS_TRAINING_STEP_APPLIED":
      return {
        theme: s.theme,
        learningGoals: applied.learningGoals,
        candidateDestinations: applied.candidateDestinations,
      };
    case "OVERSEAS_TRAINING_STEP_SCREENED":
      return optional("screening", s.screening);
    case "OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED":
      return optional("feedback", s.feedback);
    case "OVERSEAS_TRAINING_STEP_PLAN_REFINED":
      return { learningGoals: s.learningGoals, candidateDestinations: s.candidateDestinations };
    case "OVERSEAS_TRAINING_STEP_TRAINEE_CERTIFIED":
      return {
        ...optional("plannedDepartureOn", s.plannedDepartureOn),
        ...optional("plannedReturnOn", s.plannedReturnOn),
        interpreterSupport: s.interpreterSupport,
      };
    case "OVERSEAS_TRAINING_STEP_REPORT_PUBLISHED":
      return { channels: s.publicationChannels };
    case "OVERSEAS_TRAINING_STEP_WITHDRAWN":
      return optional("withdrawalReason", s.withdrawalReason);
    case "OVERSEAS_TRAINING_STEP_REJECTED":
      return {
        ...optional("rejectionReason", s.rejectionReason),
        ...(atScreening ? optional("screening", s.screening) : {}),
      };
    default:
      return {};
  }
}

/**
 * The step's values after the correction. A value the step does not record is refused, naming it; the
 * screening's outcome is a step of its own (passed: screened; not passed: rejected), so a correction
 * cannot turn one into the other: void the step and record the screening again.
 */
function correctedValues(
  s: OverseasTrainingApplication,
  command: CorrectOverseasTrainingStep,
  recorded: CorrectedStepValues,
): CorrectedStepValues {
  const given = givenValues(command);
  const allowed: readonly string[] = STEP_VALUES[command.step] ?? [];
  const atScreening = s.screening?.passed === false;
  const foreign = Object.keys(given).filter(
    (field) =>
      !allowed.includes(field) ||
      (command.step === "OVERSEAS_TRAINING_STEP_REJECTED" && field === "screening" && !atScreening),
  );
  if (foreign.length > 0) {
    throw new RuleViolation(
      RULES.notRecordedByStep,
      `${command.step} of application ${s.applicationId} does not record ${foreign.join(", ")}`,
    );
  }
  const outcome = command.step === "OVERSEAS_TRAINING_STEP_SCREENED";
  if (given.screening && given.screening.passed !== outcome) {
    throw new RuleViolation(
      RULES.correctionChangesOutcome,
      `the screening was ${outcome ? "passed" : "not passed"}: void ${command.step} and record the screening again`,
    );
  }
  const screeningRejection = command.step === "OVERSEAS_TRAINING_STEP_REJECTED" && atScreening;
  if (
    screeningRejection &&
    given.rejectionReason !== undefined &&
    given.rejectionReason !== s.rejectionReason
  ) {
    throw new RuleViolation(
      RULES.correctionChangesOutcome,
      `the rejection is the screening's outcome (${s.rejectionReason}): void it and record the step again`,
    );
  }
  const { screening: givenScreening, ...rest } = given;
  const values: CorrectedStepValues = { ...recorded, ...rest };
  // The screening is dated with its step.
  const screening = givenScreening ? { ...givenScreening, passed: outcome } : recorded.screening;
  if (screening) values.screening = { ...screening, screenedOn: command.correctedOn };
  if (values.channels) values.channels = [...new Set(values.channels)];
  return values;
}

/** The same date and values again is no correction. */
function changesSomething(
  command: CorrectOverseasTrainingStep,
  recordedOn: string,
  values: CorrectedStepValues,
  recorded: CorrectedStepValues,
): void {
  if (recordedOn === command.correctedOn && isDeepStrictEqual(values, recorded)) {
    throw new RuleViolation(
      RULES.correctionChangesNothing,
      `${command.step} is dated ${recordedOn} and records these values already`,
    );
  }
}

/** A group member's or an appointment's entry, named by the command: its selector's shape. */
function checkEntry(
  input: CommandInput,
  command: { step: OverseasTrainingStep; memberEmployeeId?: string; appointmentNumber?: number },
): void {
  if (command.memberEmployeeId !== undefined) input.employeeId("memberEmployeeId", command.memberEmployeeId);
  const n = command.appointmentNumber;
  if (n !== undefined && !(Number.isInteger(n) && n >= 1)) {
    input.fail("appointmentNumber", "must be a whole number from 1");
  }
  if (command.step === "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED" && n === undefined) {
    input.fail("appointmentNumber", "is required to name an appointment (1 for the first confirmed)");
  }
}

/**
 * A member is named for their own entries (`memberSteps`), an appointment number for an appointment only;
 * a voided application has nothing to change.
 */
function entryOfStep(
  command: { step: OverseasTrainingStep; memberEmployeeId?: string; appointmentNumber?: number },
  state: OverseasTrainingApplication,
  memberSteps: readonly OverseasTrainingStep[],
): void {
  const foreign = [
    ...(command.memberEmployeeId !== undefined && !memberSteps.includes(command.step)
      ? ["memberEmployeeId"]
      : []),
    ...(command.appointmentNumber !== undefined &&
    command.step !== "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED"
      ? ["appointmentNumber"]
      : []),
  ];
  if (foreign.length > 0) {
    throw new RuleViolation(
      RULES.notRecordedByStep,
      `${command.step} has no entry named by ${foreign.join(", ")} (a member: ${memberSteps.join(", ")}; a number: an appointment)`,
    );
  }
  if (state.step === "OVERSEAS_TRAINING_STEP_VOIDED") {
    throw new RuleViolation(RULES.applicationEnded, `application ${state.applicationId} is voided`);
  }
}

/** The appointment a command names by its number (1 for the first confirmed), and its place in the list. */
function appointmentNamed(
  state: OverseasTrainingApplication,
  command: { appointmentNumber?: number },
): { number: number; at: number; appointment: Appointment } {
  const number = command.appointmentNumber as number;
  const appointment = state.appointments[number - 1];
  if (!appointment) {
    throw new RuleViolation(
      RULES.stepNotReached,
      `application ${state.applicationId} has ${state.appointments.length} appointment(s), not appointment ${number}`,
    );
  }
  return { number, at: number - 1, appointment };
}

/**
 * An appointment's date, host or visit day, checked as its confirmation was: on or after the selection,
 * the visit on or after it, and before the certification. A host is a recorded fact like any other, so it
 * is corrected after the certification too: the certification's planned destinations and the completion's
 * destinations visited are the appointments' hosts, and the correction carries them as corrected.
 */
function correctAppointment(
  command: CorrectOverseasTrainingStep,
  state: OverseasTrainingApplication,
): OverseasTrainingEvent[] {
  const { number, at, appointment } = appointmentNamed(state, command);
  const on = command.correctedOn;
  const recorded = { destination: appointment.destination, visitOn: appointment.visitOn };
  const values = correctedValues(state, command, recorded);
  changesSomething(command, appointment.confirmedOn, values, recorded);
  notBefore(on, state.selectedOn ?? state.appliedOn, "the selection");
  notBefore(values.visitOn ?? on, on, "its confirmation");
  if (state.certifiedOn !== undefined && on > state.certifiedOn) {
    throw new RuleViolation(
      RULES.dateAfterNextStep,
      `${on} is after OVERSEAS_TRAINING_STEP_TRAINEE_CERTIFIED (${state.certifiedOn})`,
    );
  }
  const last = at === state.appointments.length - 1 ? on : state.appointments.at(-1)?.confirmedOn;
  const hosts = uniqueDestinations(
    state.appointments.map((a, i) => (i === at ? (values.destination as Destination) : a.destination)),
  );
  return forEach(state, on, (base) => ({
    type: "OverseasTrainingStepCorrected",
    data: {
      ...base,
      step: command.step,
      stepIndex: -1,
      previousEffectiveDate: appointment.confirmedOn,
      reasonCode: command.reasonCode,
      appointmentNumber: number,
      ...values,
      ...optional("stepReachedOn", last),
      ...(state.certifiedOn !== undefined ? { plannedDestinations: hosts } : {}),
      ...(state.reportPresentedOn !== undefined ? { destinationsVisited: hosts } : {}),
      ...optional("note", command.note),
    },
  }));
}

/** A group member's own withdrawal: its date (on or after the application) and its reason. */
function correctMemberWithdrawal(
  command: CorrectOverseasTrainingStep,
  state: OverseasTrainingApplication,
): OverseasTrainingEvent[] {
  const withdrawal = memberWithdrawal(state, command.memberEmployeeId as string);
  const recorded = { withdrawalReason: withdrawal.reasonCode };
  const values = correctedValues(state, command, recorded);
  changesSomething(command, withdrawal.on, values, recorded);
  notBefore(command.correctedOn, state.appliedOn, "the application");
  return [
    {
      type: "OverseasTrainingStepCorrected",
      data: {
        employeeId: withdrawal.employeeId,
        effectiveDate: command.correctedOn,
        applicationId: state.applicationId,
        step: command.step,
        stepIndex: -1,
        previousEffectiveDate: withdrawal.on,
        reasonCode: command.reasonCode,
        ...values,
        memberEmployeeId: withdrawal.employeeId,
        ...optional("note", command.note),
      },
    },
  ];
}

function memberWithdrawal(state: OverseasTrainingApplication, employeeId: string): MemberWithdrawal {
  const withdrawal = (state.memberWithdrawals ?? []).findLast((w) => w.employeeId === employeeId);
  if (!withdrawal) {
    throw new RuleViolation(
      RULES.stepNotReached,
      `${employeeId} has not withdrawn on their own from application ${state.applicationId}`,
    );
  }
  return withdrawal;
}

function lateness(submittedOn: string | undefined, due: string | undefined) {
  return submittedOn === undefined || due === undefined ? {} : { reportLate: submittedOn > due };
}

/**
 * A step recorded in error is voided latest first: one that later steps (or appointments) follow is
 * refused naming them, so no recorded step ever stands on a voided one. Voiding the application itself
 * ends it (VOIDED).
 */
function voidStep(
  command: VoidOverseasTrainingStep,
  state: OverseasTrainingApplication,
): OverseasTrainingEvent[] {
  const input = new CommandInput()
    .oneOf("step", command.step, OVERSEAS_TRAINING_STEPS)
    .oneOf("reasonCode", command.reasonCode, VOID_REASONS);
  checkEntry(input, command);
  input.check();
  entryOfStep(command, state, ["OVERSEAS_TRAINING_STEP_APPLIED", "OVERSEAS_TRAINING_STEP_WITHDRAWN"]);
  if (command.step === "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED") {
    return voidAppointment(command, state);
  }
  if (command.memberEmployeeId !== undefined) {
    return command.step === "OVERSEAS_TRAINING_STEP_APPLIED"
      ? voidConfirmation(command, state, command.memberEmployeeId)
      : voidMemberWithdrawal(command, state, command.memberEmployeeId);
  }
  const index = reachedIndex(state, command.step);
  const later = state.stepsReached.slice(index + 1).map((e) => e.step as string);
  if (command.step === "OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED" && state.appointments.length > 0) {
    later.push("the appointments confirmed");
  }
  if (later.length > 0) {
    throw new RuleViolation(
      RULES.laterStepsRecorded,
      `${command.step} is followed by ${later.join(", ")}: void those first, latest first`,
    );
  }
  const entry = state.stepsReached[index] as { on: string };
  const earlier = state.stepsReached.slice(0, index);
  const stillOn = earlier.findLast((e) => e.step === command.step)?.on;
  return forEach(state, entry.on, (base) => ({
    type: "OverseasTrainingStepVoided",
    data: {
      ...base,
      step: command.step,
      stepIndex: index,
      reasonCode: command.reasonCode,
      stepNow: earlier.at(-1)?.step ?? "OVERSEAS_TRAINING_STEP_VOIDED",
      ...optional("stepStillReachedOn", stillOn),
    },
  }));
}

/** Steps reached from `from` on: recorded after an entry, they stand on it (voided first). */
function laterSteps(state: OverseasTrainingApplication, from: number, what: string): void {
  const later = state.stepsReached.slice(from).map((e) => e.step);
  if (later.length > 0) {
    throw new RuleViolation(
      RULES.laterStepsRecorded,
      `${what} is followed by ${later.join(", ")}: void those first, latest first`,
    );
  }
}

/**
 * An appointment recorded in error, while the application is at the steps appointments are recorded at
 * (the certification needs them and lists their hosts). The step counts from the latest appointment left.
 */
function voidAppointment(
  command: VoidOverseasTrainingStep,
  state: OverseasTrainingApplication,
): OverseasTrainingEvent[] {
  const { number, at, appointment } = appointmentNamed(state, command);
  const booking = state.stepsReached.findLastIndex((e) =>
    ["OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED", "OVERSEAS_TRAINING_STEP_PLAN_REFINED"].includes(e.step),
  );
  laterSteps(state, booking + 1, `appointment ${number}`);
  const left = state.appointments.filter((_, i) => i !== at);
  return forEach(state, appointment.confirmedOn, (base) => ({
    type: "OverseasTrainingStepVoided",
    data: {
      ...base,
      step: command.step,
      stepIndex: -1,
      reasonCode: command.reasonCode,
      stepNow: state.step,
      appointmentNumber: number,
      appointment,
      ...optional("stepStillReachedOn", left.at(-1)?.confirmedOn),
    },
  }));
}

/**
 * A member's confirmation recorded in error, before any later step (the member took part in those): the
 * member is invited again, and their year is free. Published to the member only.
 */
function voidConfirmation(
  command: VoidOverseasTrainingStep,
  state: OverseasTrainingApplication,
  member: string,
): OverseasTrainingEvent[] {
  if (!state.applicantEmployeeIds.slice(1).includes(member)) {
    throw new RuleViolation(
      RULES.notAMember,
      `${member} has no confirmation in application ${state.applicationId} (the filer's is the application)`,
    );
  }
  laterSteps(state, 1, `the confirmation of ${member}`);
  return [
    {
      type: "OverseasTrainingStepVoided",
      data: {
        employeeId: member,
        effectiveDate: state.appliedOn,
        applicationId: state.applicationId,
        step: command.step,
        stepIndex: 0,
        reasonCode: command.reasonCode,
        stepNow: state.step,
        memberEmployeeId: member,
      },
    },
  ];
}

/**
 * A member's own withdrawal recorded in error, before any later step (taken without the member): the
 * member takes part again, and takes a place again while the application holds places (within the year's
 * capacity). Published to the member only.
 */
function voidMemberWithdrawal(
  command: VoidOverseasTrainingStep,
  state: OverseasTrainingApplication,
  member: string,
): OverseasTrainingEvent[] {
  const withdrawal = memberWithdrawal(state, member);
  laterSteps(state, withdrawal.afterSteps, `the withdrawal of ${member}`);
  if (state.placesHeld > 0) {
    const year = configured(command.programmeYear, state.fiscalYear);
    const left = year.capacity - (command.placesTakenByOthers ?? 0) - state.placesHeld;
    if (left < 1) {
      throw new RuleViolation(
        RULES.capacityReached,
        `FY${year.fiscalYear} has no place left of ${year.capacity} for ${member} to take part again`,
      );
    }
  }
  return [
    {
      type: "OverseasTrainingStepVoided",
      data: {
        employeeId: member,
        effectiveDate: withdrawal.on,
        applicationId: state.applicationId,
        step: command.step,
        stepIndex: -1,
        reasonCode: command.reasonCode,
        stepNow: state.step,
        memberEmployeeId: member,
      },
    },
  ];
}

/** The step's latest entry; a voided application has none to change. */
function reachedIndex(state: OverseasTrainingApplication, step: OverseasTrainingStep): number {
  if (state.step === "OVERSEAS_TRAINING_STEP_VOIDED") {
    throw new RuleViolation(RULES.applicationEnded, `application ${state.applicationId} is voided`);
  }
  const index = state.stepsReached.findLastIndex((e) => e.step === step);
  if (index < 0) {
    throw new RuleViolation(
      RULES.stepNotReached,
      `application ${state.applicationId} has not reached ${step}; it is at step ${state.step}`,
    );
  }
  return index;
}

/** One event per participant still taking part. */
function forEach(
  state: OverseasTrainingApplication,
  effectiveDate: string,
  make: (base: { employeeId: string; effectiveDate: string; applicationId: string }) => OverseasTrainingEvent,
): OverseasTrainingEvent[] {
  return state.applicantEmployeeIds.map((employeeId) =>
    make({ employeeId, effectiveDate, applicationId: state.applicationId }),
  );
}

function expectStep(
  state: OverseasTrainingApplication,
  allowed: readonly OverseasTrainingStep[],
  what: string,
): void {
  if (allowed.includes(state.step)) return;
  throw new RuleViolation(
    ENDED.includes(state.step) ? RULES.applicationEnded : RULES.stepOutOfOrder,
    `${what} needs application ${state.applicationId} at step ${allowed.join(" or ")}; it is at step ${state.step}`,
  );
}

function stillOpen(state: OverseasTrainingApplication, what: string): void {
  if (ENDED.includes(state.step) || DONE.includes(state.step)) {
    throw new RuleViolation(
      ENDED.includes(state.step) ? RULES.applicationEnded : RULES.stepOutOfOrder,
      `${what} is not possible: application ${state.applicationId} is at step ${state.step}`,
    );
  }
}

function notBefore(date: string, earliest: string, what: string): void {
  if (date < earliest) {
    throw new RuleViolation(RULES.dateBeforePreviousStep, `${date} is before ${what} (${earliest})`);
  }
}

function checkPlan(input: CommandInput, learningGoals: string[], destinations: Destination[]): void {
  if (learningGoals.length === 0) input.fail("learningGoals", "must state at least one learning goal");
  input.within("learningGoals", learningGoals, L.learningGoals);
  for (const [i, goal] of learningGoals.entries()) input.text(`learningGoals[${i}]`, goal, PLAN_TEXT);
  // One is allowed; two or more are encouraged (planWarnings).
  if (destinations.length === 0) input.fail("candidateDestinations", "must propose a destination");
  input.within("candidateDestinations", destinations, L.destinations);
  for (const [i, d] of destinations.entries()) checkDestination(input, `candidateDestinations[${i}]`, d);
}

function checkDestination(input: CommandInput, field: string, destination: Destination): void {
  input
    .text(`${field}.name`, destination.name, { required: true, max: L.name.maxLength })
    .oneOf(`${field}.kind`, destination.kind, DESTINATION_KINDS)
    .text(`${field}.city`, destination.city, { max: L.name.maxLength });
  if (!new RegExp(L.countryCode.pattern).test(destination.countryCode)) {
    input.fail(`${field}.countryCode`, "must be an ISO 3166-1 alpha-2 code such as DK");
  }
}

/** A screening's values; `passed` is required (not passed ends the application, never assumed). */
function checkScreening(input: CommandInput, prefix: string, screening: ScreeningValues): void {
  score(input, `${prefix}planScore`, screening.planScore);
  score(input, `${prefix}englishScore`, screening.englishScore);
  if (typeof screening.passed !== "boolean") {
    input.fail(`${prefix}passed`, "is required: whether the bar is met");
  }
  if (screening.screenedBy.length === 0) input.fail(`${prefix}screenedBy`, "must name the interviewers");
  for (const [i, name] of screening.screenedBy.entries()) {
    input.text(`${prefix}screenedBy[${i}]`, name, { required: true, max: L.name.maxLength });
  }
}

function score(input: CommandInput, field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 100)
    input.fail(field, "must be a whole number from 0 to 100");
}

function uniqueDestinations(destinations: Destination[]): Destination[] {
  const seen = new Set<string>();
  return destinations.filter((d) => !seen.has(d.name) && seen.add(d.name) !== undefined);
}

/** What the plan is encouraged to do and does not: recorded all the same, the reply says so. */
export function planWarnings(destinations: readonly Destination[]): PlanWarning[] {
  return destinations.length < 2 ? ["PLAN_WARNING_ONE_DESTINATION"] : [];
}
