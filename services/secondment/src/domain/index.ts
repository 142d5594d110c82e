/** The pure domain of the secondment service: hosts, the length policy and the secondment decider. */
export * from "./code-lists";
export * from "./hiring-date";
export * from "./host";
export * from "./length-policy";
export * from "./secondment.commands";
export * from "./secondment.decider";
export * from "./secondment.events";
export * from "./secondment.reasons";
export * from "./secondment.state";
export * from "./secondment.view";
