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
 *   transfer of employment comes after the end, once; a transfer ends the person's service here, so it
 *   needs no other open secondment and nothing follows it;
 * - cancel before the start; after it only as recorded in error (the secondment never happened);
 * - a correction states the dates anew with a reason and must keep every rule above;
 * - the length policy per host kind (length-policy.ts): all limits at the agreement and the start, the
 *   maximum after extensions and corrections; a limit set to warn records the warning on the event.
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
  CorrectSecondment,
  EndSecondment,
  ExtendSecondment,
  ReturnFromSecondment,
  SecondmentCommand,
  StartSecondment,
  Terms,
  TransferEmployment,
} from "./secondment.commands";
import type { Phase, SecondmentEvent } from "./secondment.events";
import { SECONDMENT_RULES } from "./secondment.reasons";
import {
  evolveSecondments,
  findSecondment,
  initialSecondmentsState,
  type SecondmentRecord,
  type SecondmentsState,
  spanOf,
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
  refuseAfterTransfer(state, command.plannedStartOn);
  if (command.agreedOn > command.plannedStartOn) {
    throw new RuleViolation(
      SECONDMENT_RULES.agreedAfterStart,
      `an agreement dated ${command.agreedOn} cannot come after the planned start ${command.plannedStartOn}`,
    );
  }
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
  refuseAfterTransfer(state, command.startsOn);
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
  return [returned(record, command.returnedOn, command)];
}

function transfer(command: TransferEmployment, state: SecondmentsState): SecondmentEvent[] {
  new CommandInput()
    .id("secondmentId", command.secondmentId)
    .date("transferredOn", command.transferredOn)
    .check();
  const record = endedNotFollowedUp(state, command.secondmentId, command.transferredOn);
  const open = state.secondments.filter(
    (s) => s.status === "SECONDMENT_STATUS_PLANNED" || s.status === "SECONDMENT_STATUS_ACTIVE",
  );
  if (open.length > 0) {
    throw new RuleViolation(
      SECONDMENT_RULES.openSecondmentsRemain,
      `cancel or end ${open.map((s) => s.secondmentId).join(", ")} before the transfer of employment`,
    );
  }
  return [
    {
      type: "SecondmentTransferredOut",
      data: {
        ...about(record),
        effectiveDate: command.transferredOn,
        transferredOn: command.transferredOn,
        hostName: record.host.name,
      },
    },
  ];
}

function cancel(command: CancelSecondment, state: SecondmentsState): SecondmentEvent[] {
  new CommandInput()
    .id("secondmentId", command.secondmentId)
    .oneOf("reason", command.reason, CANCELLATION_REASONS)
    .check();
  const record = existing(state, command.secondmentId);
  refuseCancelled(record);
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
  if (command.startsOn !== undefined) input.date("startsOn", command.startsOn);
  if (command.plannedEndOn !== undefined) input.date("plannedEndOn", command.plannedEndOn);
  if (command.endedOn !== undefined) input.date("endedOn", command.endedOn);
  input.check();
  const record = existing(state, command.secondmentId);
  refuseCancelled(record);
  if (command.endedOn !== undefined && record.endedOn === undefined) {
    throw new RuleViolation(SECONDMENT_RULES.notEnded, `secondment ${record.secondmentId} has not ended`);
  }
  const after = {
    startsOn: command.startsOn ?? record.startsOn,
    plannedEndOn: command.plannedEndOn ?? record.plannedEndOn,
    endedOn: command.endedOn ?? record.endedOn,
  };
  if (
    after.startsOn === record.startsOn &&
    after.plannedEndOn === record.plannedEndOn &&
    after.endedOn === record.endedOn
  ) {
    throw new RuleViolation(SECONDMENT_RULES.correctionChangesNothing, "the correction changes no date");
  }
  if (record.status === "SECONDMENT_STATUS_PLANNED" && record.agreedOn > after.startsOn) {
    throw new RuleViolation(
      SECONDMENT_RULES.agreedAfterStart,
      `the start cannot come before the agreement of ${record.agreedOn}`,
    );
  }
  refuseEndBeforeStart(after.startsOn, after.plannedEndOn);
  if (after.endedOn !== undefined) {
    refuseEndBeforeStart(after.startsOn, after.endedOn);
    const followedOn = record.returnedOn ?? record.transferredOn;
    if (followedOn !== undefined && followedOn <= after.endedOn) {
      throw new RuleViolation(
        SECONDMENT_RULES.correctionBreaksFollowUp,
        `the last day must stay before the return or transfer on ${followedOn}`,
      );
    }
  }
  const span = { startsOn: after.startsOn, endsOn: after.endedOn ?? after.plannedEndOn };
  const lengthWarnings = checkSpan(state, record.secondmentId, span, command.policy, record.host.kind, {
    check: "AFTER_EXTENSION",
    alsoPlanned: after.plannedEndOn,
  });
  return [
    {
      type: "SecondmentCorrected",
      data: {
        ...about(record),
        effectiveDate: after.startsOn,
        reason: command.reason,
        startsOn: after.startsOn,
        plannedEndOn: after.plannedEndOn,
        ...(after.endedOn === undefined ? {} : { endedOn: after.endedOn }),
        lengthWarnings,
      },
    },
  ];
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
): SecondmentEvent {
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

function refuseAfterTransfer(state: SecondmentsState, startsOn: string): void {
  if (state.transferredOutOn !== undefined) {
    throw new RuleViolation(
      SECONDMENT_RULES.transferredOut,
      `the employee's employment moved to a host on ${state.transferredOutOn}; no secondment from ${startsOn}`,
    );
  }
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
