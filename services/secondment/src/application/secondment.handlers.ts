import { randomUUID } from "node:crypto";
import { type CallContext, commandContext, type EventStore, handleCommand } from "@hr/kit";
import {
  type AgreeSecondment,
  type CancelSecondment,
  type CorrectSecondment,
  type EndSecondment,
  type ExtendSecondment,
  findSecondment,
  type LengthPolicy,
  type Phase,
  type ReturnFromSecondment,
  type SecondmentCommand,
  type SecondmentView,
  secondmentDecider,
  secondmentView,
  type TransferEmployment,
} from "../domain";
import type { HiringDates } from "./hiring-dates";
import type { HostRegistry } from "./host-registry";

export const secondmentStream = (employeeId: string) => `secondments-${employeeId}`;

/** What a caller sends: the command without what the application fills in. */
type Sent<C> = Omit<C, "type" | "policy">;

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
    return this.run(command, sent, requestId, call);
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
      return this.run({ ...base, secondmentId: sent.secondmentId }, sent, requestId, call);
    const terms = {
      host: await this.hosts.snapshotOn(sent.hostId as string, sent.startsOn),
      hostDepartment: sent.hostDepartment as string,
      hostTitle: sent.hostTitle as string,
      homeDepartment: sent.homeDepartment as string,
      homePost: sent.homePost as string,
      plannedEndOn: sent.plannedEndOn as string,
      ...(sent.yearPlan ? { yearPlan: sent.yearPlan } : {}),
    };
    return this.run({ ...base, secondmentId: newSecondmentId(), terms }, sent, requestId, call);
  }

  extend(sent: Sent<ExtendSecondment>, requestId: string, call: CallContext) {
    return this.run({ ...sent, type: "ExtendSecondment", policy: this.policy }, sent, requestId, call);
  }

  end(
    sent: Sent<Omit<EndSecondment, "returnTo">> & { returnedToDepartment?: string; returnedToPost?: string },
    requestId: string,
    call: CallContext,
  ) {
    // The request schema requires both returned_to fields or neither.
    const { returnedToDepartment: department, returnedToPost: post, ...rest } = sent;
    const returnTo = department !== undefined && post !== undefined ? { returnTo: { department, post } } : {};
    return this.run({ ...rest, ...returnTo, type: "EndSecondment" }, sent, requestId, call);
  }

  returnFrom(sent: Sent<ReturnFromSecondment>, requestId: string, call: CallContext) {
    return this.run({ ...sent, type: "ReturnFromSecondment" }, sent, requestId, call);
  }

  transfer(sent: Sent<TransferEmployment>, requestId: string, call: CallContext) {
    return this.run({ ...sent, type: "TransferEmployment" }, sent, requestId, call);
  }

  cancel(sent: Sent<CancelSecondment>, requestId: string, call: CallContext) {
    return this.run({ ...sent, type: "CancelSecondment" }, sent, requestId, call);
  }

  correct(sent: Sent<CorrectSecondment>, requestId: string, call: CallContext) {
    return this.run({ ...sent, type: "CorrectSecondment", policy: this.policy }, sent, requestId, call);
  }

  /** Decides and appends; the reply is the secondment after the command, stored for repeats. */
  private async run(
    command: SecondmentCommand,
    request: unknown,
    requestId: string,
    call: CallContext,
  ): Promise<{ secondmentId: string; secondment: SecondmentView }> {
    const outcome = await handleCommand({
      store: this.store,
      decider: secondmentDecider,
      streamId: secondmentStream(command.employeeId),
      commandName: command.type,
      command,
      request,
      context: commandContext(requestId, call),
      reply: ({ state }) => {
        const record = findSecondment(state, command.secondmentId);
        if (!record) throw new RangeError(`secondment ${command.secondmentId} missing after ${command.type}`);
        return { secondmentId: record.secondmentId, secondment: secondmentView(record) };
      },
      onAppended: this.notifyOutbox,
    });
    return outcome.reply;
  }
}

function newSecondmentId(): string {
  return `sec-${randomUUID()}`;
}
