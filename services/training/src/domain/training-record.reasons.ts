/** Stable reason codes of RuleViolation for the training record (clients may switch on them). */
export const TRAINING_RECORD_RULES = {
  idAlreadyUsed: "ID_ALREADY_USED",
  dateInFuture: "DATE_IN_FUTURE",
  alreadyNominated: "ALREADY_NOMINATED",
  nominationCancelled: "NOMINATION_CANCELLED",
  nominationForOtherCourse: "NOMINATION_FOR_OTHER_COURSE",
  completionVoided: "COMPLETION_VOIDED",
  correctionChangesNothing: "CORRECTION_CHANGES_NOTHING",
  surveyAlreadyRecorded: "SURVEY_ALREADY_RECORDED",
  certificationAlreadyRecorded: "CERTIFICATION_ALREADY_RECORDED",
  certificationVoided: "CERTIFICATION_VOIDED",
  subsidyAlreadyRequested: "SUBSIDY_ALREADY_REQUESTED",
  subsidyAlreadyDecided: "SUBSIDY_ALREADY_DECIDED",
  decisionBeforeRequest: "DECISION_BEFORE_REQUEST",
} as const;
