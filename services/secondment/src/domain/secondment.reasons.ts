/** Stable reason codes of RuleViolation for secondments and hosts (clients may switch on them). */

export const SECONDMENT_RULES = {
  idAlreadyUsed: "SECONDMENT_ID_ALREADY_USED",
  overlap: "SECONDMENTS_OVERLAP",
  endBeforeStart: "END_BEFORE_START",
  agreedAfterStart: "AGREED_AFTER_START",
  longerThanStandard: "LONGER_THAN_STANDARD_LENGTH",
  longerThanMaximum: "LONGER_THAN_MAXIMUM_LENGTH",
  cancelled: "SECONDMENT_CANCELLED",
  alreadyStarted: "SECONDMENT_ALREADY_STARTED",
  notStarted: "SECONDMENT_NOT_STARTED",
  notRunning: "SECONDMENT_NOT_RUNNING",
  notEnded: "SECONDMENT_NOT_ENDED",
  alreadyFollowedUp: "SECONDMENT_ALREADY_FOLLOWED_UP",
  endAfterPlannedEnd: "END_AFTER_PLANNED_END",
  extensionNotLater: "EXTENSION_NOT_LATER",
  notAfterEnd: "NOT_AFTER_END",
  transferredOut: "EMPLOYEE_TRANSFERRED_OUT",
  openSecondmentsRemain: "OPEN_SECONDMENTS_REMAIN",
  correctionChangesNothing: "CORRECTION_CHANGES_NOTHING",
  correctionBreaksFollowUp: "CORRECTION_BREAKS_FOLLOW_UP",
  yearPlanOutOfPlace: "YEAR_PLAN_OUT_OF_PLACE",
  returnDuringSecondment: "RETURN_DURING_SECONDMENT",
  notReturned: "SECONDMENT_NOT_RETURNED",
  followedByTransfer: "SECONDMENT_FOLLOWED_BY_TRANSFER",
  transferBeforeSecondmentEnds: "TRANSFER_BEFORE_SECONDMENT_ENDS",
  transferVoided: "TRANSFER_VOIDED",
  transferFollowsSecondment: "TRANSFER_FOLLOWS_SECONDMENT",
  transferIdAlreadyUsed: "TRANSFER_ID_ALREADY_USED",
  notExtended: "SECONDMENT_NOT_EXTENDED",
  plannedEndCorrectedSince: "PLANNED_END_CORRECTED_SINCE",
} as const;

export const HOST_RULES = {
  alreadyRegistered: "HOST_ALREADY_REGISTERED",
  changeChangesNothing: "HOST_CHANGE_CHANGES_NOTHING",
  changePredatesLatest: "HOST_CHANGE_PREDATES_LATEST",
} as const;
