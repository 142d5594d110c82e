import type fc from "fast-check";

/** The seed CI draws from, so a run before a merge predicts CI. */
const CI_SEED = 20261205;

/**
 * How many random cases a property test runs and from which seed: `RECORDS_PROPERTY_RUNS` for a longer run,
 * a fixed seed with `CI=true` (else a new one each run), `RECORDS_PROPERTY_SEED` and `RECORDS_PROPERTY_PATH`
 * to replay a failure from the seed and path fast-check prints with its counterexample.
 */
export function propertyRuns(runs: number): fc.Parameters<unknown> {
  const env = process.env;
  const seed = env.RECORDS_PROPERTY_SEED
    ? Number(env.RECORDS_PROPERTY_SEED)
    : env.CI === "true"
      ? CI_SEED
      : undefined;
  return {
    numRuns: Number(env.RECORDS_PROPERTY_RUNS) || runs,
    ...(seed === undefined ? {} : { seed }),
    ...(env.RECORDS_PROPERTY_PATH ? { path: env.RECORDS_PROPERTY_PATH } : {}),
  };
}
