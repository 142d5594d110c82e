export * from "./domain/decider";
export * from "./domain/errors";
