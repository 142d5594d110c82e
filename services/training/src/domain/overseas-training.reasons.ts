/** Stable reason codes of RuleViolation for the overseas dispatch training programme. */
export const OVERSEAS_TRAINING_RULES = {
  applicationExists: "APPLICATION_EXISTS",
  programmeYearNotConfigured: "PROGRAMME_YEAR_NOT_CONFIGURED",
  outsideApplicationWindow: "OUTSIDE_APPLICATION_WINDOW",
  notEligible: "NOT_ELIGIBLE",
  stepOutOfOrder: "STEP_OUT_OF_ORDER",
  capacityReached: "REJECTION_REASON_CAPACITY_REACHED",
  noAppointmentConfirmed: "NO_APPOINTMENT_CONFIRMED",
  dateBeforePreviousStep: "DATE_BEFORE_PREVIOUS_STEP",
  applicationEnded: "APPLICATION_ENDED",
  notAMember: "NOT_A_MEMBER",
  applicantListedAsMember: "APPLICANT_LISTED_AS_MEMBER",
  plannedDatesOutOfOrder: "PLANNED_DATES_OUT_OF_ORDER",
  applicationWindowInvalid: "APPLICATION_WINDOW_INVALID",
  dateInFuture: "DATE_IN_FUTURE",
  alreadyAppliedInYear: "ALREADY_APPLIED_IN_YEAR",
  notInvited: "NOT_INVITED",
} as const;
