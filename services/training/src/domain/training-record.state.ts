/** An employee's training record as folded from its stream; voided and cancelled records stay, marked. */
import type {
  CertificationAcquiredData,
  CertificationSubsidyDecidedData,
  CertificationSubsidyRequestedData,
  SurveyRecordedData,
  TrainingCompletedData,
  TrainingNominatedData,
  TrainingRecordEvent,
} from "./training-record.events";

export interface CompletionRecord extends TrainingCompletedData {
  voided: boolean;
}

export interface NominationRecord extends TrainingNominatedData {
  cancelled: boolean;
}

export interface CertificationRecord extends CertificationAcquiredData {
  voided: boolean;
}

export interface SubsidyRecord extends CertificationSubsidyRequestedData {
  decision?: CertificationSubsidyDecidedData;
  voided: boolean;
}

export interface TrainingRecordState {
  nominations: Map<string, NominationRecord>;
  completions: Map<string, CompletionRecord>;
  surveys: SurveyRecordedData[];
  certifications: Map<string, CertificationRecord>;
  subsidies: Map<string, SubsidyRecord>;
}

/** The employee's live (not cancelled) nomination for a course in a fiscal year, if any. */
export function liveNomination(
  state: TrainingRecordState,
  courseId: string,
  fiscalYear: number,
): NominationRecord | undefined {
  return [...state.nominations.values()].find(
    (n) => !n.cancelled && n.courseId === courseId && n.fiscalYear === fiscalYear,
  );
}

/**
 * The subsidy a certification's exam is linked to: the live subsidy of its code for its exam date when
 * the certification names one; else the one of its code with the latest exam date on or before the
 * acquisition and after the previous live certification of the code (each exam leads to one certificate).
 */
export function subsidyOfExam(
  state: TrainingRecordState,
  certification: CertificationRecord,
): SubsidyRecord | undefined {
  const ofCode = [...state.subsidies.values()].filter(
    (s) => !s.voided && s.certificationCode === certification.certificationCode,
  );
  if (certification.examOn !== undefined) return ofCode.find((s) => s.examOn === certification.examOn);
  const previous = [...state.certifications.values()]
    .filter(
      (c) =>
        !c.voided &&
        c.certificationCode === certification.certificationCode &&
        c.acquiredOn < certification.acquiredOn,
    )
    .reduce((latest, c) => (c.acquiredOn > latest ? c.acquiredOn : latest), "");
  return ofCode
    .filter((s) => s.examOn <= certification.acquiredOn && s.examOn > previous)
    .reduce<SubsidyRecord | undefined>(
      (latest, s) => (!latest || s.examOn > latest.examOn ? s : latest),
      undefined,
    );
}

/** Whether a certification's exam fee counts as subsidised: said so when recorded, or an approval of its exam. */
export function examFeeSubsidised(state: TrainingRecordState, certification: CertificationRecord): boolean {
  return (
    certification.examFeeSubsidisedOutside === true ||
    subsidyOfExam(state, certification)?.decision?.approved === true
  );
}

/** The live completion of a course recorded for a platform's attempt, if any. */
export function completionOfAttempt(
  state: TrainingRecordState,
  courseId: string,
  attemptId: string,
): CompletionRecord | undefined {
  return [...state.completions.values()].find(
    (c) => !c.voided && c.courseId === courseId && c.attemptId === attemptId,
  );
}

export const initialTrainingRecordState = (): TrainingRecordState => ({
  nominations: new Map(),
  completions: new Map(),
  surveys: [],
  certifications: new Map(),
  subsidies: new Map(),
});

/** Applies one event to a copy of the state (maps are copied on write, records replaced, never edited). */
export function evolveTrainingRecord(
  state: TrainingRecordState,
  event: TrainingRecordEvent,
): TrainingRecordState {
  switch (event.type) {
    case "TrainingNominated":
      return {
        ...state,
        nominations: put(state.nominations, event.data.nominationId, { ...event.data, cancelled: false }),
      };
    case "TrainingNominationCancelled":
      return {
        ...state,
        nominations: patch(state.nominations, event.data.nominationId, { cancelled: true }),
      };
    case "TrainingCompleted":
      return {
        ...state,
        completions: put(state.completions, event.data.completionId, { ...event.data, voided: false }),
      };
    case "CompletionCorrected": {
      const { previousEffectiveDate: _, reasonCode: __, note: ___, ...values } = event.data;
      const before = state.completions.get(values.completionId);
      if (!before) return state;
      const { hours: _h, score: _s, ...kept } = before;
      return { ...state, completions: put(state.completions, values.completionId, { ...kept, ...values }) };
    }
    case "CompletionVoided":
      return { ...state, completions: patch(state.completions, event.data.completionId, { voided: true }) };
    case "SurveyRecorded":
      return { ...state, surveys: [...state.surveys, event.data] };
    case "CertificationAcquired":
      return {
        ...state,
        certifications: put(state.certifications, event.data.certificationId, {
          ...event.data,
          // Recorded before the flag was stored apart: what it said then still holds.
          examFeeSubsidisedOutside: event.data.examFeeSubsidisedOutside ?? event.data.examFeeSubsidised,
          voided: false,
        }),
      };
    case "CertificationVoided":
      return {
        ...state,
        certifications: patch(state.certifications, event.data.certificationId, { voided: true }),
      };
    case "CertificationExamFeeSubsidisedChanged":
      return {
        ...state,
        certifications: patch(state.certifications, event.data.certificationId, {
          examFeeSubsidised: event.data.examFeeSubsidised,
        }),
      };
    case "CertificationSubsidyRequested":
      return {
        ...state,
        subsidies: put(state.subsidies, event.data.subsidyId, { ...event.data, voided: false }),
      };
    case "CertificationSubsidyDecided":
      return { ...state, subsidies: patch(state.subsidies, event.data.subsidyId, { decision: event.data }) };
    case "CertificationSubsidyCorrected": {
      const d = event.data;
      const decision: CertificationSubsidyDecidedData | undefined = d.decided
        ? {
            employeeId: d.employeeId,
            effectiveDate: d.decidedOn ?? d.effectiveDate,
            subsidyId: d.subsidyId,
            certificationCode: d.certificationCode,
            examOn: d.examOn,
            kind: d.kind,
            approved: d.approved,
            approvedAmountYen: d.approvedAmountYen,
            ...(d.refusalReason ? { refusalReason: d.refusalReason } : {}),
          }
        : undefined;
      return {
        ...state,
        subsidies: put(state.subsidies, d.subsidyId, {
          employeeId: d.employeeId,
          effectiveDate: d.requestedOn,
          subsidyId: d.subsidyId,
          certificationCode: d.certificationCode,
          examOn: d.examOn,
          kind: d.kind,
          requestedAmountYen: d.requestedAmountYen,
          voided: false,
          ...(decision ? { decision } : {}),
        }),
      };
    }
    case "CertificationSubsidyVoided":
      return { ...state, subsidies: patch(state.subsidies, event.data.subsidyId, { voided: true }) };
  }
}

function put<V>(map: Map<string, V>, key: string, value: V): Map<string, V> {
  return new Map(map).set(key, value);
}

function patch<V>(map: Map<string, V>, key: string, change: Partial<V>): Map<string, V> {
  const before = map.get(key);
  return before ? put(map, key, { ...before, ...change }) : map;
}
