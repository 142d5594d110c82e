import { MAX_ID_LENGTH } from "@hr/kit";

/**
 * Lengths the skill profile accepts, in characters (code points). The decider enforces them and the
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
} as const;
