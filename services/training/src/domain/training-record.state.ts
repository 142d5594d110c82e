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
          voided: false,
        }),
      };
    case "CertificationVoided":
      return {
        ...state,
        certifications: patch(state.certifications, event.data.certificationId, { voided: true }),
      };
    case "CertificationSubsidyRequested":
      return { ...state, subsidies: put(state.subsidies, event.data.subsidyId, event.data) };
    case "CertificationSubsidyDecided":
      return { ...state, subsidies: patch(state.subsidies, event.data.subsidyId, { decision: event.data }) };
  }
}

function put<V>(map: Map<string, V>, key: string, value: V): Map<string, V> {
  return new Map(map).set(key, value);
}

function patch<V>(map: Map<string, V>, key: string, change: Partial<V>): Map<string, V> {
  const before = map.get(key);
  return before ? put(map, key, { ...before, ...change }) : map;
}
