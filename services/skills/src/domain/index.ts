/** The pure domain of the skills service: skill map, skill profile decider and its queries. */
export * from "./capability-balance";
export * from "./code-lists";
export * from "./default-catalogue";
export * from "./gap-report";
export * from "./limits";
export * from "./profile";
export * from "./role-coverage";
export * from "./skill-map";
export * from "./skill-map.events";
export * from "./skill-profile.commands";
export * from "./skill-profile.decider";
export * from "./skill-profile.events";
export * from "./skill-profile.reasons";
export * from "./skill-profile.state";
