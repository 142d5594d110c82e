/**
 * Events of an employee's skill profile stream (topic `hr.skills.v1`). Type names equal the proto message
 * names; data field names equal the proto fields in camelCase, so encoding is `Message.fromPartial(data)`.
 * `effectiveDate` is the day the fact counts for HR and decides its fiscal year.
 */
import type { DomainEvent, EventData } from "@hr/kit";
import type {
  AssessorKind,
  CareerTrack,
  JobType,
  JobTypeChangeBasis,
  RecordChangeReason,
} from "./code-lists";

/** A skill level was assessed; `effectiveDate` is the assessment date. */
export interface SkillAssessedData extends EventData {
  assessmentId: string;
  skillId: string;
  level: number;
  assessor: AssessorKind;
  /** The skill map version (its fiscal year) the skill and level refer to. */
  catalogueFiscalYear: number;
  /** Its revision within the year; absent on events recorded before revisions were. */
  catalogueRevision?: number;
  note?: string;
}

/** An assessment was wrong; it now reads as below (full values, not a delta). */
export interface SkillAssessmentCorrectedData extends EventData {
  assessmentId: string;
  skillId: string;
  level: number;
  catalogueFiscalYear: number;
  catalogueRevision?: number;
  /** Kept in the store for GetProfile; not in the published message. */
  reason: string;
  reasonCode: RecordChangeReason;
}

/** An assessment never counted (e.g. recorded for the wrong person). `effectiveDate` is its date. */
export interface SkillAssessmentVoidedData extends EventData {
  assessmentId: string;
  /** Kept in the store for GetProfile; not in the published message. */
  reason: string;
  reasonCode: RecordChangeReason;
}

export interface TargetRoleSetData extends EventData {
  /** Absent on events recorded before ids existed (state.ts gives them one by position). */
  targetRoleId?: string;
  roleId: string;
  catalogueFiscalYear: number;
  catalogueRevision?: number;
}

/** No target role from `effectiveDate`. */
export interface TargetRoleClearedData extends EventData {
  targetRoleId: string;
}

/** A target role setting or clearing now reads as below; `replaced*` is how it read before. */
export interface TargetRoleCorrectedData extends EventData {
  targetRoleId: string;
  /** Absent for a clearing. */
  roleId?: string;
  catalogueFiscalYear?: number;
  catalogueRevision?: number;
  /** Kept in the store for GetProfile; not in the published message. */
  reason: string;
  reasonCode: RecordChangeReason;
  replacedEffectiveDate: string;
  replacedRoleId?: string;
}

/** A target role setting or clearing never counted. `effectiveDate` is the date it had. */
export interface TargetRoleVoidedData extends EventData {
  targetRoleId: string;
  /** Kept in the store for GetProfile; not in the published message. */
  reason: string;
  reasonCode: RecordChangeReason;
}

/** The employee's job type (職種) changed; no `fromJobType` on the first recorded one (e.g. hiring). */
export interface JobTypeChangedData extends EventData {
  changeId: string;
  fromJobType?: JobType;
  toJobType: JobType;
  basis: JobTypeChangeBasis;
  /** e.g. the qualification "Registered Information Security Specialist". */
  basisDetail?: string;
}

/** A job type change was wrong; it now reads as below. `fromJobType` is as it follows from the history. */
export interface JobTypeChangeCorrectedData extends EventData {
  changeId: string;
  fromJobType?: JobType;
  toJobType: JobType;
  basis: JobTypeChangeBasis;
  basisDetail?: string;
  /** Kept in the store for GetProfile; not in the published message. */
  reason: string;
  reasonCode: RecordChangeReason;
  /** What the correction replaces, so consumers need no history of their own to move the fact. */
  replacedEffectiveDate: string;
  replacedFromJobType?: JobType;
  replacedToJobType: JobType;
  replacedBasis: JobTypeChangeBasis;
  replacedBasisDetail?: string;
}

