/**
 * Commands on one employee's skill profile. The application layer fills in what a rule needs and the
 * domain must not fetch: the skill map versions loaded (`catalogues`; the domain picks the one in force on
 * the relevant date) and `today` where a rule depends on it. Ids (`assessmentId`, `changeId`) are assigned
 * by the application before deciding.
 * Values come from the edge, so the decider re-checks their shape and throws ValidationError naming the field.
 */
import type {
  AssessorKind,
  CareerTrack,
  JobType,
  JobTypeChangeBasis,
  RecordChangeReason,
} from "./code-lists";
import type { SkillMap } from "./skill-map";

interface ProfileCommand {
  employeeId: string;
}

export interface RecordAssessment extends ProfileCommand {
  type: "RecordAssessment";
  assessmentId: string;
  skillId: string;
  level: number;
  assessor: AssessorKind;
  /** YYYY-MM-DD; not after `today`. */
  assessedOn: string;
  note?: string;
  /** YYYY-MM-DD in Japan, from the application's clock. */
  today: string;
  catalogues: readonly SkillMap[];
}

/** Fixes a wrong skill and/or level; the assessment keeps its date and assessor. */
export interface CorrectAssessment extends ProfileCommand {
  type: "CorrectAssessment";
  assessmentId: string;
  skillId?: string;
  level?: number;
  reason: string;
  /** Published instead of the text; default OTHER. */
  reasonCode?: RecordChangeReason;
  catalogues: readonly SkillMap[];
}

export interface VoidAssessment extends ProfileCommand {
  type: "VoidAssessment";
  assessmentId: string;
  reason: string;
  /** Published instead of the text; default OTHER. */
  reasonCode?: RecordChangeReason;
}

export interface SetTargetRole extends ProfileCommand {
  type: "SetTargetRole";
  targetRoleId: string;
  roleId: string;
  effectiveDate: string;
  catalogues: readonly SkillMap[];
}

export interface ClearTargetRole extends ProfileCommand {
  type: "ClearTargetRole";
  targetRoleId: string;
  effectiveDate: string;
}

/** Fixes a wrong target role setting (role and/or date) or clearing (date); omitted fields keep their value. */
export interface CorrectTargetRole extends ProfileCommand {
  type: "CorrectTargetRole";
  targetRoleId: string;
  roleId?: string;
  effectiveDate?: string;
  reason: string;
  /** Published instead of the text; default OTHER. */
  reasonCode?: RecordChangeReason;
  catalogues: readonly SkillMap[];
}

export interface VoidTargetRole extends ProfileCommand {
  type: "VoidTargetRole";
  targetRoleId: string;
  reason: string;
  /** Published instead of the text; default OTHER. */
  reasonCode?: RecordChangeReason;
}

export interface ChangeJobType extends ProfileCommand {
  type: "ChangeJobType";
  changeId: string;
  toJobType: JobType;
  /** May lie in the future: changes are announced before they take effect (e.g. on 1 April). */
  effectiveDate: string;
  basis: JobTypeChangeBasis;
  basisDetail?: string;
}

/** Fixes a wrong job type change; omitted fields keep their value. */
export interface CorrectJobTypeChange extends ProfileCommand {
  type: "CorrectJobTypeChange";
  changeId: string;
  toJobType?: JobType;
  effectiveDate?: string;
  basis?: JobTypeChangeBasis;
  basisDetail?: string;
  reason: string;
  /** Published instead of the text; default OTHER. */
  reasonCode?: RecordChangeReason;
}

export interface VoidJobTypeChange extends ProfileCommand {
  type: "VoidJobTypeChange";
  changeId: string;
  reason: string;
  /** Published instead of the text; default OTHER. */
  reasonCode?: RecordChangeReason;
}

export interface ChooseCareerTrack extends ProfileCommand {
  type: "ChooseCareerTrack";
  choiceId: string;
  track: CareerTrack;
  effectiveDate: string;
}

export interface ClearCareerTrack extends ProfileCommand {
  type: "ClearCareerTrack";
  choiceId: string;
  effectiveDate: string;
}

/** Fixes a wrong career track choice (track and/or date) or clearing (date); omitted fields keep their value. */
export interface CorrectCareerTrackChoice extends ProfileCommand {
  type: "CorrectCareerTrackChoice";
  choiceId: string;
  track?: CareerTrack;
  effectiveDate?: string;
  reason: string;
  /** Published instead of the text; default OTHER. */
  reasonCode?: RecordChangeReason;
}

export interface VoidCareerTrackChoice extends ProfileCommand {
  type: "VoidCareerTrackChoice";
  choiceId: string;
  reason: string;
  /** Published instead of the text; default OTHER. */
  reasonCode?: RecordChangeReason;
}

export type SkillProfileCommand =
  | RecordAssessment
  | CorrectAssessment
  | VoidAssessment
  | SetTargetRole
  | ChangeJobType
  | CorrectJobTypeChange
  | VoidJobTypeChange
  | ClearTargetRole
  | CorrectTargetRole
  | VoidTargetRole
  | ChooseCareerTrack
  | ClearCareerTrack
  | CorrectCareerTrackChoice
  | VoidCareerTrackChoice;
