/**
 * The rules of an employee's secondments (one stream per employee). decide is pure: the host's values,
 * the length policy and the hiring date come in the command.
 *
 * Errors: malformed input throws ValidationError naming the field; an unknown secondment id throws
 * NotFoundError; a refused rule throws RuleViolation with a code from secondment.reasons.ts.
 *
 * Rules (DOMAIN.md, issue 10), and where a choice was ours (design):
 * - no two secondments of one person overlap; back to back (the next starts the day after) is allowed.
 *   A secondment occupies the days from its first to its actual, else planned, last day;
 * - no last day before the first; an agreement is not dated after the planned start (design);
 * - only an agreed secondment starts; a cancelled one never does; an extension moves the end later;
 * - an end comes after the start and not after the planned end (extend first; design); the return or the
 *   transfer of employment comes after the end, once; a return never falls inside another secondment;
 * - a transfer of employment (転籍) ends the person's service here: from a post or at the end of a
 *   secondment, at most one in force, after the last day of every secondment (and its return), with no
 *   secondment planned or running; no secondment reaches its date later. Voided, it no longer counts;
 * - cancel before the start; after it only as recorded in error (the secondment never happened), and not
 *   while a transfer follows it (void the transfer first);
 * - every recorded fact can be corrected (a new event with full values and a reason) and a return or a
 *   transfer voided; a correction is checked by the rules of the original. A return or transfer on the
 *   day after the end moves with a corrected end (no hole in the record); a later one must stay after it;
 * - the length policy per host kind (length-policy.ts): limits refuse as length-policy.ts says, and the
 *   warnings are re-derived from the whole secondment on every start, extension and correction.
 */
import { addDays, CommandInput, type Decider, fiscalYearOf, NotFoundError, RuleViolation } from "@hr/kit";
import {
  CANCELLATION_REASONS,
  CORRECTION_REASONS,
  END_REASONS,
  EXTENSION_REASONS,
  HOST_KINDS,
  LIMITS,
  RECORDED_IN_ERROR,
} from "./code-lists";
import { checkLength, type LengthCheck, type LengthPolicy } from "./length-policy";
import type {
  AgreeSecondment,
  CancelSecondment,
  CorrectEmploymentTransfer,
  CorrectSecondment,
  CorrectSecondmentReturn,
  EndSecondment,
  ExtendSecondment,
  RecordEmploymentTransfer,
  ReturnFromSecondment,
  SecondmentCommand,
  StartSecondment,
  Terms,
  TransferEmployment,
  VoidEmploymentTransfer,
  VoidSecondmentEnd,
  VoidSecondmentExtension,
  VoidSecondmentReturn,
} from "./secondment.commands";
import type { Phase, SecondmentEvent, SecondmentReturned } from "./secondment.events";
import { SECONDMENT_RULES } from "./secondment.reasons";
import {
  type EmploymentTransferRecord,
  evolveSecondments,
  findSecondment,
  findTransfer,
  initialSecondmentsState,
  type SecondmentRecord,
  type SecondmentsState,
  spanOf,
  transferInForce,
} from "./secondment.state";

const POST = { required: true, max: LIMITS.text };

export const secondmentDecider: Decider<SecondmentCommand, SecondmentEvent, SecondmentsState> = {
  initialState: initialSecondmentsState,
  evolve: evolveSecondments,
  decide: (command, state) => {
    switch (command.type) {
      case "AgreeSecondment":
        return agree(command, state);
      case "StartSecondment":
        return start(command, state);
      case "ExtendSecondment":
        return extend(command, state);
      case "EndSecondment":
        return end(command, state);
      case "ReturnFromSecondment":
        return returnFrom(command, state);
      case "TransferEmployment":
        return transfer(command, state);
      case "CancelSecondment":
        return cancel(command, state);
      case "CorrectSecondment":
        return correct(command, state);
      case "CorrectSecondmentReturn":
        return correctReturn(command, state);
      case "VoidSecondmentReturn":
        return voidReturn(command, state);
      case "VoidSecondmentEnd":
        return voidEnd(command, state);
      case "VoidSecondmentExtension":
        return voidExtension(command, state);
      case "RecordEmploymentTransfer":
        return recordTransfer(command, state);
      case "CorrectEmploymentTransfer":
        return correctTransfer(command, state);
      case "VoidEmploymentTransfer":
        return voidTransfer(command, state);
    }
  },
};

