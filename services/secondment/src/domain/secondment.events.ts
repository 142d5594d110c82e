/**
 * Events of an employee's secondment stream (topic `hr.secondment.v1`). Type names equal the proto message
 * names and data fields the proto fields in camelCase, so encoding is `Message.fromPartial(data)`; codes
 * are the proto enum names. `yearPlan` is stored but not published (the proto has no field for it).
 */
import type { DomainEvent, EventData } from "@hr/kit";
import type {
  CancellationReason,
  CorrectionReason,
  EndReason,
  ExtensionReason,
  HostKind,
  LengthLimit,
} from "./code-lists";

/** One phase of a host's year plan, e.g. network basics April to June. */
export interface Phase {
  name: string;
  startsOn: string;
  endsOn: string;
}

/** What every event of a secondment names: which one, and its host. */
interface SecondmentEventData extends EventData {
  secondmentId: string;
  hostId: string;
  hostKind: HostKind;
}

/** The posts of a secondment: at the host, and the home post kept meanwhile. */
export interface Posts {
  hostDepartment: string;
  hostTitle: string;
  homeDepartment: string;
  homePost: string;
}

/** `effectiveDate` is the day of the agreement. */
export interface SecondmentAgreedData extends SecondmentEventData, Posts {
  hostName: string;
  plannedStartOn: string;
  plannedEndOn: string;
  lengthWarnings: LengthLimit[];
  yearPlan: Phase[];
}

/** `effectiveDate` is the first day at the host. */
export interface SecondmentStartedData extends SecondmentEventData, Posts {
  hostName: string;
  startsOn: string;
  plannedEndOn: string;
  /** 入庁N年目 on the first day; absent when the hiring date is not known. */
  yearOfService?: number;
  lengthWarnings: LengthLimit[];
}

/** `effectiveDate` is the day the extension was agreed. */
export interface SecondmentExtendedData extends SecondmentEventData {
  previousPlannedEndOn: string;
  plannedEndOn: string;
  reasonCode: ExtensionReason;
  lengthWarnings: LengthLimit[];
}

/** `effectiveDate` is the last day at the host. */
export interface SecondmentEndedData extends SecondmentEventData {
  endedOn: string;
  reason: EndReason;
  startedOn: string;
}

/** `effectiveDate` is the first day in the post returned to. */
export interface SecondmentReturnedData extends SecondmentEventData {
  returnedOn: string;
  department: string;
  post: string;
}

/** `effectiveDate` is the first day employed by the host. */
export interface SecondmentTransferredOutData extends SecondmentEventData {
  transferredOn: string;
  hostName: string;
  /** Absent on transfers recorded before transfers had ids: the secondment id names them. */
  transferId?: string;
}

/** Corrected return (full values); `effectiveDate` is the first day in the post after the correction. */
export interface SecondmentReturnCorrectedData extends SecondmentReturnedData {
  reason: CorrectionReason;
}

/** `effectiveDate` is the first day of the voided return. */
export interface SecondmentReturnVoidedData extends SecondmentEventData {
  reason: CorrectionReason;
}

/** `effectiveDate` is the voided last day; the secondment runs again to `plannedEndOn`. */
export interface SecondmentEndVoidedData extends SecondmentEventData {
  voidedEndedOn: string;
  plannedEndOn: string;
  lengthWarnings: LengthLimit[];
  reason: CorrectionReason;
}

/** `effectiveDate` is the voided extension's agreement; `plannedEndOn` the one before it, in force again. */
export interface SecondmentExtensionVoidedData extends SecondmentEventData {
  voidedPlannedEndOn: string;
  plannedEndOn: string;
  lengthWarnings: LengthLimit[];
  reason: CorrectionReason;
}

/** What every event of a transfer of employment names: which one, and its host. */
interface TransferEventData extends EventData {
  transferId: string;
  hostId: string;
  hostKind: HostKind;
}

/** A transfer of employment (転籍) from a post; `effectiveDate` is the first day employed by the host. */
export interface EmploymentTransferredData extends TransferEventData {
  transferredOn: string;
  hostName: string;
  fromDepartment: string;
  fromPost: string;
}

