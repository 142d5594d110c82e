import { randomUUID } from "node:crypto";
import { type CallContext, commandContext, type EventStore, handleCommand, todayInJapan } from "@hr/kit";
import {
  type ChangeJobType,
  type ChooseCareerTrack,
  type ClearCareerTrack,
  type ClearTargetRole,
  type CorrectAssessment,
  type CorrectCareerTrackChoice,
  type CorrectJobTypeChange,
  type CorrectTargetRole,
  type RecordAssessment,
  type SetTargetRole,
  type SkillProfileCommand,
  type SkillProfileEvent,
  skillProfileDecider,
  type VoidAssessment,
  type VoidCareerTrackChoice,
  type VoidJobTypeChange,
  type VoidTargetRole,
} from "../domain";

import type { SkillMapStore } from "./skill-map.store";

export const profileStream = (employeeId: string) => `skill-profile-${employeeId}`;

/** What a caller sends for a new item: the command without what the application fills in. */
type Sent<C> = Omit<
  C,
  "type" | "catalogues" | "today" | "assessmentId" | "changeId" | "targetRoleId" | "choiceId"
>;

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

  async setTargetRole(sent: Sent<SetTargetRole>, requestId: string, call: CallContext) {
    const targetRoleId = `trl-${randomUUID()}`;
    const command: SetTargetRole = {
      ...sent,
      type: "SetTargetRole",
      targetRoleId,
      catalogues: await this.skillMaps.versions(),
    };
    return this.run(command, sent, requestId, call, ({ streamVersion }) => ({
      roleId: sent.roleId,
      targetRoleId,
      streamVersion,
    }));
  }

  clearTargetRole(sent: Sent<ClearTargetRole>, requestId: string, call: CallContext) {
    const targetRoleId = `trl-${randomUUID()}`;
    return this.run(
      { ...sent, type: "ClearTargetRole", targetRoleId },
      sent,
      requestId,
      call,
      ({ streamVersion }) => ({ targetRoleId, streamVersion }),
    );
  }

  async correctTargetRole(
    sent: Omit<CorrectTargetRole, "type" | "catalogues">,
    requestId: string,
    call: CallContext,
  ) {
    const command: CorrectTargetRole = {
      ...sent,
      type: "CorrectTargetRole",
      catalogues: await this.skillMaps.versions(),
    };
    return this.run(command, sent, requestId, call, ({ streamVersion }) => ({
      targetRoleId: sent.targetRoleId,
      streamVersion,
    }));
  }

  voidTargetRole(sent: Omit<VoidTargetRole, "type">, requestId: string, call: CallContext) {
    return this.run({ ...sent, type: "VoidTargetRole" }, sent, requestId, call, ({ streamVersion }) => ({
      targetRoleId: sent.targetRoleId,
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

  chooseCareerTrack(sent: Sent<ChooseCareerTrack>, requestId: string, call: CallContext) {
    const choiceId = `ctc-${randomUUID()}`;
    return this.run(
      { ...sent, type: "ChooseCareerTrack", choiceId },
      sent,
      requestId,
      call,
      ({ streamVersion }) => ({ track: sent.track, choiceId, streamVersion }),
    );
  }

  clearCareerTrack(sent: Sent<ClearCareerTrack>, requestId: string, call: CallContext) {
    const choiceId = `ctc-${randomUUID()}`;
    return this.run(
      { ...sent, type: "ClearCareerTrack", choiceId },
      sent,
      requestId,
      call,
      ({ streamVersion }) => ({ choiceId, streamVersion }),
    );
  }

  correctCareerTrackChoice(
    sent: Omit<CorrectCareerTrackChoice, "type">,
    requestId: string,
    call: CallContext,
  ) {
    return this.run(
      { ...sent, type: "CorrectCareerTrackChoice" },
      sent,
      requestId,
      call,
      ({ streamVersion }) => ({ choiceId: sent.choiceId, streamVersion }),
    );
  }

  voidCareerTrackChoice(sent: Omit<VoidCareerTrackChoice, "type">, requestId: string, call: CallContext) {
    return this.run(
      { ...sent, type: "VoidCareerTrackChoice" },
      sent,
      requestId,
      call,
      ({ streamVersion }) => ({ choiceId: sent.choiceId, streamVersion }),
    );
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