function agree(command: AgreeSecondment, state: SecondmentsState): SecondmentEvent[] {
  const input = new CommandInput()
    .employeeId("employeeId", command.employeeId)
    .id("secondmentId", command.secondmentId)
    .date("agreedOn", command.agreedOn)
    .date("plannedStartOn", command.plannedStartOn);
  checkTerms(input, command);
  input.check();
  checkYearPlan(command.yearPlan ?? [], command.plannedStartOn, command.plannedEndOn);
  if (findSecondment(state, command.secondmentId)) {
    throw new RuleViolation(SECONDMENT_RULES.idAlreadyUsed, `secondment ${command.secondmentId} exists`);
  }
  refuseAgreedAfterStart(command.agreedOn, command.plannedStartOn);
  const span = { startsOn: command.plannedStartOn, endsOn: command.plannedEndOn };
  const lengthWarnings = checkSpan(state, command.secondmentId, span, command.policy, command.host.kind);
  return [
    {
      type: "SecondmentAgreed",
      data: {
        employeeId: command.employeeId,
        effectiveDate: command.agreedOn,
        secondmentId: command.secondmentId,
        hostId: command.host.hostId,
        hostKind: command.host.kind,
        hostName: command.host.name,
        hostDepartment: command.hostDepartment,
        hostTitle: command.hostTitle,
        homeDepartment: command.homeDepartment,
        homePost: command.homePost,
        plannedStartOn: command.plannedStartOn,
        plannedEndOn: command.plannedEndOn,
        lengthWarnings,
        yearPlan: command.yearPlan ?? [],
      },
    },
  ];
}

function start(command: StartSecondment, state: SecondmentsState): SecondmentEvent[] {
  new CommandInput()
    .employeeId("employeeId", command.employeeId)
    .id("secondmentId", command.secondmentId)
    .date("startsOn", command.startsOn)
    .check();
  if (command.hiredOn !== undefined) new CommandInput().date("hiredOn", command.hiredOn).check();
  const { terms, ...startOnly } = command;
  if (terms) {
    // Agreed and started at once: the agreement is dated the first day.
    const agreement: AgreeSecondment = {
      ...terms,
      type: "AgreeSecondment",
      employeeId: command.employeeId,
      secondmentId: command.secondmentId,
      plannedStartOn: command.startsOn,
      agreedOn: command.startsOn,
      policy: command.policy,
    };
    const agreed = agree(agreement, state);
    const next = agreed.reduce(evolveSecondments, state);
    return [...agreed, ...start(startOnly, next)];
  }
  const record = existing(state, command.secondmentId);
  refuseCancelled(record);
  if (record.status !== "SECONDMENT_STATUS_PLANNED") {
    throw new RuleViolation(SECONDMENT_RULES.alreadyStarted, `secondment ${record.secondmentId} has started`);
  }
  refuseAgreedAfterStart(record.agreedOn, command.startsOn);
  const span = { startsOn: command.startsOn, endsOn: record.plannedEndOn };
  const lengthWarnings = checkSpan(state, record.secondmentId, span, command.policy, record.host.kind);
  const yearOfService = yearOfServiceOn(command.hiredOn, command.startsOn);
  return [
    {
      type: "SecondmentStarted",
      data: {
        ...about(record),
        effectiveDate: command.startsOn,
        hostName: record.host.name,
        hostDepartment: record.hostDepartment,
        hostTitle: record.hostTitle,
        homeDepartment: record.homeDepartment,
        homePost: record.homePost,
        startsOn: command.startsOn,
        plannedEndOn: record.plannedEndOn,
        lengthWarnings,
        ...(yearOfService === undefined ? {} : { yearOfService }),
      },
    },
  ];
}

function extend(command: ExtendSecondment, state: SecondmentsState): SecondmentEvent[] {
  new CommandInput()
    .id("secondmentId", command.secondmentId)
    .date("plannedEndOn", command.plannedEndOn)
    .date("agreedOn", command.agreedOn)
    .oneOf("reason", command.reason, EXTENSION_REASONS)
    .check();
  const record = existing(state, command.secondmentId);
  refuseCancelled(record);
  if (record.endedOn !== undefined) {
    throw new RuleViolation(SECONDMENT_RULES.notRunning, `secondment ${record.secondmentId} has ended`);
  }
  if (command.plannedEndOn <= record.plannedEndOn) {
    throw new RuleViolation(
      SECONDMENT_RULES.extensionNotLater,
      `an extension must move the planned end (${record.plannedEndOn}) later, not to ${command.plannedEndOn}`,
    );
  }
  const span = { startsOn: record.startsOn, endsOn: command.plannedEndOn };
  const lengthWarnings = checkSpan(state, record.secondmentId, span, command.policy, record.host.kind, {
    check: "AFTER_EXTENSION",
  });
  return [
    {
      type: "SecondmentExtended",
      data: {
        ...about(record),
        effectiveDate: command.agreedOn,
        previousPlannedEndOn: record.plannedEndOn,
        plannedEndOn: command.plannedEndOn,
        reasonCode: command.reason,
        lengthWarnings,
      },
    },
  ];
}

