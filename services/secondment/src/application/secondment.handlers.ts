import { randomUUID } from "node:crypto";
import {
  type CallContext,
  commandContext,
  domainEvents,
  type EventStore,
  fold,
  handleCommand,
} from "@hr/kit";
import {
  type AgreeSecondment,
  type CancelSecondment,
  type CorrectEmploymentTransfer,
  type CorrectSecondment,
  type CorrectSecondmentReturn,
  type EmploymentTransferView,
  type EndSecondment,
  type ExtendSecondment,
  findSecondment,
  findTransfer,
  type LengthPolicy,
  type Phase,
  type RecordEmploymentTransfer,
  type ReturnFromSecondment,
  type SecondmentCommand,
  type SecondmentEvent,
  type SecondmentsState,
  type SecondmentView,
  secondmentDecider,
  secondmentView,
  type TransferEmployment,
  transferView,
  type VoidEmploymentTransfer,
  type VoidSecondmentEnd,
  type VoidSecondmentExtension,
  type VoidSecondmentReturn,
} from "../domain";
import type { HiringDates } from "./hiring-dates";
import type { HostRegistry } from "./host-registry";

export const secondmentStream = (employeeId: string) => `secondments-${employeeId}`;

/** What a caller sends: the command without what the application fills in. */
type Sent<C> = Omit<C, "type" | "policy" | "hiredOn">;

/** Corrections name a host by id; the handler fills in its values on the relevant day. */
type WithHostId<C> = Omit<Sent<C>, "host"> & { hostId?: string | undefined };

export interface StartRequest {
  employeeId: string;
  startsOn: string;
  secondmentId?: string | undefined;
  hostId?: string | undefined;
  hostDepartment?: string | undefined;
  hostTitle?: string | undefined;
  homeDepartment?: string | undefined;
  homePost?: string | undefined;
  plannedEndOn?: string | undefined;
  yearPlan?: Phase[] | undefined;
}

/**
 * Command handlers of secondments: fill in what the rules need (the host's values on the day, the length
 * policy, the hiring date learnt from hr.skills.v1, new ids), then load, decide and append through the
 * kit. A repeated `requestId` returns the first reply, including the id assigned then.
 */
export class SecondmentHandlers {
  constructor(
    private readonly store: EventStore,
    private readonly hosts: HostRegistry,
    private readonly hiringDates: HiringDates,
    private readonly policy: LengthPolicy,
    private readonly notifyOutbox: () => void,
  ) {}

  async agree(
    sent: Omit<Sent<AgreeSecondment>, "host" | "secondmentId"> & { hostId: string },
    requestId: string,
    call: CallContext,
  ) {
    const { hostId, ...rest } = sent;
    const command: AgreeSecondment = {
      ...rest,
      type: "AgreeSecondment",
      secondmentId: newSecondmentId(),
      host: await this.hosts.snapshotOn(hostId, sent.plannedStartOn),
      policy: this.policy,
    };
    return this.secondment(command, sent, requestId, call);
  }

  /** Starts the agreed secondment named, or agrees and starts one at once from the terms sent. */
  async start(sent: StartRequest, requestId: string, call: CallContext) {
    const hiredOn = await this.hiringDates.hiredOn(sent.employeeId);
    const base = {
      type: "StartSecondment" as const,
      employeeId: sent.employeeId,
      startsOn: sent.startsOn,
      policy: this.policy,
      ...(hiredOn ? { hiredOn } : {}),
    };
    // The request schema lets through either an agreed secondment id or every term, never a mix.
    if (sent.secondmentId)
      return this.secondment({ ...base, secondmentId: sent.secondmentId }, sent, requestId, call);
    const terms = {
      host: await this.hosts.snapshotOn(sent.hostId as string, sent.startsOn),
      hostDepartment: sent.hostDepartment as string,
      hostTitle: sent.hostTitle as string,
      homeDepartment: sent.homeDepartment as string,
      homePost: sent.homePost as string,
      plannedEndOn: sent.plannedEndOn as string,
      ...(sent.yearPlan ? { yearPlan: sent.yearPlan } : {}),
    };
    return this.secondment({ ...base, secondmentId: newSecondmentId(), terms }, sent, requestId, call);
  }

