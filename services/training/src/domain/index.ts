/** The pure domain of the training service: catalogue, training record decider, overseas dispatch training. */
export * from "./certification-catalogue";
export * from "./code-lists";
export * from "./course-catalogue";
export * from "./eligibility";
export * from "./optional";
export * from "./overseas-training.commands";
export * from "./overseas-training.decider";
export * from "./overseas-training.events";
export * from "./overseas-training.history";
export * from "./overseas-training.reasons";
export * from "./overseas-training.state";
export * from "./programme-year";
export * from "./training-record.commands";
export * from "./training-record.decider";
export * from "./training-record.events";
export * from "./training-record.reasons";
export * from "./training-record.state";
