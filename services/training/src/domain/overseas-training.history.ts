/**
 * A programme application's step history (proto `StepHistoryEntry`): every step as first recorded (an
 * appointment, a member's confirmation or own withdrawal included), then each correction and voiding, in
 * the order recorded, each entry with the events behind it. A decision is published once per participant,
 * so the events of one command make one entry.
 */
import type { CorrectionReason, OverseasTrainingStep, StepHistoryAction, VoidReason } from "./code-lists";
import { optional } from "./optional";
import type { OverseasTrainingEvent } from "./overseas-training.events";
import {
  evolveOverseasTraining,
  type OverseasTrainingApplication,
  type OverseasTrainingState,
} from "./overseas-training.state";

/** An event as stored: its id and `ce_type`, and the command (decision) that recorded it. */
export interface RecordedOverseasTrainingEvent {
  eventId: string;
  eventType: string;
  decision: string;
  event: OverseasTrainingEvent;
}

export interface EventRef {
  eventId: string;
  eventType: string;
  effectiveDate: string;
}

export interface StepHistoryEntry {
  step: OverseasTrainingStep;
  action: StepHistoryAction;
  voided: boolean;
  effectiveDate: string;
  previousEffectiveDate: string;
  correctionReason: CorrectionReason | "CORRECTION_REASON_UNSPECIFIED";
  voidReason: VoidReason | "VOID_REASON_UNSPECIFIED";
  appointmentNumber?: number;
  memberEmployeeId?: string;
  evidence: EventRef[];
}

/** An application as the API shows it: its state and its steps' history. */
export type OverseasTrainingWithHistory = OverseasTrainingApplication & { stepHistory: StepHistoryEntry[] };

/** The step each recording event records. */
const RECORDS: Record<string, OverseasTrainingStep> = {
  OverseasTrainingApplied: "OVERSEAS_TRAINING_STEP_APPLIED",
  OverseasTrainingScreened: "OVERSEAS_TRAINING_STEP_SCREENED",
  OverseasTrainingCandidateSelected: "OVERSEAS_TRAINING_STEP_CANDIDATE_SELECTED",
  OverseasTrainingPlanRefined: "OVERSEAS_TRAINING_STEP_PLAN_REFINED",
  OverseasTrainingAppointmentConfirmed: "OVERSEAS_TRAINING_STEP_APPOINTMENT_CONFIRMED",
  OverseasTrainingTraineeCertified: "OVERSEAS_TRAINING_STEP_TRAINEE_CERTIFIED",
  OverseasTrainingDeparted: "OVERSEAS_TRAINING_STEP_DEPARTED",
  OverseasTrainingReturned: "OVERSEAS_TRAINING_STEP_RETURNED",
  OverseasTrainingReportSubmitted: "OVERSEAS_TRAINING_STEP_REPORT_SUBMITTED",
  OverseasTrainingCompleted: "OVERSEAS_TRAINING_STEP_REPORT_PRESENTED",
  OverseasTrainingReportPublished: "OVERSEAS_TRAINING_STEP_REPORT_PUBLISHED",
  OverseasTrainingWithdrawn: "OVERSEAS_TRAINING_STEP_WITHDRAWN",
  OverseasTrainingRejected: "OVERSEAS_TRAINING_STEP_REJECTED",
};

/** The application folded from its events, with the history of its steps. */
export function overseasTrainingWithHistory(
  events: readonly RecordedOverseasTrainingEvent[],
): OverseasTrainingWithHistory | undefined {
  let state: OverseasTrainingState;
  const stepHistory: StepHistoryEntry[] = [];
  let decision: string | undefined;
  for (const recorded of events) {
    const before = state;
    state = evolveOverseasTraining(state, recorded.event);
    const ref = {
      eventId: recorded.eventId,
      eventType: recorded.eventType,
      effectiveDate: recorded.event.data.effectiveDate,
    };
    const last = stepHistory.at(-1);
    if (last && recorded.decision === decision) last.evidence.push(ref);
    else {
      const entry = state && entryOf(recorded.event, before, state);
      if (entry) stepHistory.push({ ...entry, evidence: [ref] });
    }
    decision = recorded.decision;
  }
  return state && { ...state, stepHistory };
}

function entryOf(
  event: OverseasTrainingEvent,
  before: OverseasTrainingState,
  after: OverseasTrainingApplication,
): Omit<StepHistoryEntry, "evidence"> | undefined {
  const unspecified = {
    previousEffectiveDate: "",
    correctionReason: "CORRECTION_REASON_UNSPECIFIED",
    voidReason: "VOID_REASON_UNSPECIFIED",
  } as const;
  const d = event.data;
  switch (event.type) {
    case "OverseasTrainingStepCorrected":
    case "OverseasTrainingStepVoided": {
      const correction = event.type === "OverseasTrainingStepCorrected";
      return {
        ...unspecified,
        step: event.data.step,
        action: correction ? "STEP_HISTORY_ACTION_CORRECTED" : "STEP_HISTORY_ACTION_VOIDED",
        voided: !correction,
        effectiveDate: d.effectiveDate,
        ...(correction
          ? {
              previousEffectiveDate: event.data.previousEffectiveDate,
              correctionReason: event.data.reasonCode,
            }
          : { voidReason: event.data.reasonCode }),
        ...optional("appointmentNumber", event.data.appointmentNumber),
        ...optional("memberEmployeeId", event.data.memberEmployeeId),
      };
    }
    default: {
      const step = RECORDS[event.type];
      if (!step) return undefined;
      // A member's own entries: a confirmation (the application was there before it) and a withdrawal
      // the application went on without.
      const member =
        (event.type === "OverseasTrainingApplied" && before !== undefined) ||
        (event.type === "OverseasTrainingWithdrawn" && !event.data.wholeApplication);
      const appointment = event.type === "OverseasTrainingAppointmentConfirmed";
      return {
        ...unspecified,
        step,
        action: "STEP_HISTORY_ACTION_RECORDED",
        voided: false,
        effectiveDate: d.effectiveDate,
        ...(appointment ? { appointmentNumber: after.appointments.length } : {}),
        ...(member ? { memberEmployeeId: d.employeeId } : {}),
      };
    }
  }
}
