/** @hr/testing's given/when/then, where a refusal's message can be checked too (it names the step). */
import { deciderSpec } from "@hr/testing";
import { expect } from "vitest";

interface PureDecider<C, E, S> {
  initialState: () => S;
  decide: (command: C, state: S) => E[];
  evolve: (state: S, event: E) => S;
}

export function givenFor<C, E, S>(decider: PureDecider<C, E, S>) {
  const spec = deciderSpec(decider);
  return (history: readonly E[]) => {
    const given = spec.given(history);
    return {
      ...given,
      when: (command: C) => {
        const then = given.when(command);
        return {
          ...then,
          thenRefused: (reason: string, message?: RegExp) => {
            then.thenRefused(reason);
            if (message) expect(then.events).toThrow(message);
          },
        };
      },
    };
  };
}
