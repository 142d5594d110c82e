/**
 * HR code lists of the skills service. Values equal the proto enum value names without their prefix
 * (`SELF` ↔ `ASSESSOR_KIND_SELF`), so the codec maps them in one line. Job types are a plain list
 * (proto `string`): replace or extend `JOB_TYPES` without touching the contract.
 */

/** Who assessed a skill level. */
export const ASSESSOR_KINDS = ["SELF", "MANAGER", "EXPERT", "CAREER_MENTOR"] as const;
export type AssessorKind = (typeof ASSESSOR_KINDS)[number];

/** The two capabilities ICT staff need: digital (技術力 DQ) and government/administrative (行政力 GQ). */
export const CAPABILITIES = ["DQ", "GQ"] as const;
export type Capability = (typeof CAPABILITIES)[number];

/**
 * Assessors who speak for one capability only (DOMAIN.md: expert staff support DQ, career mentors,
 * administrative managers, support GQ); the employee and their manager may assess either.
 */
export const ASSESSOR_CAPABILITY: Partial<Record<AssessorKind, Capability>> = {
  EXPERT: "DQ",
  CAREER_MENTOR: "GQ",
};

/** Job types (職種) of the metropolitan government, with their Japanese names. */
export const JOB_TYPES = {
  ICT: "ICT職",
  ADMINISTRATIVE: "事務",
  CIVIL_ENGINEERING: "土木",
  ARCHITECTURE: "建築",
  MECHANICAL: "機械",
  ELECTRICAL: "電気",
  LANDSCAPING: "造園",
  CHEMISTRY: "化学",
  ENVIRONMENTAL_INSPECTION: "環境検査",
  WELFARE: "福祉",
  PSYCHOLOGY: "心理",
  PUBLIC_HEALTH_NURSE: "保健師",
} as const satisfies Record<string, string>;
export type JobType = string;

/** Job types created later than the others: none can be held before its first fiscal year. */
export const JOB_TYPE_FIRST_FISCAL_YEAR: Readonly<Record<string, number>> = {
  ICT: 2021, // TMG created the ICT job type in FY2021 (first cohort April 2021)
};

/** Why a job type changed (職種変更の根拠). */
export const JOB_TYPE_CHANGE_BASES = [
  "PASSED_SELECTION",
  "QUALIFICATION",
  "HIRING",
  "REORGANISATION",
  "OTHER",
] as const;
export type JobTypeChangeBasis = (typeof JOB_TYPE_CHANGE_BASES)[number];

/** Bases that mean nothing without a detail, e.g. which qualification. */
export const BASES_REQUIRING_DETAIL: readonly JobTypeChangeBasis[] = ["QUALIFICATION", "OTHER"];

/** Career ladder (キャリアラダー) tracks. */
export const CAREER_TRACKS = ["MANAGEMENT", "SPECIALIST"] as const;
export type CareerTrack = (typeof CAREER_TRACKS)[number];

/**
 * Why a record was corrected or voided, as published (proto RecordChangeReason). The free-text reason
 * beside it stays in the service: no free text about a person on a shared topic.
 */
export const RECORD_CHANGE_REASONS = [
  "ENTRY_ERROR",
  "WRONG_EMPLOYEE",
  "DUPLICATE",
  "LATE_CHANGE",
  "OTHER",
] as const;
export type RecordChangeReason = (typeof RECORD_CHANGE_REASONS)[number];
