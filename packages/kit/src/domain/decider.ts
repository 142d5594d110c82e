/**
 * A decider holds a stream's business rules as pure functions (Emmett style):
 * `decide` turns a command into events against the current state, or throws a DomainError;
 * `evolve` folds one event into the state. No I/O, no clocks: what a rule needs is in the command.
 */
export interface DomainEvent<Type extends string = string, Data extends EventData = EventData> {
  type: Type;
  data: Data;
}

/** Every event names the employee it is about and the day it counts for HR. */
export interface EventData {
  employeeId: string;
  /** YYYY-MM-DD: the day the fact takes effect; it decides the fiscal year. */
  effectiveDate: string;
}

export interface Decider<Command, Event extends DomainEvent, State> {
  initialState: () => State;
  decide: (command: Command, state: State) => Event[];
  evolve: (state: State, event: Event) => State;
}

export function fold<Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, "initialState" | "evolve">,
  events: readonly Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState());
}