function end(command: EndSecondment, state: SecondmentsState): SecondmentEvent[] {
  const input = new CommandInput()
    .id("secondmentId", command.secondmentId)
    .date("endedOn", command.endedOn)
    .oneOf("reason", command.reason, END_REASONS);
  if (command.returnTo) {
    input.text("returnedToDepartment", command.returnTo.department, POST);
    input.text("returnedToPost", command.returnTo.post, POST);
  }
  input.check();
  const record = existing(state, command.secondmentId);
  refuseCancelled(record);
  if (record.status === "SECONDMENT_STATUS_PLANNED") {
    throw new RuleViolation(SECONDMENT_RULES.notStarted, `secondment ${record.secondmentId} has not started`);
  }
  if (record.status !== "SECONDMENT_STATUS_ACTIVE") {
    throw new RuleViolation(SECONDMENT_RULES.notRunning, `secondment ${record.secondmentId} has ended`);
  }
  refuseEndBeforeStart(record.startsOn, command.endedOn);
  if (command.endedOn > record.plannedEndOn) {
    throw new RuleViolation(
      SECONDMENT_RULES.endAfterPlannedEnd,
      `the last day ${command.endedOn} is after the planned end ${record.plannedEndOn}: extend it first`,
    );
  }
  const ended: SecondmentEvent = {
    type: "SecondmentEnded",
    data: {
      ...about(record),
      effectiveDate: command.endedOn,
      endedOn: command.endedOn,
      reason: command.reason,
      startedOn: record.startsOn,
    },
  };
  if (!command.returnTo) return [ended];
  const returnedOn = addDays(command.endedOn, 1);
  refuseReturnDuringSecondment(state, record.secondmentId, returnedOn);
  return [ended, returned(record, returnedOn, command.returnTo)];
}

function returnFrom(command: ReturnFromSecondment, state: SecondmentsState): SecondmentEvent[] {
  new CommandInput()
    .id("secondmentId", command.secondmentId)
    .date("returnedOn", command.returnedOn)
    .text("department", command.department, POST)
    .text("post", command.post, POST)
    .check();
  const record = endedNotFollowedUp(state, command.secondmentId, command.returnedOn);
  refuseReturnDuringSecondment(state, record.secondmentId, command.returnedOn);
  return [returned(record, command.returnedOn, command)];
}

function transfer(command: TransferEmployment, state: SecondmentsState): SecondmentEvent[] {
  new CommandInput()
    .id("secondmentId", command.secondmentId)
    .id("transferId", command.transferId)
    .date("transferredOn", command.transferredOn)
    .check();
  const record = endedNotFollowedUp(state, command.secondmentId, command.transferredOn);
  checkNewTransfer(state, command.transferId, command.transferredOn);
  return [
    {
      type: "SecondmentTransferredOut",
      data: {
        ...about(record),
        effectiveDate: command.transferredOn,
        transferredOn: command.transferredOn,
        hostName: record.host.name,
        transferId: command.transferId,
      },
    },
  ];
}

function recordTransfer(command: RecordEmploymentTransfer, state: SecondmentsState): SecondmentEvent[] {
  new CommandInput()
    .id("employeeId", command.employeeId)
    .id("transferId", command.transferId)
    .id("hostId", command.host.hostId)
    .oneOf("hostKind", command.host.kind, HOST_KINDS)
    .date("transferredOn", command.transferredOn)
    .text("fromDepartment", command.fromDepartment, POST)
    .text("fromPost", command.fromPost, POST)
    .check();
  checkNewTransfer(state, command.transferId, command.transferredOn);
  return [
    {
      type: "EmploymentTransferred",
      data: {
        employeeId: command.employeeId,
        effectiveDate: command.transferredOn,
        transferId: command.transferId,
        transferredOn: command.transferredOn,
        hostId: command.host.hostId,
        hostKind: command.host.kind,
        hostName: command.host.name,
        fromDepartment: command.fromDepartment,
        fromPost: command.fromPost,
      },
    },
  ];
}

function correctTransfer(command: CorrectEmploymentTransfer, state: SecondmentsState): SecondmentEvent[] {
  const input = new CommandInput()
    .id("transferId", command.transferId)
    .oneOf("reason", command.reason, CORRECTION_REASONS);
  if (command.transferredOn !== undefined) input.date("transferredOn", command.transferredOn);
  if (command.host !== undefined) input.id("hostId", command.host.hostId);
  input.text("fromDepartment", command.fromDepartment, { max: LIMITS.text });
  input.text("fromPost", command.fromPost, { max: LIMITS.text });
  if (command.fromDepartment?.trim() === "") input.fail("fromDepartment", "must not be blank");
  if (command.fromPost?.trim() === "") input.fail("fromPost", "must not be blank");
  input.check();
  const transfer = liveTransfer(state, command.transferId);
  const follows = transfer.secondmentId !== undefined;
  const fields = [
    command.host && "hostId",
    command.fromDepartment && "fromDepartment",
    command.fromPost && "fromPost",
  ];
  if (follows && fields.some(Boolean)) {
    throw new RuleViolation(
      SECONDMENT_RULES.transferFollowsSecondment,
      `the transfer follows secondment ${transfer.secondmentId}: its host is the secondment's (correct that), and it left no post (${fields.filter(Boolean).join(", ")})`,
    );
  }
  const after: EmploymentTransferRecord = {
    ...transfer,
    transferredOn: command.transferredOn ?? transfer.transferredOn,
    host: command.host ?? transfer.host,
    fromDepartment: command.fromDepartment ?? transfer.fromDepartment,
    fromPost: command.fromPost ?? transfer.fromPost,
  };
  if (
    after.transferredOn === transfer.transferredOn &&
    after.host.hostId === transfer.host.hostId &&
    after.fromDepartment === transfer.fromDepartment &&
    after.fromPost === transfer.fromPost
  ) {
    throw new RuleViolation(SECONDMENT_RULES.correctionChangesNothing, "the correction changes nothing");
  }
  return [transferCorrected(state, after, command.reason)];
}

