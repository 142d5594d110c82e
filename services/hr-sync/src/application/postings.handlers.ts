import { randomUUID } from "node:crypto";
import { type CallContext, commandContext, type EventStore, handleCommand } from "@hr/kit";
import { type PostingCommand, type PostingValues, postingsDecider } from "../domain";

export const postingsStream = (employeeId: string) => `postings-${employeeId}`;

type Corrected = Extract<PostingCommand, { type: "CorrectPosting" }>;
type Voided = Extract<PostingCommand, { type: "VoidPosting" }>;

/** HR core's posting commands: load the employee's postings, decide, append; published by the outbox. */
export class PostingsHandlers {
  constructor(
    private readonly store: EventStore,
    private readonly notifyOutbox: () => void,
  ) {}

  recordPosting(sent: PostingValues, requestId: string, call: CallContext) {
    const postingId = `pst-${randomUUID()}`;
    return this.run({ ...sent, type: "RecordPosting", postingId }, sent, requestId, call, postingId);
  }

  correctPosting(sent: Omit<Corrected, "type">, requestId: string, call: CallContext) {
    return this.run({ ...sent, type: "CorrectPosting" }, sent, requestId, call, sent.postingId);
  }

  voidPosting(sent: Omit<Voided, "type">, requestId: string, call: CallContext) {
    return this.run({ ...sent, type: "VoidPosting" }, sent, requestId, call, sent.postingId);
  }

  private async run(
    command: PostingCommand,
    request: unknown,
    requestId: string,
    call: CallContext,
    postingId: string,
  ): Promise<{ postingId: string }> {
    const outcome = await handleCommand({
      store: this.store,
      decider: postingsDecider,
      streamId: postingsStream(command.employeeId),
      commandName: command.type,
      command,
      request,
      context: commandContext(requestId, call),
      reply: () => ({ postingId }),
      onAppended: this.notifyOutbox,
    });
    return outcome.reply;
  }
}
