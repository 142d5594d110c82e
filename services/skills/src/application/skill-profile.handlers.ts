import { randomUUID } from "node:crypto";
import { type CallContext, commandContext, type EventStore, handleCommand, todayInJapan } from "@hr/kit";
import {
  type ChangeJobType,
  type ChooseCareerTrack,
  type CorrectAssessment,
  type CorrectJobTypeChange,
  type RecordAssessment,
  type SetTargetRole,
  type SkillProfileCommand,
  type SkillProfileEvent,
  skillProfileDecider,
  type VoidAssessment,
  type VoidJobTypeChange,
} from "../domain";

import type { SkillMapStore } from "./skill-map.store";

export const profileStream = (employeeId: string) => `skill-profile-${employeeId}`;

/** What a caller sends for a new item: the command without what the application fills in. */
type Sent<C> = Omit<C, "type" | "catalogues" | "today" | "assessmentId" | "changeId">;

/**
 * Command handlers of the skill profile: fill in what the rules need (the skill maps loaded, today's
 * date in Japan, new ids), then load, decide and append through the kit. A repeated `requestId`
 * returns the first reply, including the id assigned then.
 */
export class SkillProfileHandlers {
  constructor(
    private readonly store: EventStore,
    private readonly skillMaps: SkillMapStore,
    private readonly notifyOutbox: () => void,
  ) {}

  async recordAssessment(sent: Sent<RecordAssessment>, requestId: string, call: CallContext) {
    const assessmentId = `asm-${randomUUID()}`;
    const command: RecordAssessment = {
      ...sent,
      type: "RecordAssessment",
      assessmentId,
      today: todayInJapan(),
      catalogues: await this.skillMaps.versions(),
    };
    return this.run(command, sent, requestId, call, ({ streamVersion }) => ({ assessmentId, streamVersion }));
  }

  async correctAssessment(
    sent: Omit<CorrectAssessment, "type" | "catalogues">,
    requestId: string,
    call: CallContext,
  ) {
    const command: CorrectAssessment = {
      ...sent,
      type: "CorrectAssessment",
      catalogues: await this.skillMaps.versions(),
    };
    return this.run(command, sent, requestId, call, ({ streamVersion }) => ({
      assessmentId: sent.assessmentId,
      streamVersion,
    }));
  }

  voidAssessment(sent: Omit<VoidAssessment, "type">, requestId: string, call: CallContext) {
    return this.run({ ...sent, type: "VoidAssessment" }, sent, requestId, call, ({ streamVersion }) => ({
      assessmentId: sent.assessmentId,
      streamVersion,
    }));
  }

  async setTargetRole(
    sent: Omit<SetTargetRole, "type" | "catalogues">,
    requestId: string,
    call: CallContext,
  ) {
    const command: SetTargetRole = {
      ...sent,
      type: "SetTargetRole",
      catalogues: await this.skillMaps.versions(),
    };
    return this.run(command, sent, requestId, call, ({ streamVersion }) => ({
      roleId: sent.roleId,
      streamVersion,
    }));
  }

  changeJobType(sent: Sent<ChangeJobType>, requestId: string, call: CallContext) {
    const changeId = `jtc-${randomUUID()}`;
    return this.run(
      { ...sent, type: "ChangeJobType", changeId },
      sent,
      requestId,
      call,
      ({ streamVersion, events }) => {
        const changed = events.find((e) => e.type === "JobTypeChanged");
        const from = changed?.type === "JobTypeChanged" ? changed.data.fromJobType : undefined;
        return { changeId, streamVersion, ...(from ? { fromJobType: from } : {}) };
      },
    );
  }

  correctJobTypeChange(sent: Omit<CorrectJobTypeChange, "type">, requestId: string, call: CallContext) {
    return this.run(
      { ...sent, type: "CorrectJobTypeChange" },
      sent,
      requestId,
      call,
      ({ streamVersion }) => ({
        changeId: sent.changeId,
        streamVersion,
      }),
    );
  }

  voidJobTypeChange(sent: Omit<VoidJobTypeChange, "type">, requestId: string, call: CallContext) {
    return this.run({ ...sent, type: "VoidJobTypeChange" }, sent, requestId, call, ({ streamVersion }) => ({
      changeId: sent.changeId,
      streamVersion,
    }));
  }

  chooseCareerTrack(sent: Omit<ChooseCareerTrack, "type">, requestId: string, call: CallContext) {
    return this.run({ ...sent, type: "ChooseCareerTrack" }, sent, requestId, call, ({ streamVersion }) => ({
      track: sent.track,
      streamVersion,
    }));
  }

  private async run<Reply>(
    command: SkillProfileCommand,
    request: unknown,
    requestId: string,
    call: CallContext,
    reply: (outcome: { streamVersion: number; events: readonly SkillProfileEvent[] }) => Reply,
  ): Promise<Reply> {
    const outcome = await handleCommand({
      store: this.store,
      decider: skillProfileDecider,
      streamId: profileStream(command.employeeId),
      commandName: command.type,
      command,
      request,
      context: commandContext(requestId, call),
      reply: ({ version, events }) => reply({ streamVersion: version, events }),
      onAppended: this.notifyOutbox,
    });
    return outcome.reply;
  }
}