/** The corrected transfer, checked by the rules of a new one (the secondment it follows ended before). */
function transferCorrected(
  state: SecondmentsState,
  after: EmploymentTransferRecord,
  reason: CorrectSecondment["reason"],
): SecondmentEvent {
  if (after.secondmentId !== undefined) {
    const record = existing(state, after.secondmentId);
    if (record.endedOn !== undefined && after.transferredOn <= record.endedOn) {
      throw new RuleViolation(
        SECONDMENT_RULES.notAfterEnd,
        `${after.transferredOn} must come after the secondment's last day ${record.endedOn}`,
      );
    }
  }
  refuseSecondmentsReaching(state, after.transferredOn);
  return {
    type: "EmploymentTransferCorrected",
    data: {
      employeeId: after.employeeId,
      effectiveDate: after.transferredOn,
      transferId: after.transferId,
      transferredOn: after.transferredOn,
      hostId: after.host.hostId,
      hostKind: after.host.kind,
      hostName: after.host.name,
      fromDepartment: after.fromDepartment,
      fromPost: after.fromPost,
      secondmentId: after.secondmentId ?? "",
      reason,
    },
  };
}

function voidTransfer(command: VoidEmploymentTransfer, state: SecondmentsState): SecondmentEvent[] {
  new CommandInput()
    .id("transferId", command.transferId)
    .oneOf("reason", command.reason, CORRECTION_REASONS)
    .check();
  const transfer = liveTransfer(state, command.transferId);
  return [
    {
      type: "EmploymentTransferVoided",
      data: {
        employeeId: transfer.employeeId,
        effectiveDate: transfer.transferredOn,
        transferId: transfer.transferId,
        hostId: transfer.host.hostId,
        hostKind: transfer.host.kind,
        secondmentId: transfer.secondmentId ?? "",
        reason: command.reason,
      },
    },
  ];
}

function correctReturn(command: CorrectSecondmentReturn, state: SecondmentsState): SecondmentEvent[] {
  const input = new CommandInput()
    .id("secondmentId", command.secondmentId)
    .oneOf("reason", command.reason, CORRECTION_REASONS);
  if (command.returnedOn !== undefined) input.date("returnedOn", command.returnedOn);
  if (command.department !== undefined) input.text("department", command.department, POST);
  if (command.post !== undefined) input.text("post", command.post, POST);
  input.check();
  const record = returnedRecord(state, command.secondmentId);
  const after = {
    returnedOn: command.returnedOn ?? (record.returnedOn as string),
    department: command.department ?? (record.returnedTo?.department as string),
    post: command.post ?? (record.returnedTo?.post as string),
  };
  if (
    after.returnedOn === record.returnedOn &&
    after.department === record.returnedTo?.department &&
    after.post === record.returnedTo?.post
  ) {
    throw new RuleViolation(SECONDMENT_RULES.correctionChangesNothing, "the correction changes nothing");
  }
  if (record.endedOn !== undefined && after.returnedOn <= record.endedOn) {
    throw new RuleViolation(
      SECONDMENT_RULES.notAfterEnd,
      `${after.returnedOn} must come after the secondment's last day ${record.endedOn}`,
    );
  }
  return [returnCorrected(state, record, after, command.reason)];
}

/** The corrected return, checked by the rules of a return: outside every other secondment, in service. */
function returnCorrected(
  state: SecondmentsState,
  record: SecondmentRecord,
  to: { returnedOn: string; department: string; post: string },
  reason: CorrectSecondment["reason"],
): SecondmentEvent {
  refuseReturnDuringSecondment(state, record.secondmentId, to.returnedOn);
  return {
    type: "SecondmentReturnCorrected",
    data: { ...returned(record, to.returnedOn, to).data, reason },
  };
}

function voidReturn(command: VoidSecondmentReturn, state: SecondmentsState): SecondmentEvent[] {
  new CommandInput()
    .id("secondmentId", command.secondmentId)
    .oneOf("reason", command.reason, CORRECTION_REASONS)
    .check();
  const record = returnedRecord(state, command.secondmentId);
  return [
    {
      type: "SecondmentReturnVoided",
      data: { ...about(record), effectiveDate: record.returnedOn as string, reason: command.reason },
    },
  ];
}

/**
 * Voids an end recorded in error: the secondment runs again to its planned last day, checked as a running
 * one (no overlap with a later secondment, before a transfer, the length policy: warnings re-derived). A
 * return or transfer after it is voided first: which fact was wrong is HR's call.
 */
