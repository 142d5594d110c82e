/**
 * The state of one employee's skill profile, folded from its events. It keeps every record, voided ones
 * flagged, with the reasons of corrections, so queries can answer "as of" any date and show history.
 */
import type { AssessorKind, CareerTrack, JobType, JobTypeChangeBasis } from "./code-lists";
import type { SkillProfileEvent } from "./skill-profile.events";

export interface Voiding {
  reason: string;
}

export interface AssessmentRecord {
  assessmentId: string;
  skillId: string;
  level: number;
  assessor: AssessorKind;
  assessedOn: string;
  catalogueFiscalYear: number;
  catalogueRevision?: number;
  note?: string;
  /** Values before each correction, oldest first, with its reason. */
  corrections: { skillId: string; level: number; reason: string }[];
  voided?: Voiding;
}

export interface JobTypeChangeRecord {
  changeId: string;
  toJobType: JobType;
  effectiveDate: string;
  basis: JobTypeChangeBasis;
  basisDetail?: string;
  corrections: { reason: string }[];
  voided?: Voiding;
}

/** A target role setting, or a clearing (no `roleId`). */
export interface TargetRoleRecord {
  targetRoleId: string;
  roleId?: string;
  effectiveDate: string;
  catalogueFiscalYear?: number;
  catalogueRevision?: number;
  corrections: { reason: string }[];
  voided?: Voiding;
}

/** A career track choice, or a clearing (no `track`). */
export interface CareerTrackRecord {
  choiceId: string;
  track?: CareerTrack;
  effectiveDate: string;
  corrections: { reason: string }[];
  voided?: Voiding;
}

export interface SkillProfileState {
  employeeId?: string;
  /** In the order recorded. */
  assessments: AssessmentRecord[];
  /** In the order recorded; active ones are also in effective-date order (the decider keeps it so). */
  jobTypeChanges: JobTypeChangeRecord[];
  /** Settings and clearings in the order recorded (timeline.ts orders them by date). */
  targetRoles: TargetRoleRecord[];
  careerTracks: CareerTrackRecord[];
}

export function initialSkillProfileState(): SkillProfileState {
  return { assessments: [], jobTypeChanges: [], targetRoles: [], careerTracks: [] };
}

