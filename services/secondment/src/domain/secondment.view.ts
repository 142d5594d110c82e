/**
 * A secondment as the API shows it: the proto `Secondment` message in camelCase (empty strings for dates
 * not reached yet, as proto3 does), and the days it occupies for the calendar read model.
 */
import type {
  CancellationReason,
  CorrectionReason,
  EndReason,
  ExtensionReason,
  HostKind,
  LengthLimit,
} from "./code-lists";
import { yearOfServiceOn } from "./secondment.decider";
import type { Phase } from "./secondment.events";
import type { EmploymentTransferRecord, SecondmentRecord, SecondmentStatus } from "./secondment.state";

export interface SecondmentView {
  secondmentId: string;
  employeeId: string;
  status: SecondmentStatus;
  hostId: string;
  hostKind: HostKind;
  hostName: string;
  hostDepartment: string;
  hostTitle: string;
  homeDepartment: string;
  homePost: string;
  agreedOn: string;
  startsOn: string;
  plannedEndOn: string;
  endedOn: string;
  endReason: EndReason | "END_REASON_UNSPECIFIED";
  returnedOn: string;
  returnedToDepartment: string;
  returnedToPost: string;
  transferredOn: string;
  cancellationReason: CancellationReason | "CANCELLATION_REASON_UNSPECIFIED";
  yearPlan: Phase[];
  lengthWarnings: LengthLimit[];
  yearOfService?: number;
  correctionReasons: CorrectionReason[];
  extensionReasons: ExtensionReason[];
}

/**
 * The secondment as shown. The year of service is computed when read, from the hiring date known now and
 * the first day now (both may change after the start: a corrected start, a hiring date learnt later).
 */
export function secondmentView(record: SecondmentRecord, hiredOn?: string): SecondmentView {
  return withYearOfService(
    {
      secondmentId: record.secondmentId,
      employeeId: record.employeeId,
      status: record.status,
      hostId: record.host.hostId,
      hostKind: record.host.kind,
      hostName: record.host.name,
      hostDepartment: record.hostDepartment,
      hostTitle: record.hostTitle,
      homeDepartment: record.homeDepartment,
      homePost: record.homePost,
      agreedOn: record.agreedOn,
      startsOn: record.startsOn,
      plannedEndOn: record.plannedEndOn,
      endedOn: record.endedOn ?? "",
      endReason: record.endReason ?? "END_REASON_UNSPECIFIED",
      returnedOn: record.returnedOn ?? "",
      returnedToDepartment: record.returnedTo?.department ?? "",
      returnedToPost: record.returnedTo?.post ?? "",
      transferredOn: record.transferredOn ?? "",
      cancellationReason: record.cancellationReason ?? "CANCELLATION_REASON_UNSPECIFIED",
      // Calendar documents written before the fold defaulted it hold null.
      yearPlan: record.yearPlan ?? [],
      lengthWarnings: record.lengthWarnings,
      correctionReasons: record.correctionReasons,
      extensionReasons: record.extensionReasons,
    },
    hiredOn,
  );
}

/** The view with the year of service on its first day from `hiredOn` (none when unknown or not started). */
export function withYearOfService(view: SecondmentView, hiredOn: string | undefined): SecondmentView {
  const { yearOfService: _stored, ...rest } = view;
  const yearOfService = hasStarted(view) ? yearOfServiceOn(hiredOn, view.startsOn) : undefined;
  return yearOfService === undefined ? rest : { ...rest, yearOfService };
}

/** The last day the secondment occupies: the actual one once ended, else the planned one. */
export const lastDayOf = (view: SecondmentView) => view.endedOn || view.plannedEndOn;

/** Whether the employee was, is or will be at the host on `date` (cancelled ones never are). */
export function atHostOn(view: SecondmentView, date: string): boolean {
  return view.status !== "SECONDMENT_STATUS_CANCELLED" && view.startsOn <= date && date <= lastDayOf(view);
}

/** Started at some point: at the host now or before (not merely planned, not cancelled). */
export function hasStarted(view: { status: SecondmentStatus }): boolean {
  return view.status !== "SECONDMENT_STATUS_PLANNED" && view.status !== "SECONDMENT_STATUS_CANCELLED";
}

/** A transfer of employment as the API shows it: the proto `EmploymentTransfer` in camelCase. */
export interface EmploymentTransferView {
  transferId: string;
  employeeId: string;
  transferredOn: string;
  hostId: string;
  hostKind: HostKind;
  hostName: string;
  fromDepartment: string;
  fromPost: string;
  secondmentId: string;
  voided: boolean;
  correctionReasons: CorrectionReason[];
  voidReason: CorrectionReason | "CORRECTION_REASON_UNSPECIFIED";
}

export function transferView(t: EmploymentTransferRecord): EmploymentTransferView {
  return {
    transferId: t.transferId,
    employeeId: t.employeeId,
    transferredOn: t.transferredOn,
    hostId: t.host.hostId,
    hostKind: t.host.kind,
    hostName: t.host.name,
    fromDepartment: t.fromDepartment,
    fromPost: t.fromPost,
    secondmentId: t.secondmentId ?? "",
    voided: t.voided,
    correctionReasons: t.correctionReasons,
    voidReason: t.voidReason ?? "CORRECTION_REASON_UNSPECIFIED",
  };
}
