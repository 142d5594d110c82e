import { codeListSchema, EmployeeId, Id, IsoDate, RequestId, textSchema } from "@hr/kit";
import { Type } from "@sinclair/typebox";
import {
  CANCELLATION_REASONS,
  CORRECTION_REASONS,
  END_REASONS,
  EXTENSION_REASONS,
  HOST_ID_PATTERN,
  HOST_KINDS,
  LIMITS,
} from "../domain";

/**
 * One schema per request, shared by REST (validation and OpenAPI) and gRPC (validation). Field names are
 * the proto fields in camelCase; codes are the proto enum names, as in the domain. Each schema is as strict
 * as the domain's own checks: what it admits, the domain accepts or refuses by a rule (422).
 */
const Name = (description: string) => textSchema(description, LIMITS.text, { required: true });
const HostId = Type.String({
  pattern: HOST_ID_PATTERN,
  description: "Host id in the registry, e.g. govtech-tokyo (2 to 64 lower-case letters, digits, hyphens)",
  errorMessage: "must be 2 to 64 lower-case letters, digits or hyphens, starting with a letter or digit",
});
const SecondmentId = Id("Id of the secondment");
const HostKind = codeListSchema(HOST_KINDS, "Kind of host organisation");

const Phase = Type.Object(
  {
    name: Name("What the phase is, e.g. network basics"),
    startsOn: IsoDate("First day of the phase"),
    endsOn: IsoDate("Last day of the phase"),
  },
  { additionalProperties: false },
);
const YearPlan = Type.Optional(
  Type.Array(Phase, {
    maxItems: LIMITS.phases,
    description: "The host's year plan: phases inside the planned period, in order, not overlapping",
  }),
);

export const RegisterHostRequest = Type.Object({
  requestId: RequestId,
  hostId: HostId,
  kind: HostKind,
  name: Name("Name of the host organisation"),
  effectiveDate: IsoDate("Date from which the host is registered"),
});

export const ChangeHostRequest = Type.Object({
  requestId: RequestId,
  hostId: HostId,
  kind: Type.Optional(HostKind),
  name: Type.Optional(Name("New name of the host")),
  effectiveDate: IsoDate("Date from which the new values apply, after the latest change"),
});

export const GetHostRequest = Type.Object({ hostId: HostId });

export const ListHostsRequest = Type.Object({});

export const AgreeSecondmentRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  hostId: HostId,
  hostDepartment: Name("Department at the host"),
  hostTitle: Name("Title at the host, e.g. deputy group leader"),
  homeDepartment: Name("Department of the home post kept meanwhile"),
  homePost: Name("Home post kept meanwhile, e.g. General Affairs Section, on secondment"),
  plannedStartOn: IsoDate("Planned first day at the host"),
  plannedEndOn: IsoDate("Planned last day at the host"),
  agreedOn: IsoDate("Date of the agreement, not after the planned start"),
  yearPlan: YearPlan,
});

/** The terms a start without an agreed secondment needs, by request field. */
const START_TERMS = ["hostId", "hostDepartment", "hostTitle", "homeDepartment", "homePost", "plannedEndOn"];

/** A rule between fields for one field, worded for it (OpenAPI 3.0 has no if/then: anyOf and not). */
const fieldRule = (field: string, errorMessage: string, rule: object) => ({
  ...rule,
  "x-field": field,
  errorMessage,
});

export const StartSecondmentRequest = Type.Object(
  {
    requestId: RequestId,
    employeeId: EmployeeId,
    startsOn: IsoDate("First day at the host"),
    secondmentId: Type.Optional(Id("Agreed secondment to start; leave out to agree and start at once")),
    hostId: Type.Optional(HostId),
    hostDepartment: Type.Optional(Name("Department at the host (when not agreed before)")),
    hostTitle: Type.Optional(Name("Title at the host (when not agreed before)")),
    homeDepartment: Type.Optional(Name("Department of the home post (when not agreed before)")),
    homePost: Type.Optional(Name("Home post (when not agreed before)")),
    plannedEndOn: Type.Optional(IsoDate("Planned last day (when not agreed before)")),
    yearPlan: YearPlan,
  },
  {
    // Either an agreed secondment (and no terms) or every term (and no secondment id).
    allOf: [
      ...START_TERMS.map((term) =>
        fieldRule(term, "is required when no agreed secondment_id is given", {
          anyOf: [{ required: ["secondmentId"] }, { required: [term] }],
        }),
      ),
      ...START_TERMS.map((term) =>
        fieldRule(term, "must be left out when starting an agreed secondment", {
          not: { required: ["secondmentId", term] },
        }),
      ),
      // gRPC sends an unset repeated field as an empty list: only phases count as a year plan given.
      fieldRule("yearPlan", "must be left out when starting an agreed secondment", {
        not: { required: ["secondmentId", "yearPlan"], properties: { yearPlan: { minItems: 1 } } },
      }),
    ],
  },
);

const ChangeOfSecondment = {
  requestId: RequestId,
  employeeId: EmployeeId,
  secondmentId: SecondmentId,
};

export const ExtendSecondmentRequest = Type.Object({
  ...ChangeOfSecondment,
  plannedEndOn: IsoDate("New planned last day, later than the current one"),
  agreedOn: IsoDate("Date of the extension agreement"),
  reason: codeListSchema(EXTENSION_REASONS, "Why the secondment is extended"),
});

