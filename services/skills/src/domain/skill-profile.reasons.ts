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
} as const;

/** The target role's timeline (timeline.ts). */
export const TARGET_ROLE_RULES = {
  what: "target role",
  idAlreadyUsed: "TARGET_ROLE_ID_ALREADY_USED",
  unchanged: "TARGET_ROLE_UNCHANGED",
  predatesPrevious: "TARGET_ROLE_PREDATES_PREVIOUS",
  notSet: "TARGET_ROLE_NOT_SET",
  voided: "TARGET_ROLE_VOIDED",
  clearingHasNoValue: "TARGET_ROLE_CLEARING_HAS_NO_ROLE",
} as const;

/** The career track's timeline (timeline.ts). */
export const CAREER_TRACK_RULES = {
  what: "career track",
  idAlreadyUsed: "CAREER_TRACK_CHOICE_ID_ALREADY_USED",
  unchanged: "CAREER_TRACK_UNCHANGED",
  predatesPrevious: "CAREER_TRACK_PREDATES_PREVIOUS",
  notSet: "CAREER_TRACK_NOT_SET",
  voided: "CAREER_TRACK_CHOICE_VOIDED",
  clearingHasNoValue: "CAREER_TRACK_CLEARING_HAS_NO_TRACK",
} as const;

type Codes<T> = Exclude<T[keyof T], T extends { what: infer W } ? W : never>;

export type SkillProfileReason =
  | Codes<typeof ASSESSMENT_RULES>
  | Codes<typeof JOB_TYPE_RULES>
  | Codes<typeof PROFILE_RULES>
  | Codes<typeof TARGET_ROLE_RULES>
  | Codes<typeof CAREER_TRACK_RULES>;
