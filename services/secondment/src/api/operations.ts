import { defineOperation, ROLES, type Role, type RouteSpec } from "@hr/kit";
import type { HostRegistry } from "../application/host-registry";
import type { SecondmentHandlers } from "../application/secondment.handlers";
import type { SecondmentQueries } from "../application/secondment.queries";
import type { Host } from "../domain";
import * as Requests from "./requests";

/** Who may do what (CONTRACTS.md roles). Staff (`employee`) reach only their own secondments. */
const RECORD: Role[] = ["hr-core", "hr-admin", "secondment-admin"];
const READ_OWN: Role[] = [...RECORD, "employee"];
const HOST_ADMINS: Role[] = ["hr-admin", "secondment-admin"];
const EVERYONE: readonly Role[] = ROLES;

const byEmployee = (input: { employeeId?: string | undefined }) => input.employeeId;

/** A host as the API shows it (the proto `Host`: versions without their internal revision). */
const hostReply = (host: Host) => ({
  host: {
    ...host,
    history: host.history.map(({ effectiveDate, kind, name }) => ({ effectiveDate, kind, name })),
  },
});

/** The secondment after a command, as each command's response carries it. */
const secondmentReply = ({ secondment }: { secondment: unknown }) => ({ secondment });

/** The secondment service's operations, named as the gRPC methods of hr.secondment.v1.SecondmentService. */
export function secondmentOperations(
  hosts: HostRegistry,
  handlers: SecondmentHandlers,
  queries: SecondmentQueries,
) {
  return {
    RegisterHost: defineOperation({
      name: "RegisterHost",
      summary: "Register a host organisation (private firm, affiliated or public body, ...)",
      input: Requests.RegisterHostRequest,
      roles: HOST_ADMINS,
      handle: async ({ requestId, ...command }, call) =>
        hostReply(await hosts.register(command, requestId, call.actor)),
    }),
    ChangeHost: defineOperation({
      name: "ChangeHost",
      summary: "Change a host's name or kind from a date on; the earlier values stay in its history",
      input: Requests.ChangeHostRequest,
      roles: HOST_ADMINS,
      handle: async ({ requestId, ...command }, call) =>
        hostReply(await hosts.change(command, requestId, call.actor)),
    }),
    GetHost: defineOperation({
      name: "GetHost",
      summary: "A host with its history",
      input: Requests.GetHostRequest,
      roles: EVERYONE,
      handle: async ({ hostId }) => hostReply(await hosts.get(hostId)),
    }),
    ListHosts: defineOperation({
      name: "ListHosts",
      summary: "Every registered host, by name",
      input: Requests.ListHostsRequest,
      roles: EVERYONE,
      handle: async () => ({ hosts: (await hosts.list()).map((h) => hostReply(h).host) }),
    }),
    AgreeSecondment: defineOperation({
      name: "AgreeSecondment",
      summary: "Record a secondment agreed with a host: title at the host, home post, planned dates",
      input: Requests.AgreeSecondmentRequest,
      roles: RECORD,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) =>
        secondmentReply(await handlers.agree(sent, requestId, call)),
    }),
    StartSecondment: defineOperation({
      name: "StartSecondment",
      summary: "Start an agreed secondment, or agree and start one at once",
      input: Requests.StartSecondmentRequest,
      roles: RECORD,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) => handlers.start(sent, requestId, call),
    }),
    ExtendSecondment: defineOperation({
      name: "ExtendSecondment",
      summary: "Move the planned end of an agreed or running secondment later",
      input: Requests.ExtendSecondmentRequest,
      roles: RECORD,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) =>
        secondmentReply(await handlers.extend(sent, requestId, call)),
    }),
    EndSecondment: defineOperation({
      name: "EndSecondment",
      summary: "End a running secondment, with the return to a post when given",
      input: Requests.EndSecondmentRequest,
      roles: RECORD,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) =>
        secondmentReply(await handlers.end(sent, requestId, call)),
    }),
    ReturnFromSecondment: defineOperation({
      name: "ReturnFromSecondment",
      summary: "Record the return (復帰) to a post after a secondment ended",
      input: Requests.ReturnFromSecondmentRequest,
      roles: RECORD,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) =>
        secondmentReply(await handlers.returnFrom(sent, requestId, call)),
    }),
    TransferEmployment: defineOperation({
      name: "TransferEmployment",
      summary: "Record the transfer of employment (転籍) to the host after a secondment ended",
      input: Requests.TransferEmploymentRequest,
      roles: RECORD,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) => {
        const { secondment, transfer } = await handlers.transfer(sent, requestId, call);
        return { secondment, transfer };
      },
    }),
    RecordEmploymentTransfer: defineOperation({
      name: "RecordEmploymentTransfer",
      summary: "Record a transfer of employment (転籍) to a host from a post, with no secondment before it",
      input: Requests.RecordEmploymentTransferRequest,
      roles: RECORD,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) => handlers.recordTransfer(sent, requestId, call),
    }),
    CorrectEmploymentTransfer: defineOperation({
      name: "CorrectEmploymentTransfer",
      summary: "Correct a transfer of employment (date; host and post left for one from a post)",
      input: Requests.CorrectEmploymentTransferRequest,
      roles: RECORD,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) => handlers.correctTransfer(sent, requestId, call),
    }),
    VoidEmploymentTransfer: defineOperation({
      name: "VoidEmploymentTransfer",
      summary: "Void a transfer of employment recorded in error: later secondments may be recorded again",
      input: Requests.VoidEmploymentTransferRequest,
      roles: RECORD,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) => handlers.voidTransfer(sent, requestId, call),
    }),
    ListEmploymentTransfers: defineOperation({
      name: "ListEmploymentTransfers",
      summary: "An employee's transfers of employment, voided ones included, oldest first",
      input: Requests.ListEmploymentTransfersRequest,
      roles: READ_OWN,
      subject: byEmployee,
      handle: async ({ employeeId }) => queries.transfers(employeeId),
    }),
    CancelSecondment: defineOperation({
      name: "CancelSecondment",
      summary: "Cancel a secondment before its start, or void one recorded in error",
      input: Requests.CancelSecondmentRequest,
      roles: RECORD,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) =>
        secondmentReply(await handlers.cancel(sent, requestId, call)),
    }),
    CorrectSecondment: defineOperation({
      name: "CorrectSecondment",
      summary: "Correct recorded dates, host or posts with a reason (a new event, never an edit)",
      input: Requests.CorrectSecondmentRequest,
      roles: RECORD,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) =>
        secondmentReply(await handlers.correct(sent, requestId, call)),
    }),
    CorrectSecondmentReturn: defineOperation({
      name: "CorrectSecondmentReturn",
      summary: "Correct the return after a secondment: first day, department, post",
      input: Requests.CorrectSecondmentReturnRequest,
      roles: RECORD,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) =>
        secondmentReply(await handlers.correctReturn(sent, requestId, call)),
    }),
    VoidSecondmentReturn: defineOperation({
      name: "VoidSecondmentReturn",
      summary: "Void the return after a secondment, recorded in error",
      input: Requests.VoidSecondmentReturnRequest,
      roles: RECORD,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) =>
        secondmentReply(await handlers.voidReturn(sent, requestId, call)),
    }),
    VoidSecondmentEnd: defineOperation({
      name: "VoidSecondmentEnd",
      summary: "Void the end of a secondment, recorded in error: it runs again to its planned last day",
      input: Requests.VoidSecondmentEndRequest,
      roles: RECORD,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) =>
        secondmentReply(await handlers.voidEnd(sent, requestId, call)),
    }),
    VoidSecondmentExtension: defineOperation({
      name: "VoidSecondmentExtension",
      summary:
        "Void the latest extension of a secondment, recorded in error: the planned end before it applies",
      input: Requests.VoidSecondmentExtensionRequest,
      roles: RECORD,
      subject: byEmployee,
      handle: async ({ requestId, ...sent }, call) =>
        secondmentReply(await handlers.voidExtension(sent, requestId, call)),
    }),
    GetSecondment: defineOperation({
      name: "GetSecondment",
      summary: "One secondment of an employee, with its year plan and length warnings",
      input: Requests.GetSecondmentRequest,
      roles: READ_OWN,
      subject: byEmployee,
      handle: async ({ employeeId, secondmentId }) => queries.get(employeeId, secondmentId),
    }),
    ListSecondments: defineOperation({
      name: "ListSecondments",
      summary: "An employee's secondments, or who is seconded where on a date (newest start first)",
      input: Requests.ListSecondmentsRequest,
      roles: READ_OWN,
      subject: byEmployee,
      handle: async (input) => queries.list(input),
    }),
    ListEndingSecondments: defineOperation({
      name: "ListEndingSecondments",
      summary: "Secondments whose planned end is within the next days, to plan the return posting",
      input: Requests.ListEndingSecondmentsRequest,
      roles: RECORD,
      handle: async ({ withinDays, asOf }) => queries.endingWithin(withinDays, asOf),
    }),
    GetSecondmentCounts: defineOperation({
      name: "GetSecondmentCounts",
      summary: "Per host kind: secondments started in a fiscal year and people at a host in it",
      input: Requests.GetSecondmentCountsRequest,
      roles: RECORD,
      handle: async ({ fiscalYear }) => queries.counts(fiscalYear),
    }),
  };
}