/** Both or neither: `field` is required when `other` is given. */
const requiredWith = (field: string, other: string) =>
  fieldRule(field, `is required with ${other}`, {
    anyOf: [{ not: { required: [other] } }, { required: [field] }],
  });

export const EndSecondmentRequest = Type.Object(
  {
    ...ChangeOfSecondment,
    endedOn: IsoDate("Last day at the host"),
    reason: codeListSchema(END_REASONS, "Why the secondment ended"),
    returnedToDepartment: Type.Optional(Name("Department returned to the next day (with returned_to_post)")),
    returnedToPost: Type.Optional(Name("Post returned to the next day (with returned_to_department)")),
  },
  {
    allOf: [
      requiredWith("returnedToDepartment", "returnedToPost"),
      requiredWith("returnedToPost", "returnedToDepartment"),
    ],
  },
);

export const ReturnFromSecondmentRequest = Type.Object({
  ...ChangeOfSecondment,
  returnedOn: IsoDate("First day in the post, after the secondment's last day"),
  department: Name("Department returned to"),
  post: Name("Post returned to"),
});

export const TransferEmploymentRequest = Type.Object({
  ...ChangeOfSecondment,
  transferredOn: IsoDate("First day employed by the host, after the secondment's last day"),
});

export const CancelSecondmentRequest = Type.Object({
  ...ChangeOfSecondment,
  reason: codeListSchema(
    CANCELLATION_REASONS,
    "Why the secondment is cancelled; after its start only CANCELLATION_REASON_RECORDED_IN_ERROR",
  ),
});

const CorrectionReason = (what: string) => codeListSchema(CORRECTION_REASONS, `Why ${what}`);

export const CorrectSecondmentRequest = Type.Object({
  ...ChangeOfSecondment,
  startsOn: Type.Optional(IsoDate("Correct first day")),
  plannedEndOn: Type.Optional(IsoDate("Correct planned last day")),
  endedOn: Type.Optional(IsoDate("Correct last day (ended secondments only)")),
  reason: CorrectionReason("the secondment is corrected"),
  hostId: Type.Optional(HostId),
  hostDepartment: Type.Optional(Name("Correct department at the host")),
  hostTitle: Type.Optional(Name("Correct title at the host")),
  homeDepartment: Type.Optional(Name("Correct department of the home post")),
  homePost: Type.Optional(Name("Correct home post")),
  agreedOn: Type.Optional(IsoDate("Correct date of the agreement, not after the first day")),
});

export const CorrectSecondmentReturnRequest = Type.Object({
  ...ChangeOfSecondment,
  returnedOn: Type.Optional(IsoDate("Correct first day in the post, after the secondment's last day")),
  department: Type.Optional(Name("Correct department returned to")),
  post: Type.Optional(Name("Correct post returned to")),
  reason: CorrectionReason("the return is corrected"),
});

export const VoidSecondmentReturnRequest = Type.Object({
  ...ChangeOfSecondment,
  reason: CorrectionReason("the return is voided"),
});

export const VoidSecondmentEndRequest = Type.Object({
  ...ChangeOfSecondment,
  reason: CorrectionReason("the end is voided"),
});

export const VoidSecondmentExtensionRequest = Type.Object({
  ...ChangeOfSecondment,
  reason: CorrectionReason("the latest extension is voided"),
});

const TransferId = Id("Id of the transfer of employment");

export const RecordEmploymentTransferRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  hostId: HostId,
  transferredOn: IsoDate("First day employed by the host, after every secondment of the employee"),
  fromDepartment: Name("Department of the post left"),
  fromPost: Name("Post left"),
});

export const CorrectEmploymentTransferRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  transferId: TransferId,
  transferredOn: Type.Optional(IsoDate("Correct first day employed by the host")),
  hostId: Type.Optional(HostId),
  fromDepartment: Type.Optional(Name("Correct department of the post left (a transfer from a post only)")),
  fromPost: Type.Optional(Name("Correct post left (a transfer from a post only)")),
  reason: CorrectionReason("the transfer is corrected"),
});

export const VoidEmploymentTransferRequest = Type.Object({
  requestId: RequestId,
  employeeId: EmployeeId,
  transferId: TransferId,
  reason: CorrectionReason("the transfer is voided"),
});

export const ListEmploymentTransfersRequest = Type.Object({ employeeId: EmployeeId });

export const GetSecondmentRequest = Type.Object({ employeeId: EmployeeId, secondmentId: SecondmentId });

export const ListSecondmentsRequest = Type.Object({
  employeeId: Type.Optional(EmployeeId),
  activeOn: Type.Optional(IsoDate("Only secondments at the host on this day (without employee_id: today)")),
  hostKind: Type.Optional(HostKind),
  pageSize: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 500, description: "Most results per page (0: the default, 50)" }),
  ),
  pageToken: Type.Optional(
    Type.String({
      pattern: "^[0-9]{1,9}$",
      description: "next_page_token of the previous page",
      errorMessage: "must be a next_page_token this query gave",
    }),
  ),
});

export const ListEndingSecondmentsRequest = Type.Object({
  withinDays: Type.Integer({ minimum: 1, maximum: 366, description: "How many days ahead to look" }),
  asOf: Type.Optional(IsoDate("First day of the window (default: today in Japan)")),
});

export const GetSecondmentCountsRequest = Type.Object({
  fiscalYear: Type.Integer({ minimum: 2000, maximum: 2100, description: "Fiscal year, e.g. 2024" }),
});
