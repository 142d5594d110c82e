/**
 * The profile an HR user sees (GetProfile), computed from the folded state as of a date: current job type
 * and since when, whole years in it, levels per skill with their history, target role and career track.
 * Voided records are left out; corrections show as the corrected values with their reasons.
 */
import { CommandInput, fiscalYearOf, wholeYearsBetween } from "@hr/kit";
import type { CapabilityBalance } from "./capability-balance";
import type { AssessorKind, CareerTrack, JobType, JobTypeChangeBasis } from "./code-lists";
import {
  type AssessmentRecord,
  activeAssessments,
  activeJobTypeChanges,
  type SkillProfileState,
} from "./skill-profile.state";
import { activeSteps, stepInEffect } from "./timeline";

export interface JobTypeHistoryEntry {
  changeId: string;
  fromJobType?: JobType;
  toJobType: JobType;
  effectiveDate: string;
  basis: JobTypeChangeBasis;
  basisDetail?: string;
  /** Reasons of the corrections made to this change, oldest first. */
  correctionReasons: string[];
}

export interface CurrentJobType {
  jobType: JobType;
  since: string;
  basis: JobTypeChangeBasis;
  basisDetail?: string;
  /** Whole years from `since` to the profile's `asOf` date. */
  wholeYears: number;
  /**
   * Which fiscal year in this job type `asOf` falls in: 1 in the fiscal year of `since`, 2 in the next, …
   * (e.g. overseas dispatch training is open to ICT staff "in their second year or later").
   */
  fiscalYearInJobType: number;
}

export interface SkillLevelView {
  skillId: string;
  /** The level of the latest assessment that counts (by assessment date; same day: the later recorded). */
  level: number;
  assessedOn: string;
  assessor: AssessorKind;
  /** Every assessment of this skill that counts, oldest first. */
  history: AssessmentRecord[];
}

export interface ProfileView {
  employeeId: string;
  asOf: string;
  jobType?: CurrentJobType;
  /** Changes effective on or before `asOf`, oldest first. */
  jobTypeHistory: JobTypeHistoryEntry[];
  /** Changes announced with an effective date after `asOf`. */
  scheduledJobTypeChanges: JobTypeHistoryEntry[];
  /** Sorted by skill id. */
  skills: SkillLevelView[];
  targetRole?: {
    targetRoleId: string;
    roleId: string;
    since: string;
    catalogueFiscalYear: number;
    catalogueRevision?: number;
    /** Reasons of the corrections made to the setting, oldest first. */
    correctionReasons: string[];
  };
  careerTrack?: { choiceId: string; track: CareerTrack; since: string; correctionReasons: string[] };
  /** Settings and clearings that count, by effective date, scheduled ones included: the ids to correct. */
  targetRoleHistory: {
    targetRoleId: string;
    roleId?: string;
    effectiveDate: string;
    correctionReasons: string[];
  }[];
  careerTrackHistory: {
    choiceId: string;
    track?: CareerTrack;
    effectiveDate: string;
    correctionReasons: string[];
  }[];
  /** Filled in by the query, which knows the skill map in force on `asOf`. */
  capabilityBalance?: CapabilityBalance;
}

/** The profile as of `asOf` (YYYY-MM-DD; ValidationError on `asOf` otherwise). */
export function profileView(
  state: SkillProfileState,
  asOf: string,
  employeeId = state.employeeId ?? "",
): ProfileView {
  new CommandInput().date("asOf", asOf).check();
  const history: JobTypeHistoryEntry[] = activeJobTypeChanges(state).map((change, i, all) => {
    const entry: JobTypeHistoryEntry = {
      changeId: change.changeId,
      toJobType: change.toJobType,
      effectiveDate: change.effectiveDate,
      basis: change.basis,
      correctionReasons: change.corrections.map((c) => c.reason),
    };
    const from = all[i - 1]?.toJobType;
    if (from !== undefined) entry.fromJobType = from;
    if (change.basisDetail !== undefined) entry.basisDetail = change.basisDetail;
    return entry;
  });
  const jobTypeHistory = history.filter((c) => c.effectiveDate <= asOf);
  const view: ProfileView = {
    employeeId,
    asOf,
    jobTypeHistory,
    scheduledJobTypeChanges: history.filter((c) => c.effectiveDate > asOf),
    skills: skillLevels(state, asOf),
    targetRoleHistory: activeSteps(state.targetRoles).map((r) => ({
      targetRoleId: r.targetRoleId,
      ...(r.roleId === undefined ? {} : { roleId: r.roleId }),
      effectiveDate: r.effectiveDate,
      correctionReasons: r.corrections.map((c) => c.reason),
    })),
    careerTrackHistory: activeSteps(state.careerTracks).map((c) => ({
      choiceId: c.choiceId,
      ...(c.track === undefined ? {} : { track: c.track }),
      effectiveDate: c.effectiveDate,
      correctionReasons: c.corrections.map((x) => x.reason),
    })),
  };
  const current = jobTypeHistory.at(-1);
  if (current) {
    view.jobType = {
      jobType: current.toJobType,
      since: current.effectiveDate,
      basis: current.basis,
      wholeYears: wholeYearsBetween(current.effectiveDate, asOf),
      fiscalYearInJobType: fiscalYearOf(asOf) - fiscalYearOf(current.effectiveDate) + 1,
    };
    if (current.basisDetail !== undefined) view.jobType.basisDetail = current.basisDetail;
  }
  // A clearing in effect means none.
  const target = stepInEffect(state.targetRoles, asOf);
  if (target?.roleId !== undefined) {
    view.targetRole = {
      targetRoleId: target.targetRoleId,
      roleId: target.roleId,
      since: target.effectiveDate,
      catalogueFiscalYear: target.catalogueFiscalYear ?? 0,
      ...(target.catalogueRevision === undefined ? {} : { catalogueRevision: target.catalogueRevision }),
      correctionReasons: target.corrections.map((c) => c.reason),
    };
  }
  const track = stepInEffect(state.careerTracks, asOf);
  if (track?.track !== undefined) {
    view.careerTrack = {
      choiceId: track.choiceId,
      track: track.track,
      since: track.effectiveDate,
      correctionReasons: track.corrections.map((c) => c.reason),
    };
  }
  return view;
}

function skillLevels(state: SkillProfileState, asOf: string): SkillLevelView[] {
  const bySkill = new Map<string, AssessmentRecord[]>();
  for (const assessment of activeAssessments(state)) {
    if (assessment.assessedOn > asOf) continue;
    bySkill.set(assessment.skillId, [...(bySkill.get(assessment.skillId) ?? []), assessment]);
  }
  return [...bySkill.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([skillId, history]) => {
      const latest = history.at(-1)!;
      return {
        skillId,
        level: latest.level,
        assessedOn: latest.assessedOn,
        assessor: latest.assessor,
        history,
      };
    });
}

/**
 * Level held per skill. With `assessors`, only assessments by those kinds count (e.g. leave out
 * self-assessments for a confirmed view); skills without such an assessment are left out.
 */
export function heldLevels(profile: ProfileView, assessors?: readonly AssessorKind[]): Map<string, number> {
  const levels = new Map<string, number>();
  for (const skill of profile.skills) {
    const counted = assessors ? skill.history.filter((a) => assessors.includes(a.assessor)) : skill.history;
    const latest = counted.at(-1);
    if (latest) levels.set(skill.skillId, latest.level);
  }
  return levels;
}
