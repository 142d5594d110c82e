/**
 * A choice that holds from a date until the next one: the target role and the career track. Each setting
 * or clearing is a step with an id, which a correction or voiding names. The invariants are checked on the
 * steps that count as they would be after a command, so setting, clearing, correcting and voiding share
 * one rule set (as job type changes do, see job-type-history.ts):
 * - a clearing follows a setting (there is something to clear);
 * - each step changes the value (the same role or track twice in a row, or two clearings, say nothing).
 * A new step (a setting or a clearing) is moreover not dated before the step in effect: later news, not
 * history (which a correction rewrites, with a reason).
 */
import { RuleViolation } from "@hr/kit";
import { PROFILE_RULES } from "./skill-profile.reasons";
import type { Voiding } from "./skill-profile.state";

export interface TimelineStep {
  id: string;
  /** The role or track; undefined for a clearing. */
  value: string | undefined;
  effectiveDate: string;
  voided?: Voiding;
}

/** Reason codes and wording for one kind of choice. */
export interface TimelineRules {
  what: string;
  idAlreadyUsed: string;
  unchanged: string;
  predatesPrevious: string;
  notSet: string;
  voided: string;
  clearingHasNoValue: string;
}

/** Steps that count (not voided), by effective date; same-day ones in the order recorded. */
export function activeSteps<S extends { effectiveDate: string; voided?: Voiding }>(steps: readonly S[]): S[] {
  // Array.prototype.sort is stable.
  return steps
    .filter((s) => !s.voided)
    .sort((a, b) => (a.effectiveDate < b.effectiveDate ? -1 : a.effectiveDate > b.effectiveDate ? 1 : 0));
}

/** The step in effect on `asOf` (it may be a clearing), or undefined before the first. */
export function stepInEffect<S extends { effectiveDate: string; voided?: Voiding }>(
  steps: readonly S[],
  asOf: string,
): S | undefined {
  return activeSteps(steps)
    .filter((s) => s.effectiveDate <= asOf)
    .at(-1);
}

/** Throws a RuleViolation for the first step that breaks an invariant; `steps` in effective-date order. */
export function checkTimeline(steps: readonly TimelineStep[], rules: TimelineRules): void {
  steps.forEach((step, i) => {
    const previous = steps[i - 1];
    if (step.value === undefined && previous?.value === undefined) {
      throw new RuleViolation(
        rules.notSet,
        `${step.id} on ${step.effectiveDate} clears the ${rules.what}, but there is none to clear then`,
      );
    }
    if (previous && step.value === previous.value) {
      throw new RuleViolation(rules.unchanged, `the ${rules.what} is already ${step.value} (${previous.id})`);
    }
  });
}

/** Checks a new setting or clearing against the steps recorded so far. */
export function checkNewStep(
  recorded: readonly TimelineStep[],
  step: TimelineStep,
  rules: TimelineRules,
): void {
  if (recorded.some((s) => s.id === step.id)) {
    throw new RuleViolation(rules.idAlreadyUsed, `${rules.what} record ${step.id} already exists`);
  }
  const active = activeSteps(recorded);
  const current = active.at(-1);
  if (current && step.effectiveDate < current.effectiveDate) {
    throw new RuleViolation(
      rules.predatesPrevious,
      `a ${rules.what} record on ${step.effectiveDate} cannot predate the current one (since ${current.effectiveDate})`,
    );
  }
  checkTimeline([...active, step], rules);
}

/** The step `id` if it counts: NotFound-like absence is the caller's (it knows the noun); voided is a rule. */
export function liveStep<S extends TimelineStep>(
  steps: readonly S[],
  id: string,
  rules: TimelineRules,
): S | undefined {
  const step = steps.find((s) => s.id === id);
  if (step?.voided) throw new RuleViolation(rules.voided, `${rules.what} record ${id} was voided`);
  return step;
}

/**
 * Checks a correction of step `id` to `corrected` (value and date): a clearing stays a clearing, something
 * must change, and the steps that count must keep the invariants.
 */
export function checkCorrectedStep(
  recorded: readonly TimelineStep[],
  original: TimelineStep,
  corrected: TimelineStep,
  rules: TimelineRules,
): void {
  if (original.value === undefined && corrected.value !== undefined) {
    throw new RuleViolation(
      rules.clearingHasNoValue,
      `${original.id} is a clearing of the ${rules.what}: it has no value to correct (void it and set one)`,
    );
  }
  if (original.value === corrected.value && original.effectiveDate === corrected.effectiveDate) {
    throw new RuleViolation(
      PROFILE_RULES.correctionChangesNothing,
      `${rules.what} record ${original.id} already reads like that`,
    );
  }
  checkTimeline(activeSteps(recorded.map((s) => (s.id === original.id ? corrected : s))), rules);
}

/** Checks that voiding step `id` leaves steps that keep the invariants. */
export function checkVoidedStep(recorded: readonly TimelineStep[], id: string, rules: TimelineRules): void {
  checkTimeline(activeSteps(recorded.filter((s) => s.id !== id)), rules);
}
