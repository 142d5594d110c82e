/**
 * State of one employee's secondments, folded from their stream. Plain data (arrays, no Maps), so the
 * read model can store it as it is. Statuses are the proto `SecondmentStatus` names.
 */
import type {
  CancellationReason,
  CorrectionReason,
  EndReason,
  ExtensionReason,
  LengthLimit,
} from "./code-lists";
import type { HostSnapshot } from "./host";
import type { Phase, Posts, SecondmentEvent } from "./secondment.events";

export type SecondmentStatus =
  | "SECONDMENT_STATUS_PLANNED"
  | "SECONDMENT_STATUS_ACTIVE"
  | "SECONDMENT_STATUS_ENDED"
  | "SECONDMENT_STATUS_RETURNED"
  | "SECONDMENT_STATUS_TRANSFERRED_OUT"
  | "SECONDMENT_STATUS_CANCELLED";

export interface SecondmentRecord extends Posts {
  secondmentId: string;
  employeeId: string;
  status: SecondmentStatus;
  host: HostSnapshot;
  agreedOn: string;
  /** First day at the host: the planned one until started, then the actual one. */
  startsOn: string;
  plannedEndOn: string;
  endedOn?: string;
  endReason?: EndReason;
  returnedOn?: string;
  returnedTo?: { department: string; post: string };
  transferredOn?: string;
  cancellationReason?: CancellationReason;
  yearPlan: Phase[];
  lengthWarnings: LengthLimit[];
  correctionReasons: CorrectionReason[];
  /** Reasons of the extensions in force, oldest first. */
  extensionReasons: ExtensionReason[];
  /** The extensions in force, oldest first (absent in states stored before extensions could be voided). */
  extensions?: Extension[];
}

/** An extension in force: agreed on `agreedOn`, it moved the planned end from `previousPlannedEndOn`. */
export interface Extension {
  agreedOn: string;
  previousPlannedEndOn: string;
  plannedEndOn: string;
}

/** A transfer of employment (転籍): from a post, or at the end of `secondmentId`. */
export interface EmploymentTransferRecord {
  transferId: string;
  employeeId: string;
  transferredOn: string;
  host: HostSnapshot;
  /** Empty for a transfer at the end of a secondment. */
  fromDepartment: string;
  fromPost: string;
  secondmentId?: string;
  voided: boolean;
  correctionReasons: CorrectionReason[];
  voidReason?: CorrectionReason;
}

export interface SecondmentsState {
  /** In the order they were agreed. */
  secondments: SecondmentRecord[];
  /** In the order they were recorded; at most one not voided. */
  transfers: EmploymentTransferRecord[];
}

export const initialSecondmentsState = (): SecondmentsState => ({ secondments: [], transfers: [] });

/** The transfer of employment in force (not voided): the employee left the service on its date. */
export function transferInForce(state: SecondmentsState): EmploymentTransferRecord | undefined {
  // States stored before transfers had their own list have none.
  return (state.transfers ?? []).find((t) => !t.voided);
}

export function findTransfer(state: SecondmentsState, transferId: string) {
  return (state.transfers ?? []).find((t) => t.transferId === transferId);
}

/** The record without the follow-up (return or transfer) after its end: ended again. */
function withoutFollowUp(record: SecondmentRecord): SecondmentRecord {
  const { returnedOn: _r, returnedTo: _t, transferredOn: _o, ...rest } = record;
  return { ...rest, status: "SECONDMENT_STATUS_ENDED" };
}

export function findSecondment(state: SecondmentsState, secondmentId: string): SecondmentRecord | undefined {
  return state.secondments.find((s) => s.secondmentId === secondmentId);
}

/** The days a secondment occupies: from its first day to its actual (else planned) last day. */
export function spanOf(record: SecondmentRecord): { startsOn: string; endsOn: string } {
  return { startsOn: record.startsOn, endsOn: record.endedOn ?? record.plannedEndOn };
}

