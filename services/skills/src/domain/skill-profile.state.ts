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

export interface TargetRoleRecord {
  roleId: string;
  effectiveDate: string;
  catalogueFiscalYear: number;
}

export interface CareerTrackRecord {
  track: CareerTrack;
  effectiveDate: string;
}

export interface SkillProfileState {
  employeeId?: string;
  /** In the order recorded. */
  assessments: AssessmentRecord[];
  /** In the order recorded; active ones are also in effective-date order (the decider keeps it so). */
  jobTypeChanges: JobTypeChangeRecord[];
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
      const { assessmentId, skillId, level, catalogueFiscalYear, reason } = event.data;
      return updateAssessment(next, assessmentId, (a) => ({
        ...a,
        skillId,
        level,
        catalogueFiscalYear,
        corrections: [...a.corrections, { skillId: a.skillId, level: a.level, reason }],
      }));
    }
    case "SkillAssessmentVoided":
      return updateAssessment(next, event.data.assessmentId, (a) => ({
        ...a,
        voided: { reason: event.data.reason },
      }));
    case "TargetRoleSet": {
      const { roleId, effectiveDate, catalogueFiscalYear } = event.data;
      return { ...next, targetRoles: [...state.targetRoles, { roleId, effectiveDate, catalogueFiscalYear }] };
    }
    case "JobTypeChanged": {
      const { changeId, toJobType, effectiveDate, basis, basisDetail } = event.data;
      const record: JobTypeChangeRecord = { changeId, toJobType, effectiveDate, basis, corrections: [] };
      if (basisDetail !== undefined) record.basisDetail = basisDetail;
      return { ...next, jobTypeChanges: [...state.jobTypeChanges, record] };
    }
    case "JobTypeChangeCorrected": {
      const { changeId, toJobType, effectiveDate, basis, basisDetail, reason } = event.data;
      return updateJobTypeChange(next, changeId, ({ basisDetail: _old, ...kept }) => {
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
      return updateJobTypeChange(next, event.data.changeId, (c) => ({
        ...c,
        voided: { reason: event.data.reason },
      }));
    case "CareerTrackChosen": {
      const { track, effectiveDate } = event.data;
      return { ...next, careerTracks: [...state.careerTracks, { track, effectiveDate }] };
    }
  }
}

function updateAssessment(
  state: SkillProfileState,
  assessmentId: string,
  change: (record: AssessmentRecord) => AssessmentRecord,
): SkillProfileState {
  const assessments = state.assessments.map((a) => (a.assessmentId === assessmentId ? change(a) : a));
  return { ...state, assessments };
}

function updateJobTypeChange(
  state: SkillProfileState,
  changeId: string,
  change: (record: JobTypeChangeRecord) => JobTypeChangeRecord,
): SkillProfileState {
  const jobTypeChanges = state.jobTypeChanges.map((c) => (c.changeId === changeId ? change(c) : c));
  return { ...state, jobTypeChanges };
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