function voidEnd(command: VoidSecondmentEnd, state: SecondmentsState): SecondmentEvent[] {
  checkVoiding(command);
  const record = existing(state, command.secondmentId);
  refuseCancelled(record);
  if (record.endedOn === undefined) {
    throw new RuleViolation(SECONDMENT_RULES.notEnded, `secondment ${record.secondmentId} has not ended`);
  }
  if (record.status !== "SECONDMENT_STATUS_ENDED") {
    throw new RuleViolation(
      SECONDMENT_RULES.alreadyFollowedUp,
      `the return or transfer after secondment ${record.secondmentId} is recorded: void it first`,
    );
  }
  const lengthWarnings = recheckSpan(state, { ...record, endedOn: undefined }, command.policy);
  return [
    {
      type: "SecondmentEndVoided",
      data: {
        ...about(record),
        effectiveDate: record.endedOn,
        voidedEndedOn: record.endedOn,
        plannedEndOn: record.plannedEndOn,
        lengthWarnings,
        reason: command.reason,
      },
    },
  ];
}

/**
 * Voids the latest extension in force: the planned last day before it is in force again, checked as before
 * the extension (an end recorded after it refuses, as ending would; the length policy as agreed once no
 * extension is left). One after the planned end was corrected is refused: the correction is HR's latest
 * word on the planned end, so correct it again instead.
 */
function voidExtension(command: VoidSecondmentExtension, state: SecondmentsState): SecondmentEvent[] {
  checkVoiding(command);
  const record = existing(state, command.secondmentId);
  refuseCancelled(record);
  const extension = record.extensions?.at(-1);
  if (!extension) {
    throw new RuleViolation(
      SECONDMENT_RULES.notExtended,
      `secondment ${record.secondmentId} has no extension in force`,
    );
  }
  if (extension.plannedEndOn !== record.plannedEndOn) {
    throw new RuleViolation(
      SECONDMENT_RULES.plannedEndCorrectedSince,
      `the planned end ${record.plannedEndOn} was corrected after the extension to ${extension.plannedEndOn}: correct it instead`,
    );
  }
  const after: SecondmentRecord = {
    ...record,
    plannedEndOn: extension.previousPlannedEndOn,
    extensions: record.extensions?.slice(0, -1),
    extensionReasons: record.extensionReasons.slice(0, -1),
  };
  if (after.endedOn !== undefined && after.endedOn > after.plannedEndOn) {
    throw new RuleViolation(
      SECONDMENT_RULES.endAfterPlannedEnd,
      `the last day ${after.endedOn} would be after the planned end ${after.plannedEndOn}: void or correct the end first`,
    );
  }
  const lengthWarnings = recheckSpan(state, after, command.policy);
  return [
    {
      type: "SecondmentExtensionVoided",
      data: {
        ...about(record),
        effectiveDate: extension.agreedOn,
        voidedPlannedEndOn: extension.plannedEndOn,
        plannedEndOn: after.plannedEndOn,
        lengthWarnings,
        reason: command.reason,
      },
    },
  ];
}

function checkVoiding(command: VoidSecondmentEnd | VoidSecondmentExtension): void {
  new CommandInput()
    .id("secondmentId", command.secondmentId)
    .oneOf("reason", command.reason, CORRECTION_REASONS)
    .check();
}

/** A corrected or voided secondment checked by the rules of the original (span, length): its warnings. */
function recheckSpan(state: SecondmentsState, after: SecondmentRecord, policy: LengthPolicy) {
  return checkSpan(state, after.secondmentId, spanOf(after), policy, after.host.kind, {
    check: after.extensionReasons.length > 0 ? "AFTER_EXTENSION" : "AS_AGREED",
    alsoPlanned: after.plannedEndOn,
  });
}

function cancel(command: CancelSecondment, state: SecondmentsState): SecondmentEvent[] {
  new CommandInput()
    .id("secondmentId", command.secondmentId)
    .oneOf("reason", command.reason, CANCELLATION_REASONS)
    .check();
  const record = existing(state, command.secondmentId);
  refuseCancelled(record);
  if (record.status === "SECONDMENT_STATUS_TRANSFERRED_OUT") {
    throw new RuleViolation(
      SECONDMENT_RULES.followedByTransfer,
      `a transfer of employment follows secondment ${record.secondmentId}: void or correct the transfer first`,
    );
  }
  if (record.status !== "SECONDMENT_STATUS_PLANNED" && command.reason !== RECORDED_IN_ERROR) {
    throw new RuleViolation(
      SECONDMENT_RULES.alreadyStarted,
      `secondment ${record.secondmentId} has started: only ${RECORDED_IN_ERROR} can void it`,
    );
  }
  return [
    {
      type: "SecondmentCancelled",
      data: { ...about(record), effectiveDate: record.startsOn, reasonCode: command.reason },
    },
  ];
}