export function evolveSkillProfile(state: SkillProfileState, event: SkillProfileEvent): SkillProfileState {
  const next = { ...state, employeeId: state.employeeId ?? event.data.employeeId };
  switch (event.type) {
    case "SkillAssessed": {
      const { employeeId: _e, effectiveDate, ...rest } = event.data;
      return {
        ...next,
        assessments: [...state.assessments, { ...rest, assessedOn: effectiveDate, corrections: [] }],
      };
    }
    case "SkillAssessmentCorrected": {
      const { assessmentId, skillId, level, catalogueFiscalYear, catalogueRevision, reason } = event.data;
      return update(next, "assessments", assessmentId, ({ catalogueRevision: _old, ...a }) => ({
        ...a,
        skillId,
        level,
        catalogueFiscalYear,
        ...(catalogueRevision === undefined ? {} : { catalogueRevision }),
        corrections: [...a.corrections, { skillId: a.skillId, level: a.level, reason }],
      }));
    }
    case "SkillAssessmentVoided":
      return update(next, "assessments", event.data.assessmentId, (a) => ({
        ...a,
        voided: { reason: event.data.reason },
      }));
    case "TargetRoleSet": {
      const { targetRoleId: given, employeeId: _e, ...values } = event.data;
      // Events from before ids existed get one by position, as events.proto says.
      const targetRoleId = given || `target-role-${state.targetRoles.length + 1}`;
      const record = { targetRoleId, ...values, corrections: [] };
      return { ...next, targetRoles: [...state.targetRoles, record] };
    }
    case "TargetRoleCleared": {
      const { targetRoleId, effectiveDate } = event.data;
      return {
        ...next,
        targetRoles: [...state.targetRoles, { targetRoleId, effectiveDate, corrections: [] }],
      };
    }
    case "TargetRoleCorrected": {
      const { targetRoleId, roleId, effectiveDate, catalogueFiscalYear, catalogueRevision, reason } =
        event.data;
      return update(next, "targetRoles", targetRoleId, (r) => ({
        targetRoleId,
        effectiveDate,
        ...(roleId === undefined ? {} : { roleId, catalogueFiscalYear }),
        ...(catalogueRevision === undefined ? {} : { catalogueRevision }),
        corrections: [...r.corrections, { reason }],
      }));
    }
    case "TargetRoleVoided":
      return update(next, "targetRoles", event.data.targetRoleId, (r) => ({
        ...r,
        voided: { reason: event.data.reason },
      }));
    case "JobTypeChanged": {
      const { changeId, toJobType, effectiveDate, basis, basisDetail } = event.data;
      const record: JobTypeChangeRecord = { changeId, toJobType, effectiveDate, basis, corrections: [] };
      if (basisDetail !== undefined) record.basisDetail = basisDetail;
      return { ...next, jobTypeChanges: [...state.jobTypeChanges, record] };
    }
    case "JobTypeChangeCorrected": {
      const { changeId, toJobType, effectiveDate, basis, basisDetail, reason } = event.data;
      return update(next, "jobTypeChanges", changeId, ({ basisDetail: _old, ...kept }) => {
        const corrected = {
          ...kept,
          toJobType,
          effectiveDate,
          basis,
          corrections: [...kept.corrections, { reason }],
        };
        return basisDetail === undefined ? corrected : { ...corrected, basisDetail };
      });
    }
    case "JobTypeChangeVoided":
      return update(next, "jobTypeChanges", event.data.changeId, (c) => ({
        ...c,
        voided: { reason: event.data.reason },
      }));
    case "CareerTrackChosen": {
      const { track, effectiveDate } = event.data;
      const choiceId = event.data.choiceId || `career-track-${state.careerTracks.length + 1}`;
      return {
        ...next,
        careerTracks: [...state.careerTracks, { choiceId, track, effectiveDate, corrections: [] }],
      };
    }
    case "CareerTrackCleared": {
      const { choiceId, effectiveDate } = event.data;
      return { ...next, careerTracks: [...state.careerTracks, { choiceId, effectiveDate, corrections: [] }] };
    }
    case "CareerTrackChoiceCorrected": {
      const { choiceId, track, effectiveDate, reason } = event.data;
      return update(next, "careerTracks", choiceId, (c) => ({
        choiceId,
        effectiveDate,
        ...(track === undefined ? {} : { track }),
        corrections: [...c.corrections, { reason }],
      }));
    }
    case "CareerTrackChoiceVoided":
      return update(next, "careerTracks", event.data.choiceId, (c) => ({
        ...c,
        voided: { reason: event.data.reason },
      }));
  }
}

/** Each list of records and the field that identifies a record in it. */
const RECORD_ID = {
  assessments: "assessmentId",
  jobTypeChanges: "changeId",
  targetRoles: "targetRoleId",
  careerTracks: "choiceId",
} as const;
type RecordList = keyof typeof RECORD_ID;
type RecordOf<L extends RecordList> = SkillProfileState[L][number];

/** The state with record `id` of `list` replaced by `change(record)`. */
function update<L extends RecordList>(
  state: SkillProfileState,
  list: L,
  id: string,
  change: (record: RecordOf<L>) => RecordOf<L>,
): SkillProfileState {
  const key = RECORD_ID[list];
  const records = (state[list] as RecordOf<L>[]).map((r) =>
    (r as unknown as Record<string, string>)[key] === id ? change(r) : r,
  );
  return { ...state, [list]: records };
}

/** Job type changes that count (not voided), in effective-date order. */
export function activeJobTypeChanges(state: SkillProfileState): JobTypeChangeRecord[] {
  return state.jobTypeChanges
    .filter((c) => !c.voided)
    .sort((a, b) => compareText(a.effectiveDate, b.effectiveDate));
}

/** Assessments that count (not voided), by assessment date, same-day ones in the order recorded. */
export function activeAssessments(state: SkillProfileState): AssessmentRecord[] {
  // Array.prototype.sort is stable, so same-day assessments keep the order recorded.
  return state.assessments.filter((a) => !a.voided).sort((a, b) => compareText(a.assessedOn, b.assessedOn));
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
