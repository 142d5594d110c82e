import { trainingV1 } from "@hr/proto";
import { describe, expect, it } from "vitest";
import * as lists from "../src/domain/code-lists";

/** Each domain code list is its proto enum without `*_UNSPECIFIED`: the wire, REST and gRPC spelling. */
const PAIRS: [readonly string[], Record<string, string>][] = [
  [lists.TRAINING_FORMS, trainingV1.TrainingForm],
  [lists.COURSE_PROVIDERS, trainingV1.CourseProvider],
  [lists.COMPLETION_SOURCES, trainingV1.CompletionSource],
  [lists.CORRECTION_REASONS, trainingV1.CorrectionReason],
  [lists.VOID_REASONS, trainingV1.VoidReason],
  [lists.NOMINATION_CANCEL_REASONS, trainingV1.NominationCancelReason],
  [lists.SURVEY_PHASES, trainingV1.SurveyPhase],
  [lists.SURVEY_ITEM_KINDS, trainingV1.SurveyItemKind],
  [lists.SUBSIDY_KINDS, trainingV1.SubsidyKind],
  [lists.SUBSIDY_REFUSAL_REASONS, trainingV1.SubsidyRefusalReason],
  [lists.TARGET_SEGMENTS, trainingV1.TargetSegment],
  [lists.COURSE_OWNERS, trainingV1.CourseOwner],
  [lists.DESTINATION_KINDS, trainingV1.DestinationKind],
  [lists.APPLICATION_KINDS, trainingV1.ApplicationKind],
  [lists.OVERSEAS_TRAINING_STEPS, trainingV1.OverseasTrainingStep],
  [lists.WITHDRAWAL_REASONS, trainingV1.WithdrawalReason],
  [lists.REJECTION_REASONS, trainingV1.RejectionReason],
  [lists.PUBLICATION_CHANNELS, trainingV1.PublicationChannel],
  [lists.STEP_HISTORY_ACTIONS, trainingV1.StepHistoryAction],
];

describe("code lists", () => {
  it.each(PAIRS.map(([list, values]) => [list[0], list, values] as const))(
    "%s… equals its proto enum",
    (_, list, values) => {
      const names = Object.values(values).filter((v) => !v.endsWith("_UNSPECIFIED") && v !== "UNRECOGNIZED");
      expect([...list]).toEqual(names);
    },
  );
});