function correct(command: CorrectSecondment, state: SecondmentsState): SecondmentEvent[] {
  const input = new CommandInput()
    .id("secondmentId", command.secondmentId)
    .oneOf("reason", command.reason, CORRECTION_REASONS);
  for (const field of ["startsOn", "plannedEndOn", "endedOn", "agreedOn"] as const) {
    if (command[field] !== undefined) input.date(field, command[field]);
  }
  for (const field of ["hostDepartment", "hostTitle", "homeDepartment", "homePost"] as const) {
    if (command[field] !== undefined) input.text(field, command[field], POST);
  }
  if (command.host !== undefined)
    input.id("hostId", command.host.hostId).oneOf("hostKind", command.host.kind, HOST_KINDS);
  if (command.hiredOn !== undefined) input.date("hiredOn", command.hiredOn);
  input.check();
  const record = existing(state, command.secondmentId);
  refuseCancelled(record);
  if (command.endedOn !== undefined && record.endedOn === undefined) {
    throw new RuleViolation(SECONDMENT_RULES.notEnded, `secondment ${record.secondmentId} has not ended`);
  }
  const after: SecondmentRecord = {
    ...record,
    startsOn: command.startsOn ?? record.startsOn,
    plannedEndOn: command.plannedEndOn ?? record.plannedEndOn,
    agreedOn: command.agreedOn ?? record.agreedOn,
    host: command.host ?? record.host,
    hostDepartment: command.hostDepartment ?? record.hostDepartment,
    hostTitle: command.hostTitle ?? record.hostTitle,
    homeDepartment: command.homeDepartment ?? record.homeDepartment,
    homePost: command.homePost ?? record.homePost,
    ...(record.endedOn === undefined ? {} : { endedOn: command.endedOn ?? record.endedOn }),
  };
  const compared = [
    "startsOn",
    "plannedEndOn",
    "endedOn",
    "agreedOn",
    "hostDepartment",
    "hostTitle",
  ] as const;
  if (
    [...compared, "homeDepartment", "homePost"].every(
      (k) => after[k as keyof SecondmentRecord] === record[k as keyof SecondmentRecord],
    ) &&
    after.host.hostId === record.host.hostId &&
    after.host.kind === record.host.kind &&
    after.host.name === record.host.name
  ) {
    throw new RuleViolation(SECONDMENT_RULES.correctionChangesNothing, "the correction changes nothing");
  }
  // The rules of the original: agreement, start, end and year plan as agreeing, starting and ending check.
  refuseAgreedAfterStart(after.agreedOn, after.startsOn);
  refuseEndBeforeStart(after.startsOn, after.plannedEndOn);
  if (record.status === "SECONDMENT_STATUS_PLANNED") {
    checkYearPlan(record.yearPlan, after.startsOn, after.plannedEndOn);
  }
  if (after.endedOn !== undefined) {
    refuseEndBeforeStart(after.startsOn, after.endedOn);
    if (after.endedOn > after.plannedEndOn) {
      throw new RuleViolation(
        SECONDMENT_RULES.endAfterPlannedEnd,
        `the last day ${after.endedOn} would be after the planned end ${after.plannedEndOn}: correct that too`,
      );
    }
  }
  const lengthWarnings = recheckSpan(state, after, command.policy);
  const started = record.status !== "SECONDMENT_STATUS_PLANNED";
  const yearOfService = started ? yearOfServiceOn(command.hiredOn, after.startsOn) : undefined;
  const corrected: SecondmentEvent = {
    type: "SecondmentCorrected",
    data: {
      ...about(after),
      effectiveDate: after.startsOn,
      reason: command.reason,
      startsOn: after.startsOn,
      plannedEndOn: after.plannedEndOn,
      ...(after.endedOn === undefined ? {} : { endedOn: after.endedOn }),
      lengthWarnings,
      hostName: after.host.name,
      hostDepartment: after.hostDepartment,
      hostTitle: after.hostTitle,
      homeDepartment: after.homeDepartment,
      homePost: after.homePost,
      agreedOn: after.agreedOn,
      ...(yearOfService === undefined ? {} : { yearOfService }),
    },
  };
  return [
    corrected,
    ...followUpAfterCorrection(evolveSecondments(state, corrected), record, after, command.reason),
  ];
}

/**
 * A return or transfer after a corrected end. One on the day after the end moves with it, so the record
 * keeps no hole between them; a later one (recorded on its own) stays, and must stay after the end.
 */
function followUpAfterCorrection(
  state: SecondmentsState,
  before: SecondmentRecord,
  after: SecondmentRecord,
  reason: CorrectSecondment["reason"],
): SecondmentEvent[] {
  if (before.endedOn === undefined || after.endedOn === undefined || after.endedOn === before.endedOn)
    return [];
  const followedOn = before.returnedOn ?? before.transferredOn;
  if (followedOn === undefined) return [];
  const dayAfter = addDays(after.endedOn, 1);
  if (followedOn !== addDays(before.endedOn, 1)) {
    if (followedOn > after.endedOn) return [];
    throw new RuleViolation(
      SECONDMENT_RULES.correctionBreaksFollowUp,
      `the last day must stay before the return or transfer on ${followedOn}`,
    );
  }
  if (before.returnedOn !== undefined && before.returnedTo !== undefined) {
    return [returnCorrected(state, after, { returnedOn: dayAfter, ...before.returnedTo }, reason)];
  }
  const transfer = (state.transfers ?? []).find((t) => !t.voided && t.secondmentId === before.secondmentId);
  if (!transfer) return [];
  return [transferCorrected(state, { ...transfer, transferredOn: dayAfter }, reason)];
}

/** Year of service (入庁N年目) on `date`: 1 in the fiscal year of the hiring, 2 in the next, ... */
export function yearOfServiceOn(hiredOn: string | undefined, date: string): number | undefined {
  if (hiredOn === undefined || hiredOn > date) return undefined;
  return fiscalYearOf(date) - fiscalYearOf(hiredOn) + 1;
}

