export * from "./domain/decider";
export * from "./domain/errors";
export * from "./domain/dates";
