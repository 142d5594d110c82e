/** Given/when/then over a decider (pure: no store, no broker). */
import { type Decider, type DomainEvent, fold, NotFoundError, RuleViolation, ValidationError } from "@hr/kit";
import { expect } from "vitest";

export function givenFor<C, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
  return (history: E[]) => {
    const state = fold(decider, history);
    return {
      state,
      when(command: C) {
        const run = () => decider.decide(command, state);
        return {
          events: run,
          thenEvents(expected: E[]) {
            expect(run()).toEqual(expected);
          },
          thenInvalid(...fields: string[]) {
            const error = catchError(run);
            expect(error).toBeInstanceOf(ValidationError);
            expect((error as ValidationError).violations.map((v) => v.field)).toEqual(
              expect.arrayContaining(fields),
            );
          },
          thenRefused(reason: string, message?: RegExp) {
            const error = catchError(run);
            expect(error).toBeInstanceOf(RuleViolation);
            expect((error as RuleViolation).reason).toBe(reason);
            if (message) expect((error as Error).message).toMatch(message);
          },
          thenNotFound() {
            expect(catchError(run)).toBeInstanceOf(NotFoundError);
          },
        };
      },
    };
  };
}

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected the command to be refused, but it was decided");
}