function about(record: SecondmentRecord) {
  return {
    employeeId: record.employeeId,
    secondmentId: record.secondmentId,
    hostId: record.host.hostId,
    hostKind: record.host.kind,
  };
}

function returned(
  record: SecondmentRecord,
  returnedOn: string,
  to: { department: string; post: string },
): SecondmentReturned {
  return {
    type: "SecondmentReturned",
    data: {
      ...about(record),
      effectiveDate: returnedOn,
      returnedOn,
      department: to.department,
      post: to.post,
    },
  };
}

function checkTerms(input: CommandInput, terms: Terms): void {
  input
    .id("hostId", terms.host.hostId)
    .oneOf("hostKind", terms.host.kind, HOST_KINDS)
    .text("hostDepartment", terms.hostDepartment, POST)
    .text("hostTitle", terms.hostTitle, POST)
    .text("homeDepartment", terms.homeDepartment, POST)
    .text("homePost", terms.homePost, POST)
    .date("plannedEndOn", terms.plannedEndOn);
}

/**
 * Phases of a year plan: inside the planned period, in order and not overlapping. The shape of each phase
 * is the request schema's; how phases fit the period is a rule (422 naming each phase that breaks it).
 */
function checkYearPlan(phases: readonly Phase[], startsOn: string, endsOn: string): void {
  const input = new CommandInput();
  if (phases.length > LIMITS.phases) input.fail("yearPlan", `must have at most ${LIMITS.phases} phases`);
  for (const [i, phase] of phases.entries()) {
    input.text(`yearPlan[${i}].name`, phase.name, POST);
    input.date(`yearPlan[${i}].startsOn`, phase.startsOn).date(`yearPlan[${i}].endsOn`, phase.endsOn);
  }
  input.check();
  const broken: string[] = [];
  for (const [i, phase] of phases.entries()) {
    const previous = phases[i - 1];
    if (phase.endsOn < phase.startsOn) broken.push(`yearPlan[${i}] ends before it starts`);
    if (phase.startsOn < startsOn || phase.endsOn > endsOn) {
      broken.push(`yearPlan[${i}] is not within the planned period ${startsOn} to ${endsOn}`);
    }
    if (previous && phase.startsOn <= previous.endsOn) {
      broken.push(`yearPlan[${i}] starts before the previous phase ends`);
    }
  }
  if (broken.length > 0) throw new RuleViolation(SECONDMENT_RULES.yearPlanOutOfPlace, broken.join("; "));
}

/** No last day before the first, no overlap with another secondment, the length policy: its warnings. */
function checkSpan(
  state: SecondmentsState,
  secondmentId: string,
  span: { startsOn: string; endsOn: string },
  policy: LengthPolicy,
  kind: SecondmentRecord["host"]["kind"],
  options: { check?: LengthCheck; alsoPlanned?: string } = {},
) {
  refuseEndBeforeStart(span.startsOn, span.endsOn);
  const transfer = transferInForce(state);
  if (transfer && span.endsOn >= transfer.transferredOn) {
    throw new RuleViolation(
      SECONDMENT_RULES.transferredOut,
      `the employee's employment moved to ${transfer.host.name} on ${transfer.transferredOn}; a secondment ${span.startsOn} to ${span.endsOn} reaches it`,
    );
  }
  const clash = state.secondments.find((other) => {
    if (other.secondmentId === secondmentId || other.status === "SECONDMENT_STATUS_CANCELLED") return false;
    const o = spanOf(other);
    return o.startsOn <= span.endsOn && span.startsOn <= o.endsOn;
  });
  if (clash) {
    const o = spanOf(clash);
    throw new RuleViolation(
      SECONDMENT_RULES.overlap,
      `${span.startsOn} to ${span.endsOn} overlaps secondment ${clash.secondmentId} (${o.startsOn} to ${o.endsOn}); back to back is allowed`,
    );
  }
  const longest =
    options.alsoPlanned && options.alsoPlanned > span.endsOn ? options.alsoPlanned : span.endsOn;
  return checkLength(
    policy,
    kind,
    { startsOn: span.startsOn, endsOn: longest },
    options.check ?? "AS_AGREED",
  );
}

function refuseEndBeforeStart(startsOn: string, endsOn: string): void {
  if (endsOn < startsOn) {
    throw new RuleViolation(
      SECONDMENT_RULES.endBeforeStart,
      `the last day ${endsOn} is before the first day ${startsOn}`,
    );
  }
}

function refuseCancelled(record: SecondmentRecord): void {
  if (record.status === "SECONDMENT_STATUS_CANCELLED") {
    throw new RuleViolation(SECONDMENT_RULES.cancelled, `secondment ${record.secondmentId} was cancelled`);
  }
}

function refuseAgreedAfterStart(agreedOn: string, startsOn: string): void {
  if (agreedOn > startsOn) {
    throw new RuleViolation(
      SECONDMENT_RULES.agreedAfterStart,
      `an agreement dated ${agreedOn} cannot come after the first day ${startsOn}`,
    );
  }
}

