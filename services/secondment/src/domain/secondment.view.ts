/**
 * A secondment as the API shows it: the proto `Secondment` message in camelCase (empty strings for dates
 * not reached yet, as proto3 does), and the days it occupies for the calendar read model.
 */
import { monthsSpanned } from "@hr/kit";
import type {
  CancellationReason,
  CorrectionReason,
  EndReason,
  ExtensionReason,
  HostKind,
  LengthLimit,
} from "./code-lists";
import type { Phase } from "./secondment.events";
import { type SecondmentRecord, type SecondmentStatus, spanOf } from "./secondment.state";

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

export function secondmentView(record: SecondmentRecord): SecondmentView {
  return {
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
    yearPlan: record.yearPlan,
    lengthWarnings: record.lengthWarnings,
    ...(record.yearOfService === undefined ? {} : { yearOfService: record.yearOfService }),
    correctionReasons: record.correctionReasons,
    extensionReasons: record.extensionReasons,
  };
}

/** The last day the secondment occupies: the actual one once ended, else the planned one. */
export const lastDayOf = (view: SecondmentView) => view.endedOn || view.plannedEndOn;

/** Whether the employee was, is or will be at the host on `date` (cancelled ones never are). */
export function atHostOn(view: SecondmentView, date: string): boolean {
  return view.status !== "SECONDMENT_STATUS_CANCELLED" && view.startsOn <= date && date <= lastDayOf(view);
}

/** Months (`YYYY-MM`) the secondment occupies; none once cancelled. */
export function monthsOf(record: SecondmentRecord | undefined): string[] {
  if (!record || record.status === "SECONDMENT_STATUS_CANCELLED") return [];
  const span = spanOf(record);
  return monthsSpanned(span.startsOn, span.endsOn);
}

/** Started at some point: at the host now or before (not merely planned, not cancelled). */
export function hasStarted(view: SecondmentView): boolean {
  return view.status !== "SECONDMENT_STATUS_PLANNED" && view.status !== "SECONDMENT_STATUS_CANCELLED";
}
