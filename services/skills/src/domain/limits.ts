import { MAX_ID_LENGTH } from "@hr/kit";

/**
 * Lengths the skill profile accepts, in characters (code points), and list lengths. The decider enforces them and the
 * request schemas (REST, gRPC, OpenAPI) publish them: one source, so the documents never disagree.
 */
export const LIMITS = {
  /** Assessment, change, skill and role ids: the kit's limit, as every service has it (employee ids: 32). */
  id: MAX_ID_LENGTH,
  /** Why a record is corrected or voided. */
  reason: 500,
  /** The assessor's note on an assessment. */
  note: 1000,
  /** What a job type change's basis rests on, e.g. the qualification. */
  basisDetail: 200,
  /** Entries of a skill map's lists: far beyond the DX standard's 7 levels, 26 skills and 10 roles. */
  skillMap: { levels: 20, categories: 100, skills: 1000, roles: 200, requirements: 100 },
  /** Assessor kinds a query filters by (there are three). */
  assessorKinds: 10,
} as const;
