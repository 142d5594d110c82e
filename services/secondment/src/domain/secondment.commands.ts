/**
 * Commands on one employee's secondments. The application fills in what a rule needs and the domain must
 * not fetch: the host's values on the relevant day (`host`), the length policy in force (`policy`), the
 * employee's hiring date (`hiredOn`, learnt from hr.skills.v1) and new ids.
 * Values come from the edge, so the decider re-checks their shape and throws ValidationError naming the field.
 */
import type { CancellationReason, CorrectionReason, EndReason, ExtensionReason } from "./code-lists";
import type { HostSnapshot } from "./host";
import type { LengthPolicy } from "./length-policy";
import type { Phase, Posts } from "./secondment.events";

interface AboutSecondment {
  employeeId: string;
  secondmentId: string;
}

/** The terms of a secondment as agreed with the host. */
export interface Terms extends Posts {
  host: HostSnapshot;
  plannedEndOn: string;
  yearPlan?: Phase[];
}

export interface AgreeSecondment extends AboutSecondment, Terms {
  type: "AgreeSecondment";
  plannedStartOn: string;
  agreedOn: string;
  policy: LengthPolicy;
}

/** Starts an agreed secondment; with `terms`, agrees it on the first day and starts it at once. */
export interface StartSecondment extends AboutSecondment {
  type: "StartSecondment";
  startsOn: string;
  terms?: Terms;
  /** The employee's hiring date, when known: gives the year of service at the start. */
  hiredOn?: string;
  policy: LengthPolicy;
}

export interface ExtendSecondment extends AboutSecondment {
  type: "ExtendSecondment";
  plannedEndOn: string;
  agreedOn: string;
  reason: ExtensionReason;
  policy: LengthPolicy;
}

/** Ends a running secondment; with `returnTo`, the return to that post follows the next day. */
export interface EndSecondment extends AboutSecondment {
  type: "EndSecondment";
  endedOn: string;
  reason: EndReason;
  returnTo?: { department: string; post: string };
}

export interface ReturnFromSecondment extends AboutSecondment {
  type: "ReturnFromSecondment";
  returnedOn: string;
  department: string;
  post: string;
}

export interface TransferEmployment extends AboutSecondment {
  type: "TransferEmployment";
  transferredOn: string;
  /** Id of the new transfer. */
  transferId: string;
}

export interface CancelSecondment extends AboutSecondment {
  type: "CancelSecondment";
  reason: CancellationReason;
}

/** Corrects recorded facts; omitted ones keep their value. `host` is the corrected host's values. */
export interface CorrectSecondment extends AboutSecondment, Partial<Posts> {
  type: "CorrectSecondment";
  startsOn?: string;
  plannedEndOn?: string;
  endedOn?: string;
  agreedOn?: string;
  host?: HostSnapshot;
  reason: CorrectionReason;
  policy: LengthPolicy;
  /** The employee's hiring date, when known: the year of service on the corrected first day. */
  hiredOn?: string;
}

/** Corrects the return after a secondment; omitted fields keep their value. */
export interface CorrectSecondmentReturn extends AboutSecondment {
  type: "CorrectSecondmentReturn";
  returnedOn?: string;
  department?: string;
  post?: string;
  reason: CorrectionReason;
}

export interface VoidSecondmentReturn extends AboutSecondment {
  type: "VoidSecondmentReturn";
  reason: CorrectionReason;
}

/** Voids the end (no return or transfer after it): the secondment runs again to its planned last day. */
export interface VoidSecondmentEnd extends AboutSecondment {
  type: "VoidSecondmentEnd";
  reason: CorrectionReason;
  policy: LengthPolicy;
}

/** Voids the latest extension in force: the planned last day before it is in force again. */
export interface VoidSecondmentExtension extends AboutSecondment {
  type: "VoidSecondmentExtension";
  reason: CorrectionReason;
  policy: LengthPolicy;
}

interface AboutTransfer {
  employeeId: string;
  transferId: string;
}

/** A transfer of employment (転籍) to `host` from a post, with no secondment before it. */
export interface RecordEmploymentTransfer extends AboutTransfer {
  type: "RecordEmploymentTransfer";
  host: HostSnapshot;
  transferredOn: string;
  fromDepartment: string;
  fromPost: string;
}

/** Corrects a transfer; omitted fields keep their value (host and post left: transfers from a post only). */
export interface CorrectEmploymentTransfer extends AboutTransfer {
  type: "CorrectEmploymentTransfer";
  transferredOn?: string;
  host?: HostSnapshot;
  fromDepartment?: string;
  fromPost?: string;
  reason: CorrectionReason;
}

export interface VoidEmploymentTransfer extends AboutTransfer {
  type: "VoidEmploymentTransfer";
  reason: CorrectionReason;
}

export type SecondmentCommand =
  | AgreeSecondment
  | StartSecondment
  | ExtendSecondment
  | EndSecondment
  | ReturnFromSecondment
  | TransferEmployment
  | CancelSecondment
  | CorrectSecondment
  | CorrectSecondmentReturn
  | VoidSecondmentReturn
  | VoidSecondmentEnd
  | VoidSecondmentExtension
  | RecordEmploymentTransfer
  | CorrectEmploymentTransfer
  | VoidEmploymentTransfer;