/** A job type change never happened. `effectiveDate` is the date it had. */
export interface JobTypeChangeVoidedData extends EventData {
  changeId: string;
  /** Kept in the store for GetProfile; not in the published message. */
  reason: string;
  reasonCode: RecordChangeReason;
}

export interface CareerTrackChosenData extends EventData {
  /** Absent on events recorded before ids existed (state.ts gives them one by position). */
  choiceId?: string;
  track: CareerTrack;
}

/** On no career track from `effectiveDate`. */
export interface CareerTrackClearedData extends EventData {
  choiceId: string;
}

/** A career track choice or clearing now reads as below; `replaced*` is how it read before. */
export interface CareerTrackChoiceCorrectedData extends EventData {
  choiceId: string;
  /** Absent for a clearing. */
  track?: CareerTrack;
  /** Kept in the store for GetProfile; not in the published message. */
  reason: string;
  reasonCode: RecordChangeReason;
  replacedEffectiveDate: string;
  replacedTrack?: CareerTrack;
}

/** A career track choice or clearing never counted. `effectiveDate` is the date it had. */
export interface CareerTrackChoiceVoidedData extends EventData {
  choiceId: string;
  /** Kept in the store for GetProfile; not in the published message. */
  reason: string;
  reasonCode: RecordChangeReason;
}

export type SkillAssessed = DomainEvent<"SkillAssessed", SkillAssessedData>;
export type SkillAssessmentCorrected = DomainEvent<"SkillAssessmentCorrected", SkillAssessmentCorrectedData>;
export type SkillAssessmentVoided = DomainEvent<"SkillAssessmentVoided", SkillAssessmentVoidedData>;
export type TargetRoleSet = DomainEvent<"TargetRoleSet", TargetRoleSetData>;
export type JobTypeChanged = DomainEvent<"JobTypeChanged", JobTypeChangedData>;
export type JobTypeChangeCorrected = DomainEvent<"JobTypeChangeCorrected", JobTypeChangeCorrectedData>;
export type JobTypeChangeVoided = DomainEvent<"JobTypeChangeVoided", JobTypeChangeVoidedData>;
export type CareerTrackChosen = DomainEvent<"CareerTrackChosen", CareerTrackChosenData>;
export type TargetRoleCleared = DomainEvent<"TargetRoleCleared", TargetRoleClearedData>;
export type TargetRoleCorrected = DomainEvent<"TargetRoleCorrected", TargetRoleCorrectedData>;
export type TargetRoleVoided = DomainEvent<"TargetRoleVoided", TargetRoleVoidedData>;
export type CareerTrackCleared = DomainEvent<"CareerTrackCleared", CareerTrackClearedData>;
export type CareerTrackChoiceCorrected = DomainEvent<
  "CareerTrackChoiceCorrected",
  CareerTrackChoiceCorrectedData
>;
export type CareerTrackChoiceVoided = DomainEvent<"CareerTrackChoiceVoided", CareerTrackChoiceVoidedData>;

export type SkillProfileEvent =
  | SkillAssessed
  | SkillAssessmentCorrected
  | SkillAssessmentVoided
  | TargetRoleSet
  | JobTypeChanged
  | JobTypeChangeCorrected
  | JobTypeChangeVoided
  | CareerTrackChosen
  | TargetRoleCleared
  | TargetRoleCorrected
  | TargetRoleVoided
  | CareerTrackCleared
  | CareerTrackChoiceCorrected
  | CareerTrackChoiceVoided;

export const SKILL_PROFILE_EVENT_TYPES = [
  "SkillAssessed",
  "SkillAssessmentCorrected",
  "SkillAssessmentVoided",
  "TargetRoleSet",
  "JobTypeChanged",
  "JobTypeChangeCorrected",
  "JobTypeChangeVoided",
  "CareerTrackChosen",
  "TargetRoleCleared",
  "TargetRoleCorrected",
  "TargetRoleVoided",
  "CareerTrackCleared",
  "CareerTrackChoiceCorrected",
  "CareerTrackChoiceVoided",
] as const satisfies readonly SkillProfileEvent["type"][];