  extend(sent: Sent<ExtendSecondment>, requestId: string, call: CallContext) {
    return this.secondment({ ...sent, type: "ExtendSecondment", policy: this.policy }, sent, requestId, call);
  }

  end(
    sent: Sent<Omit<EndSecondment, "returnTo">> & { returnedToDepartment?: string; returnedToPost?: string },
    requestId: string,
    call: CallContext,
  ) {
    // The request schema requires both returned_to fields or neither.
    const { returnedToDepartment: department, returnedToPost: post, ...rest } = sent;
    const returnTo = department !== undefined && post !== undefined ? { returnTo: { department, post } } : {};
    return this.secondment({ ...rest, ...returnTo, type: "EndSecondment" }, sent, requestId, call);
  }

  returnFrom(sent: Sent<ReturnFromSecondment>, requestId: string, call: CallContext) {
    return this.secondment({ ...sent, type: "ReturnFromSecondment" }, sent, requestId, call);
  }

  /** The transfer of employment at the end of a secondment: the reply has both. */
  async transfer(sent: Omit<Sent<TransferEmployment>, "transferId">, requestId: string, call: CallContext) {
    const command: TransferEmployment = { ...sent, type: "TransferEmployment", transferId: newTransferId() };
    const hiredOn = await this.hiringDates.hiredOn(sent.employeeId);
    return this.run(command, sent, requestId, call, (state) => ({
      ...secondmentReply(state, command.secondmentId, hiredOn),
      ...transferReply(state, command.transferId),
    }));
  }

  cancel(sent: Sent<CancelSecondment>, requestId: string, call: CallContext) {
    return this.secondment({ ...sent, type: "CancelSecondment" }, sent, requestId, call);
  }

  async correct(sent: WithHostId<CorrectSecondment>, requestId: string, call: CallContext) {
    const { hostId, ...rest } = sent;
    const hiredOn = await this.hiringDates.hiredOn(sent.employeeId);
    // A corrected host has the values in force on the (corrected) first day.
    const firstDay = sent.startsOn ?? (await this.current(sent.employeeId, sent.secondmentId))?.startsOn;
    const host = hostId && firstDay ? { host: await this.hosts.snapshotOn(hostId, firstDay) } : {};
    const command: CorrectSecondment = {
      ...rest,
      ...host,
      type: "CorrectSecondment",
      policy: this.policy,
      ...(hiredOn ? { hiredOn } : {}),
    };
    return this.secondment(command, sent, requestId, call);
  }

  correctReturn(sent: Sent<CorrectSecondmentReturn>, requestId: string, call: CallContext) {
    return this.secondment({ ...sent, type: "CorrectSecondmentReturn" }, sent, requestId, call);
  }

  voidReturn(sent: Sent<VoidSecondmentReturn>, requestId: string, call: CallContext) {
    return this.secondment({ ...sent, type: "VoidSecondmentReturn" }, sent, requestId, call);
  }

  voidEnd(sent: Sent<VoidSecondmentEnd>, requestId: string, call: CallContext) {
    return this.secondment(
      { ...sent, type: "VoidSecondmentEnd", policy: this.policy },
      sent,
      requestId,
      call,
    );
  }

  voidExtension(sent: Sent<VoidSecondmentExtension>, requestId: string, call: CallContext) {
    const command = { ...sent, type: "VoidSecondmentExtension" as const, policy: this.policy };
    return this.secondment(command, sent, requestId, call);
  }

