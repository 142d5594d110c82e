/**
 * Code lists of the secondment service. Values are the proto enum names of hr.secondment.v1
 * (`HOST_KIND_PRIVATE_FIRM`), so the domain, the events, gRPC and REST all spell a code the same way and
 * nothing maps between them.
 */

/** Kind of host organisation (派遣先); decides which length policy applies. */
export const HOST_KINDS = [
  "HOST_KIND_PRIVATE_FIRM",
  "HOST_KIND_GOVTECH_TOKYO",
  "HOST_KIND_DIGITAL_AGENCY",
  "HOST_KIND_AFFILIATED_BODY",
  "HOST_KIND_PUBLIC_INTEREST_BODY",
  "HOST_KIND_OTHER_PUBLIC_BODY",
  "HOST_KIND_OTHER",
] as const;
export type HostKind = (typeof HOST_KINDS)[number];

export const END_REASONS = ["END_REASON_COMPLETED", "END_REASON_EARLY_RETURN", "END_REASON_OTHER"] as const;
export type EndReason = (typeof END_REASONS)[number];

export const EXTENSION_REASONS = [
  "EXTENSION_REASON_HOST_REQUEST",
  "EXTENSION_REASON_PROJECT_CONTINUED",
  "EXTENSION_REASON_RENEWAL",
  "EXTENSION_REASON_OTHER",
] as const;
export type ExtensionReason = (typeof EXTENSION_REASONS)[number];

export const CANCELLATION_REASONS = [
  "CANCELLATION_REASON_WITHDRAWN",
  "CANCELLATION_REASON_HOST_WITHDREW",
  "CANCELLATION_REASON_EMPLOYEE_CIRCUMSTANCES",
  "CANCELLATION_REASON_RECORDED_IN_ERROR",
  "CANCELLATION_REASON_OTHER",
] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];

/** The one cancellation that may come after the start: the secondment never happened. */
export const RECORDED_IN_ERROR: CancellationReason = "CANCELLATION_REASON_RECORDED_IN_ERROR";

export const CORRECTION_REASONS = [
  "CORRECTION_REASON_CLERICAL_ERROR",
  "CORRECTION_REASON_DATE_CHANGED",
  "CORRECTION_REASON_OTHER",
] as const;
export type CorrectionReason = (typeof CORRECTION_REASONS)[number];

/** Limits of the length policy a secondment may go beyond with a warning. */
export const LENGTH_LIMITS = ["LENGTH_LIMIT_STANDARD", "LENGTH_LIMIT_MAXIMUM"] as const;
export type LengthLimit = (typeof LENGTH_LIMITS)[number];

/** Lengths the domain accepts (the request schemas say the same). */
export const LIMITS = {
  /** Names of hosts, departments, posts, titles and year-plan phases. */
  text: 200,
  phases: 12,
} as const;
