import type fc from "fast-check";

/** The seed CI draws from, so a run before a merge predicts CI. */
const CI_SEED = 20261205;

/**
 * How many random cases a property test runs and from which seed: `runsVariable` (e.g.
 * `RECORDS_PROPERTY_RUNS`) for a longer run, a fixed seed with `CI=true` (else a new one each run),
 * `RECORDS_PROPERTY_SEED` and `RECORDS_PROPERTY_PATH` to replay a failure from the seed and path fast-check
 * prints with its counterexample. The seed is printed before the run too, so a run that is stopped (a
 * time-out, a hang) can be replayed as well.
 */
export function propertyRuns(
  name: string,
  runs: number,
  runsVariable = "RECORDS_PROPERTY_RUNS",
): fc.Parameters<unknown> {
  const env = process.env;
  const seed = env.RECORDS_PROPERTY_SEED
    ? Number(env.RECORDS_PROPERTY_SEED)
    : env.CI === "true"
      ? CI_SEED
      : // fast-check's own choice when given none, drawn here so it can be printed.
        (Date.now() ^ (Math.random() * 0x100000000)) | 0;
  const numRuns = Number(env[runsVariable]) || runs;
  console.info(
    `[${name}] ${numRuns} runs from seed ${seed} (replay: RECORDS_PROPERTY_SEED=${seed}; more: ${runsVariable}=<runs>)`,
  );
  return {
    numRuns,
    seed,
    ...(env.RECORDS_PROPERTY_PATH ? { path: env.RECORDS_PROPERTY_PATH } : {}),
  };
}
