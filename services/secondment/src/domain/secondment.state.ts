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
  yearOfService?: number;
  correctionReasons: CorrectionReason[];
  extensionReasons: ExtensionReason[];
}

export interface SecondmentsState {
  /** In the order they were agreed. */
  secondments: SecondmentRecord[];
  /** Set once the employee's employment moved to a host: no secondment after it. */
  transferredOutOn?: string;
}

export const initialSecondmentsState = (): SecondmentsState => ({ secondments: [] });

export function findSecondment(state: SecondmentsState, secondmentId: string): SecondmentRecord | undefined {
  return state.secondments.find((s) => s.secondmentId === secondmentId);
}

/** The days a secondment occupies: from its first day to its actual (else planned) last day. */
export function spanOf(record: SecondmentRecord): { startsOn: string; endsOn: string } {
  return { startsOn: record.startsOn, endsOn: record.endedOn ?? record.plannedEndOn };
}

export function evolveSecondments(state: SecondmentsState, event: SecondmentEvent): SecondmentsState {
  const update = (changes: (record: SecondmentRecord) => Partial<SecondmentRecord>) => ({
    ...state,
    secondments: state.secondments.map((s) =>
      s.secondmentId === event.data.secondmentId ? { ...s, ...changes(s) } : s,
    ),
  });
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
        yearPlan: d.yearPlan,
        lengthWarnings: d.lengthWarnings,
        correctionReasons: [],
        extensionReasons: [],
      };
      return { ...state, secondments: [...state.secondments, record] };
    }
    case "SecondmentStarted": {
      const { startsOn, plannedEndOn, lengthWarnings, yearOfService } = event.data;
      return update(() => ({
        status: "SECONDMENT_STATUS_ACTIVE",
        startsOn,
        plannedEndOn,
        lengthWarnings,
        ...(yearOfService === undefined ? {} : { yearOfService }),
      }));
    }
    case "SecondmentExtended": {
      const { plannedEndOn, lengthWarnings, reasonCode } = event.data;
      return update((s) => ({
        plannedEndOn,
        lengthWarnings,
        extensionReasons: [...s.extensionReasons, reasonCode],
      }));
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
    case "SecondmentTransferredOut":
      return {
        ...update(() => ({
          status: "SECONDMENT_STATUS_TRANSFERRED_OUT",
          transferredOn: event.data.transferredOn,
        })),
        transferredOutOn: event.data.transferredOn,
      };
    case "SecondmentCancelled":
      return update(() => ({
        status: "SECONDMENT_STATUS_CANCELLED",
        cancellationReason: event.data.reasonCode,
      }));
    case "SecondmentCorrected": {
      const { startsOn, plannedEndOn, endedOn, lengthWarnings, reason } = event.data;
      return update((s) => ({
        startsOn,
        plannedEndOn,
        lengthWarnings,
        correctionReasons: [...s.correctionReasons, reason],
        ...(endedOn === undefined ? {} : { endedOn }),
      }));
    }
    default:
      return state;
  }
}
