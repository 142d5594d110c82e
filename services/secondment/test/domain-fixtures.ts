/** Given/when/then support for the secondment domain's unit tests (pure: no store, no broker). */
import { deciderSpec } from "@hr/testing";
import type {
  AgreeSecondment,
  CorrectEmploymentTransfer,
  CorrectSecondment,
  CorrectSecondmentReturn,
  EndSecondment,
  ExtendSecondment,
  HostSnapshot,
  LengthPolicy,
  RecordEmploymentTransfer,
  ReturnFromSecondment,
  SecondmentCommand,
  StartSecondment,
  TransferEmployment,
} from "../src/domain";
import { DEFAULT_LENGTH_POLICY, secondmentDecider } from "../src/domain";

export const EMPLOYEE = "E2100042";

export const { given, historyOf, fold } = deciderSpec(secondmentDecider);

export const FIRM: HostSnapshot = {
  hostId: "network-vendor-a",
  kind: "HOST_KIND_PRIVATE_FIRM",
  name: "Network Vendor A",
};
export const DIGITAL_AGENCY: HostSnapshot = {
  hostId: "digital-agency",
  kind: "HOST_KIND_DIGITAL_AGENCY",
  name: "Digital Agency",
};
export const GOVTECH: HostSnapshot = {
  hostId: "govtech-tokyo",
  kind: "HOST_KIND_GOVTECH_TOKYO",
  name: "GovTech Tokyo",
};

// Command builders with sensible defaults, overridable per test: a year at a private firm from April 2024.

export const agree = (over: Partial<AgreeSecondment> = {}): SecondmentCommand => ({
  type: "AgreeSecondment",
  employeeId: EMPLOYEE,
  secondmentId: "s1",
  host: FIRM,
  hostDepartment: "Cloud Center of Excellence",
  hostTitle: "engineer",
  homeDepartment: "Digital Services Bureau",
  homePost: "General Affairs Section, on secondment",
  plannedStartOn: "2024-04-01",
  plannedEndOn: "2025-03-31",
  agreedOn: "2024-02-15",
  policy: DEFAULT_LENGTH_POLICY,
  ...over,
});

/** The next secondment, back to back: GovTech Tokyo from April 2025. */
export const agreeNext = (over: Partial<AgreeSecondment> = {}): SecondmentCommand =>
  agree({
    secondmentId: "s2",
    host: GOVTECH,
    plannedStartOn: "2025-04-01",
    plannedEndOn: "2026-03-31",
    ...over,
  });

export const start = (over: Partial<StartSecondment> = {}): SecondmentCommand => ({
  type: "StartSecondment",
  employeeId: EMPLOYEE,
  secondmentId: "s1",
  startsOn: "2024-04-01",
  policy: DEFAULT_LENGTH_POLICY,
  ...over,
});

export const extend = (over: Partial<ExtendSecondment> = {}): SecondmentCommand => ({
  type: "ExtendSecondment",
  employeeId: EMPLOYEE,
  secondmentId: "s1",
  plannedEndOn: "2026-03-31",
  agreedOn: "2025-01-10",
  reason: "EXTENSION_REASON_RENEWAL",
  policy: DEFAULT_LENGTH_POLICY,
  ...over,
});

export const end = (over: Partial<EndSecondment> = {}): SecondmentCommand => ({
  type: "EndSecondment",
  employeeId: EMPLOYEE,
  secondmentId: "s1",
  endedOn: "2025-03-31",
  reason: "END_REASON_COMPLETED",
  ...over,
});

/** Agreed, started on 1 April 2024, ended on 31 March 2025 at the private firm. */
export const yearAtFirm = () => historyOf(agree(), start(), end());

export const warnOnly: LengthPolicy = {
  HOST_KIND_PRIVATE_FIRM: {
    standard: { months: 12, action: "WARN" },
    maximum: { months: 24, action: "WARN" },
  },
};

export const returnFrom = (over: Partial<ReturnFromSecondment> = {}): SecondmentCommand => ({
  type: "ReturnFromSecondment",
  employeeId: EMPLOYEE,
  secondmentId: "s1",
  returnedOn: "2025-04-01",
  department: "Bureau of General Affairs",
  post: "Personnel Section",
  ...over,
});

/** The transfer of employment at the end of s1, the day after its last day. */
export const transfer = (over: Partial<TransferEmployment> = {}): SecondmentCommand => ({
  type: "TransferEmployment",
  employeeId: EMPLOYEE,
  secondmentId: "s1",
  transferId: "t1",
  transferredOn: "2025-04-01",
  ...over,
});

/** 転籍 from a post with no secondment before it: TMG -> GovTech Tokyo, April 2024. */
export const recordTransfer = (over: Partial<RecordEmploymentTransfer> = {}): SecondmentCommand => ({
  type: "RecordEmploymentTransfer",
  employeeId: EMPLOYEE,
  transferId: "t1",
  host: GOVTECH,
  transferredOn: "2024-04-01",
  fromDepartment: "Digital Services Bureau",
  fromPost: "Digital Promotion Section",
  ...over,
});

export const correctTransfer = (over: Partial<CorrectEmploymentTransfer> = {}): SecondmentCommand => ({
  type: "CorrectEmploymentTransfer",
  employeeId: EMPLOYEE,
  transferId: "t1",
  reason: "CORRECTION_REASON_CLERICAL_ERROR",
  ...over,
});

export const voidTransfer = (transferId = "t1"): SecondmentCommand => ({
  type: "VoidEmploymentTransfer",
  employeeId: EMPLOYEE,
  transferId,
  reason: "CORRECTION_REASON_CLERICAL_ERROR",
});

export const correct = (over: Partial<CorrectSecondment> = {}): SecondmentCommand => ({
  type: "CorrectSecondment",
  employeeId: EMPLOYEE,
  secondmentId: "s1",
  reason: "CORRECTION_REASON_DATE_CHANGED",
  policy: DEFAULT_LENGTH_POLICY,
  ...over,
});

export const correctReturn = (over: Partial<CorrectSecondmentReturn> = {}): SecondmentCommand => ({
  type: "CorrectSecondmentReturn",
  employeeId: EMPLOYEE,
  secondmentId: "s1",
  reason: "CORRECTION_REASON_CLERICAL_ERROR",
  ...over,
});

export const voidReturn = (): SecondmentCommand => ({
  type: "VoidSecondmentReturn",
  employeeId: EMPLOYEE,
  secondmentId: "s1",
  reason: "CORRECTION_REASON_CLERICAL_ERROR",
});

export const voidEnd = (secondmentId = "s1"): SecondmentCommand => ({
  type: "VoidSecondmentEnd",
  employeeId: EMPLOYEE,
  secondmentId,
  reason: "CORRECTION_REASON_CLERICAL_ERROR",
  policy: DEFAULT_LENGTH_POLICY,
});

export const voidExtension = (over: { policy?: LengthPolicy } = {}): SecondmentCommand => ({
  type: "VoidSecondmentExtension",
  employeeId: EMPLOYEE,
  secondmentId: "s1",
  reason: "CORRECTION_REASON_CLERICAL_ERROR",
  policy: DEFAULT_LENGTH_POLICY,
  ...over,
});