const employee = "/v1/employees/:employeeId/secondments";
const one = `${employee}/:secondmentId`;
const transfers = "/v1/employees/:employeeId/employment-transfers";

/** REST routes over the same operations. */
export const secondmentRoutes: RouteSpec[] = [
  { method: "POST", url: "/v1/hosts", operation: "RegisterHost", tags: ["hosts"] },
  { method: "POST", url: "/v1/hosts/:hostId/changes", operation: "ChangeHost", tags: ["hosts"] },
  { method: "GET", url: "/v1/hosts/:hostId", operation: "GetHost", tags: ["hosts"] },
  { method: "GET", url: "/v1/hosts", operation: "ListHosts", tags: ["hosts"] },
  { method: "POST", url: employee, operation: "AgreeSecondment", tags: ["secondments"] },
  {
    method: "POST",
    url: "/v1/employees/:employeeId/secondment-starts",
    operation: "StartSecondment",
    tags: ["secondments"],
  },
  { method: "POST", url: `${one}/extensions`, operation: "ExtendSecondment", tags: ["secondments"] },
  { method: "POST", url: `${one}/end`, operation: "EndSecondment", tags: ["secondments"] },
  { method: "POST", url: `${one}/return`, operation: "ReturnFromSecondment", tags: ["secondments"] },
  { method: "POST", url: `${one}/transfer`, operation: "TransferEmployment", tags: ["secondments"] },
  { method: "POST", url: `${one}/cancel`, operation: "CancelSecondment", tags: ["secondments"] },
  { method: "POST", url: `${one}/corrections`, operation: "CorrectSecondment", tags: ["secondments"] },
  {
    method: "POST",
    url: `${one}/return/corrections`,
    operation: "CorrectSecondmentReturn",
    tags: ["secondments"],
  },
  { method: "POST", url: `${one}/return/void`, operation: "VoidSecondmentReturn", tags: ["secondments"] },
  { method: "POST", url: `${one}/end/void`, operation: "VoidSecondmentEnd", tags: ["secondments"] },
  {
    method: "POST",
    url: `${one}/extensions/void`,
    operation: "VoidSecondmentExtension",
    tags: ["secondments"],
  },
  { method: "POST", url: transfers, operation: "RecordEmploymentTransfer", tags: ["transfers"] },
  {
    method: "POST",
    url: `${transfers}/:transferId/corrections`,
    operation: "CorrectEmploymentTransfer",
    tags: ["transfers"],
  },
  {
    method: "POST",
    url: `${transfers}/:transferId/void`,
    operation: "VoidEmploymentTransfer",
    tags: ["transfers"],
  },
  { method: "GET", url: transfers, operation: "ListEmploymentTransfers", tags: ["transfers"] },
  { method: "GET", url: one, operation: "GetSecondment", tags: ["secondments"] },
  // Across employees first: the parity suite compares an operation on its first route, and this one
  // takes every field of ListSecondments (an employee id too, as a query parameter).
  { method: "GET", url: "/v1/secondments", operation: "ListSecondments", tags: ["planning"] },
  { method: "GET", url: employee, operation: "ListSecondments", tags: ["secondments"] },
  { method: "GET", url: "/v1/secondments/ending", operation: "ListEndingSecondments", tags: ["planning"] },
  { method: "GET", url: "/v1/secondment-counts", operation: "GetSecondmentCounts", tags: ["planning"] },
];
