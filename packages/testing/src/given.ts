// Given/when/then for a decider's unit tests (Emmett style): given past events, when a command, then
// these events, or this refusal. Pure: no store, no broker.
import { expect } from "vitest";

interface PureDecider<Command, Event, State> {
  initialState: () => State;
  decide: (command: Command, state: State) => Event[];
  evolve: (state: State, event: Event) => State;
}

/** What the kit's DomainError subclasses carry (structurally, so this package needs no kit). */
interface Refusal {
  kind: string;
  reason?: string;
  violations?: { field: string }[];
}

export function deciderSpec<Command, Event, State>(decider: PureDecider<Command, Event, State>) {
  const fold = (events: readonly Event[]) => events.reduce(decider.evolve, decider.initialState());

  /** Decides `command` against the state folded from `history`. */
  function given(history: readonly Event[]) {
    const state = fold(history);
    return {
      state,
      when: (command: Command) => {
        const decide = () => decider.decide(command, state);
        return {
          thenEvents: (expected: Event[]) => expect(decide()).toEqual(expected),
          thenRefused: (reason: string) => expect(refusal(decide)).toMatchObject({ reason }),
          thenInvalid: (...fields: string[]) =>
            expect(refusal(decide).violations?.map((v) => v.field)).toEqual(fields),
          thenNotFound: () => expect(refusal(decide).kind).toBe("not-found"),
          events: decide,
        };
      },
    };
  }

  /** The events a series of commands produce, each decided against the state before it. */
  function historyOf(...commands: Command[]): Event[] {
    const events: Event[] = [];
    for (const command of commands) events.push(...decider.decide(command, fold(events)));
    return events;
  }

  return { given, historyOf, fold };
}

function refusal(decide: () => unknown): Refusal {
  try {
    decide();
  } catch (error) {
    if (error instanceof Error && typeof (error as Partial<Refusal>).kind === "string") {
      return error as unknown as Refusal;
    }
    throw error;
  }
  throw new Error("expected the command to be refused, but it was accepted");
}