export function evolveSecondments(state: SecondmentsState, event: SecondmentEvent): SecondmentsState {
  const transfers = state.transfers ?? [];
  /** Replaces the secondment `secondmentId` (if any) by what `next` makes of it. */
  const updateSecondment = (
    secondmentId: string | undefined,
    next: (record: SecondmentRecord) => SecondmentRecord,
  ) => ({
    ...state,
    secondments: state.secondments.map((s) => (s.secondmentId === secondmentId ? next(s) : s)),
  });
  const update = (changes: (record: SecondmentRecord) => Partial<SecondmentRecord>) =>
    updateSecondment("secondmentId" in event.data ? event.data.secondmentId : undefined, (s) => ({
      ...s,
      ...changes(s),
    }));
  const updateTransfer = (
    transferId: string,
    changes: (t: EmploymentTransferRecord) => Partial<EmploymentTransferRecord>,
  ) => transfers.map((t) => (t.transferId === transferId ? { ...t, ...changes(t) } : t));
  switch (event.type) {
    case "SecondmentAgreed": {
      const d = event.data;
      const record: SecondmentRecord = {
        secondmentId: d.secondmentId,
        employeeId: d.employeeId,
        status: "SECONDMENT_STATUS_PLANNED",
        host: { hostId: d.hostId, kind: d.hostKind, name: d.hostName },
        hostDepartment: d.hostDepartment,
        hostTitle: d.hostTitle,
        homeDepartment: d.homeDepartment,
        homePost: d.homePost,
        agreedOn: d.effectiveDate,
        startsOn: d.plannedStartOn,
        plannedEndOn: d.plannedEndOn,
        // The topic does not carry the year plan: folded from it, a secondment has none.
        yearPlan: d.yearPlan ?? [],
        lengthWarnings: d.lengthWarnings,
        correctionReasons: [],
        extensionReasons: [],
      };
      return { ...state, secondments: [...state.secondments, record] };
    }
    case "SecondmentStarted": {
      const { startsOn, plannedEndOn, lengthWarnings } = event.data;
      return update(() => ({ status: "SECONDMENT_STATUS_ACTIVE", startsOn, plannedEndOn, lengthWarnings }));
    }
    case "SecondmentExtended": {
      const { plannedEndOn, previousPlannedEndOn, lengthWarnings, reasonCode } = event.data;
      const extension = { agreedOn: event.data.effectiveDate, previousPlannedEndOn, plannedEndOn };
      return update((s) => ({
        plannedEndOn,
        lengthWarnings,
        extensionReasons: [...s.extensionReasons, reasonCode],
        extensions: [...(s.extensions ?? []), extension],
      }));
    }
    case "SecondmentExtensionVoided": {
      const { plannedEndOn, lengthWarnings, reason } = event.data;
      return update((s) => ({
        plannedEndOn,
        lengthWarnings,
        extensionReasons: s.extensionReasons.slice(0, -1),
        extensions: (s.extensions ?? []).slice(0, -1),
        correctionReasons: [...s.correctionReasons, reason],
      }));
    }
    case "SecondmentEndVoided": {
      const { plannedEndOn, lengthWarnings, reason } = event.data;
      return updateSecondment(event.data.secondmentId, (s) => {
        const { endedOn: _e, endReason: _r, ...running } = s;
        return {
          ...running,
          status: "SECONDMENT_STATUS_ACTIVE",
          plannedEndOn,
          lengthWarnings,
          correctionReasons: [...s.correctionReasons, reason],
        };
      });
    }
    case "SecondmentEnded":
      return update(() => ({
        status: "SECONDMENT_STATUS_ENDED",
        endedOn: event.data.endedOn,
        endReason: event.data.reason,
      }));
    case "SecondmentReturned": {
      const { returnedOn, department, post } = event.data;
      return update(() => ({
        status: "SECONDMENT_STATUS_RETURNED",
        returnedOn,
        returnedTo: { department, post },
      }));
    }
    case "SecondmentTransferredOut": {
      const d = event.data;
      const transfer: EmploymentTransferRecord = {
        transferId: d.transferId || d.secondmentId,
        employeeId: d.employeeId,
        transferredOn: d.transferredOn,
        host: { hostId: d.hostId, kind: d.hostKind, name: d.hostName },
        fromDepartment: "",
        fromPost: "",
        secondmentId: d.secondmentId,
        voided: false,
        correctionReasons: [],
      };
      return {
        ...update(() => ({ status: "SECONDMENT_STATUS_TRANSFERRED_OUT", transferredOn: d.transferredOn })),
        transfers: [...transfers, transfer],
      };
    }
    case "SecondmentReturnCorrected": {
      const { returnedOn, department, post, reason } = event.data;
      return update((s) => ({
        returnedOn,
        returnedTo: { department, post },
        correctionReasons: [...s.correctionReasons, reason],
      }));
    }
    case "SecondmentReturnVoided":
      return updateSecondment(event.data.secondmentId, (s) => ({
        ...withoutFollowUp(s),
        correctionReasons: [...s.correctionReasons, event.data.reason],
      }));
    case "EmploymentTransferred": {
      const d = event.data;
      const transfer: EmploymentTransferRecord = {
        transferId: d.transferId,
        employeeId: d.employeeId,
        transferredOn: d.transferredOn,
        host: { hostId: d.hostId, kind: d.hostKind, name: d.hostName },
        fromDepartment: d.fromDepartment,
        fromPost: d.fromPost,
        voided: false,
        correctionReasons: [],
      };
      return { ...state, transfers: [...transfers, transfer] };
    }
    case "EmploymentTransferCorrected": {
      const d = event.data;
      const next = updateTransfer(d.transferId, (t) => ({
        transferredOn: d.transferredOn,
        host: { hostId: d.hostId, kind: d.hostKind, name: d.hostName },
        fromDepartment: d.fromDepartment,
        fromPost: d.fromPost,
        correctionReasons: [...t.correctionReasons, d.reason],
      }));
      const moved = updateSecondment(d.secondmentId || undefined, (s) => ({
        ...s,
        transferredOn: d.transferredOn,
      }));
      return { ...moved, transfers: next };
    }
    case "EmploymentTransferVoided": {
      const d = event.data;
      const next = updateTransfer(d.transferId, () => ({ voided: true, voidReason: d.reason }));
      return { ...updateSecondment(d.secondmentId || undefined, withoutFollowUp), transfers: next };
    }
    case "SecondmentCancelled":
      return update(() => ({
        status: "SECONDMENT_STATUS_CANCELLED",
        cancellationReason: event.data.reasonCode,
      }));
    case "SecondmentCorrected": {
      const d = event.data;
      // Host, posts and agreement are empty on events recorded before they could be corrected: unchanged.
      const corrected = update((s) => ({
        startsOn: d.startsOn,
        plannedEndOn: d.plannedEndOn,
        lengthWarnings: d.lengthWarnings,
        correctionReasons: [...s.correctionReasons, d.reason],
        ...(d.endedOn ? { endedOn: d.endedOn } : {}),
        ...(d.hostName ? { host: { hostId: d.hostId, kind: d.hostKind, name: d.hostName } } : {}),
        ...(d.agreedOn ? { agreedOn: d.agreedOn } : {}),
        ...(d.hostDepartment ? { hostDepartment: d.hostDepartment } : {}),
        ...(d.hostTitle ? { hostTitle: d.hostTitle } : {}),
        ...(d.homeDepartment ? { homeDepartment: d.homeDepartment } : {}),
        ...(d.homePost ? { homePost: d.homePost } : {}),
      }));
      // A transfer at the end of the secondment moves to the corrected host with it.
      const host = d.hostName ? { hostId: d.hostId, kind: d.hostKind, name: d.hostName } : undefined;
      if (!host) return corrected;
      return {
        ...corrected,
        transfers: transfers.map((t) => (t.secondmentId === d.secondmentId ? { ...t, host } : t)),
      };
    }
    default:
      return state;
  }
}
