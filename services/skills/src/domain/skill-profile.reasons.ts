/** Stable reason codes of RuleViolation for the skill profile (clients may switch on them). */

export const ASSESSMENT_RULES = {
  idAlreadyUsed: "ASSESSMENT_ID_ALREADY_USED",
  dateInFuture: "ASSESSMENT_DATE_IN_FUTURE",
  voided: "ASSESSMENT_VOIDED",
  skillNotOnMap: "SKILL_NOT_ON_SKILL_MAP",
  levelNotOnScale: "LEVEL_NOT_ON_SCALE",
  assessorOutsideCapability: "ASSESSOR_OUTSIDE_CAPABILITY",
} as const;

export const JOB_TYPE_RULES = {
  idAlreadyUsed: "JOB_TYPE_CHANGE_ID_ALREADY_USED",
  unchanged: "JOB_TYPE_UNCHANGED",
  predatesPrevious: "JOB_TYPE_CHANGE_PREDATES_PREVIOUS",
  hiringNotFirst: "HIRING_ONLY_FIRST_JOB_TYPE",
  voided: "JOB_TYPE_CHANGE_VOIDED",
  basisDetailRequired: "BASIS_DETAIL_REQUIRED",
  jobTypeNotYetCreated: "JOB_TYPE_NOT_YET_CREATED",
} as const;

export const PROFILE_RULES = {
  noCatalogueInForce: "NO_SKILL_MAP_IN_FORCE",
  roleNotOnMap: "ROLE_NOT_ON_SKILL_MAP",
  correctionChangesNothing: "CORRECTION_CHANGES_NOTHING",
  targetRoleUnchanged: "TARGET_ROLE_UNCHANGED",
  targetRolePredatesPrevious: "TARGET_ROLE_PREDATES_PREVIOUS",
  careerTrackUnchanged: "CAREER_TRACK_UNCHANGED",
  careerTrackPredatesPrevious: "CAREER_TRACK_PREDATES_PREVIOUS",
} as const;

export type SkillProfileReason =
  | (typeof ASSESSMENT_RULES)[keyof typeof ASSESSMENT_RULES]
  | (typeof JOB_TYPE_RULES)[keyof typeof JOB_TYPE_RULES]
  | (typeof PROFILE_RULES)[keyof typeof PROFILE_RULES];