  async recordTransfer(
    sent: Omit<WithHostId<RecordEmploymentTransfer>, "transferId"> & { hostId: string },
    requestId: string,
    call: CallContext,
  ) {
    const { hostId, ...rest } = sent;
    const command: RecordEmploymentTransfer = {
      ...rest,
      type: "RecordEmploymentTransfer",
      transferId: newTransferId(),
      host: await this.hosts.snapshotOn(hostId, sent.transferredOn),
    };
    return this.run(command, sent, requestId, call, (state) => transferReply(state, command.transferId));
  }

  async correctTransfer(sent: WithHostId<CorrectEmploymentTransfer>, requestId: string, call: CallContext) {
    const { hostId, ...rest } = sent;
    const transfer = findTransfer(await this.stateOf(sent.employeeId), sent.transferId);
    const day = sent.transferredOn ?? transfer?.transferredOn;
    const host = hostId && day ? { host: await this.hosts.snapshotOn(hostId, day) } : {};
    const command: CorrectEmploymentTransfer = { ...rest, ...host, type: "CorrectEmploymentTransfer" };
    return this.run(command, sent, requestId, call, (state) => transferReply(state, command.transferId));
  }

  voidTransfer(sent: Sent<VoidEmploymentTransfer>, requestId: string, call: CallContext) {
    const command: VoidEmploymentTransfer = { ...sent, type: "VoidEmploymentTransfer" };
    return this.run(command, sent, requestId, call, (state) => transferReply(state, command.transferId));
  }

  /** Runs a command on one secondment; the reply is that secondment after it. */
  private async secondment(
    command: SecondmentCommand & { secondmentId: string },
    request: unknown,
    requestId: string,
    call: CallContext,
  ): Promise<{ secondmentId: string; secondment: SecondmentView }> {
    const hiredOn = await this.hiringDates.hiredOn(command.employeeId);
    return this.run(command, request, requestId, call, (state) =>
      secondmentReply(state, command.secondmentId, hiredOn),
    );
  }

  /** Decides and appends; the reply, built from the state after the command, is stored for repeats. */
  private async run<Reply>(
    command: SecondmentCommand,
    request: unknown,
    requestId: string,
    call: CallContext,
    reply: (state: SecondmentsState) => Reply,
  ): Promise<Reply> {
    const outcome = await handleCommand({
      store: this.store,
      decider: secondmentDecider,
      streamId: secondmentStream(command.employeeId),
      commandName: command.type,
      command,
      request,
      context: commandContext(requestId, call),
      reply: ({ state }) => reply(state),
      onAppended: this.notifyOutbox,
    });
    return outcome.reply;
  }

  private stateOf(employeeId: string): Promise<SecondmentsState> {
    return readSecondments(this.store, employeeId);
  }

  private async current(employeeId: string, secondmentId: string) {
    return findSecondment(await this.stateOf(employeeId), secondmentId);
  }
}

/** One employee's secondments and transfers, folded from their stream. */
export async function readSecondments(store: EventStore, employeeId: string): Promise<SecondmentsState> {
  const { events } = await store.readStream<SecondmentEvent>(secondmentStream(employeeId));
  return fold(secondmentDecider, domainEvents(events));
}

function secondmentReply(state: SecondmentsState, secondmentId: string, hiredOn: string | undefined) {
  const record = findSecondment(state, secondmentId);
  if (!record) throw new RangeError(`secondment ${secondmentId} missing after the command`);
  return { secondmentId: record.secondmentId, secondment: secondmentView(record, hiredOn) };
}

function transferReply(state: SecondmentsState, transferId: string): { transfer: EmploymentTransferView } {
  const transfer = findTransfer(state, transferId);
  if (!transfer) throw new RangeError(`transfer ${transferId} missing after the command`);
  return { transfer: transferView(transfer) };
}

function newSecondmentId(): string {
  return `sec-${randomUUID()}`;
}

function newTransferId(): string {
  return `tr-${randomUUID()}`;
}