/** Full values after the correction; `effectiveDate` is the first day employed by the host. */
export interface EmploymentTransferCorrectedData extends EmploymentTransferredData {
  /** The secondment the transfer follows; empty for a transfer from a post. */
  secondmentId: string;
  reason: CorrectionReason;
}

/** `effectiveDate` is the first day of the voided transfer. */
export interface EmploymentTransferVoidedData extends TransferEventData {
  secondmentId: string;
  reason: CorrectionReason;
}

/** `effectiveDate` is the cancelled secondment's (planned) first day. */
export interface SecondmentCancelledData extends SecondmentEventData {
  reasonCode: CancellationReason;
}

/**
 * Full values after the correction; `effectiveDate` is the first day after it. Host, posts and agreement
 * are absent on events recorded before they could be corrected (unchanged then).
 */
export interface SecondmentCorrectedData extends SecondmentEventData, Partial<Posts> {
  reason: CorrectionReason;
  startsOn: string;
  plannedEndOn: string;
  endedOn?: string;
  lengthWarnings: LengthLimit[];
  hostName?: string;
  agreedOn?: string;
  /** 入庁N年目 on the corrected first day, from the hiring date known when recorded. */
  yearOfService?: number;
}

export type SecondmentAgreed = DomainEvent<"SecondmentAgreed", SecondmentAgreedData>;
export type SecondmentStarted = DomainEvent<"SecondmentStarted", SecondmentStartedData>;
export type SecondmentExtended = DomainEvent<"SecondmentExtended", SecondmentExtendedData>;
export type SecondmentEnded = DomainEvent<"SecondmentEnded", SecondmentEndedData>;
export type SecondmentReturned = DomainEvent<"SecondmentReturned", SecondmentReturnedData>;
export type SecondmentTransferredOut = DomainEvent<"SecondmentTransferredOut", SecondmentTransferredOutData>;
export type SecondmentCancelled = DomainEvent<"SecondmentCancelled", SecondmentCancelledData>;
export type SecondmentCorrected = DomainEvent<"SecondmentCorrected", SecondmentCorrectedData>;
export type SecondmentReturnCorrected = DomainEvent<
  "SecondmentReturnCorrected",
  SecondmentReturnCorrectedData
>;
export type SecondmentReturnVoided = DomainEvent<"SecondmentReturnVoided", SecondmentReturnVoidedData>;
export type SecondmentEndVoided = DomainEvent<"SecondmentEndVoided", SecondmentEndVoidedData>;
export type SecondmentExtensionVoided = DomainEvent<
  "SecondmentExtensionVoided",
  SecondmentExtensionVoidedData
>;
export type EmploymentTransferred = DomainEvent<"EmploymentTransferred", EmploymentTransferredData>;
export type EmploymentTransferCorrected = DomainEvent<
  "EmploymentTransferCorrected",
  EmploymentTransferCorrectedData
>;
export type EmploymentTransferVoided = DomainEvent<"EmploymentTransferVoided", EmploymentTransferVoidedData>;

export type SecondmentEvent =
  | SecondmentAgreed
  | SecondmentStarted
  | SecondmentExtended
  | SecondmentEnded
  | SecondmentReturned
  | SecondmentTransferredOut
  | SecondmentCancelled
  | SecondmentCorrected
  | SecondmentReturnCorrected
  | SecondmentReturnVoided
  | SecondmentEndVoided
  | SecondmentExtensionVoided
  | EmploymentTransferred
  | EmploymentTransferCorrected
  | EmploymentTransferVoided;

export const SECONDMENT_EVENT_TYPES = [
  "SecondmentAgreed",
  "SecondmentStarted",
  "SecondmentExtended",
  "SecondmentEnded",
  "SecondmentReturned",
  "SecondmentTransferredOut",
  "SecondmentCancelled",
  "SecondmentCorrected",
  "SecondmentReturnCorrected",
  "SecondmentReturnVoided",
  "SecondmentEndVoided",
  "SecondmentExtensionVoided",
  "EmploymentTransferred",
  "EmploymentTransferCorrected",
  "EmploymentTransferVoided",
] as const satisfies readonly SecondmentEvent["type"][];