/** A new transfer on `transferredOn`: its id unused, none other in force, after every secondment. */
function checkNewTransfer(state: SecondmentsState, transferId: string, transferredOn: string): void {
  if (findTransfer(state, transferId)) {
    throw new RuleViolation(SECONDMENT_RULES.transferIdAlreadyUsed, `transfer ${transferId} exists`);
  }
  const inForce = transferInForce(state);
  if (inForce) {
    throw new RuleViolation(
      SECONDMENT_RULES.transferredOut,
      `the employee's employment already moved to ${inForce.host.name} on ${inForce.transferredOn} (transfer ${inForce.transferId}); void or correct it`,
    );
  }
  const open = state.secondments.filter(
    (s) => s.status === "SECONDMENT_STATUS_PLANNED" || s.status === "SECONDMENT_STATUS_ACTIVE",
  );
  if (open.length > 0) {
    throw new RuleViolation(
      SECONDMENT_RULES.openSecondmentsRemain,
      `cancel or end ${open.map((s) => s.secondmentId).join(", ")} before the transfer of employment`,
    );
  }
  refuseSecondmentsReaching(state, transferredOn);
}

/** A transfer leaves the service on its date: every secondment (and the return after it) is before. */
function refuseSecondmentsReaching(state: SecondmentsState, transferredOn: string): void {
  const reaching = state.secondments.find(
    (s) =>
      s.status !== "SECONDMENT_STATUS_CANCELLED" &&
      (spanOf(s).endsOn >= transferredOn || (s.returnedOn !== undefined && s.returnedOn >= transferredOn)),
  );
  if (reaching) {
    const last = reaching.returnedOn ?? spanOf(reaching).endsOn;
    throw new RuleViolation(
      SECONDMENT_RULES.transferBeforeSecondmentEnds,
      `a transfer of employment on ${transferredOn} must come after secondment ${reaching.secondmentId} (to ${last})`,
    );
  }
}

/** A return falls in no other secondment's days, and before a transfer of employment. */
function refuseReturnDuringSecondment(
  state: SecondmentsState,
  secondmentId: string,
  returnedOn: string,
): void {
  const during = state.secondments.find((s) => {
    if (s.secondmentId === secondmentId || s.status === "SECONDMENT_STATUS_CANCELLED") return false;
    const span = spanOf(s);
    return span.startsOn <= returnedOn && returnedOn <= span.endsOn;
  });
  if (during) {
    const span = spanOf(during);
    throw new RuleViolation(
      SECONDMENT_RULES.returnDuringSecondment,
      `a return on ${returnedOn} falls inside secondment ${during.secondmentId} (${span.startsOn} to ${span.endsOn})`,
    );
  }
  const transfer = transferInForce(state);
  if (transfer && returnedOn >= transfer.transferredOn) {
    throw new RuleViolation(
      SECONDMENT_RULES.transferredOut,
      `the employee's employment moved to ${transfer.host.name} on ${transfer.transferredOn}; no return from ${returnedOn}`,
    );
  }
}

function liveTransfer(state: SecondmentsState, transferId: string): EmploymentTransferRecord {
  const transfer = findTransfer(state, transferId);
  if (!transfer) throw new NotFoundError(`no transfer of employment ${transferId} for this employee`);
  if (transfer.voided) {
    throw new RuleViolation(SECONDMENT_RULES.transferVoided, `transfer ${transferId} was voided`);
  }
  return transfer;
}

/** A secondment with a return recorded (not voided). */
function returnedRecord(state: SecondmentsState, secondmentId: string): SecondmentRecord {
  const record = existing(state, secondmentId);
  refuseCancelled(record);
  if (record.status !== "SECONDMENT_STATUS_RETURNED") {
    throw new RuleViolation(
      SECONDMENT_RULES.notReturned,
      `secondment ${secondmentId} has no return recorded`,
    );
  }
  return record;
}

function existing(state: SecondmentsState, secondmentId: string): SecondmentRecord {
  const record = findSecondment(state, secondmentId);
  if (!record) throw new NotFoundError(`no secondment ${secondmentId} for this employee`);
  return record;
}

/** An ended secondment with neither a return nor a transfer yet, and `date` after its last day. */
function endedNotFollowedUp(state: SecondmentsState, secondmentId: string, date: string): SecondmentRecord {
  const record = existing(state, secondmentId);
  refuseCancelled(record);
  if (record.status === "SECONDMENT_STATUS_PLANNED" || record.status === "SECONDMENT_STATUS_ACTIVE") {
    throw new RuleViolation(SECONDMENT_RULES.notEnded, `secondment ${secondmentId} has not ended`);
  }
  if (record.status !== "SECONDMENT_STATUS_ENDED") {
    throw new RuleViolation(
      SECONDMENT_RULES.alreadyFollowedUp,
      `the return or transfer after secondment ${secondmentId} is already recorded`,
    );
  }
  if (record.endedOn !== undefined && date <= record.endedOn) {
    throw new RuleViolation(
      SECONDMENT_RULES.notAfterEnd,
      `${date} must come after the secondment's last day ${record.endedOn}`,
    );
  }
  return record;
}
