import { CommandInput, type Decider, NotFoundError, RuleViolation } from "@hr/kit";
import { postingsV1 } from "@hr/proto";

/**
 * Postings HR core records through hr-sync (one stream per employee). hr-sync publishes them on
 * hr.postings.v1 and projects them from there like every other fact; corrections and voidings are new
 * events, never edits.
 */
export interface PostingValues {
  employeeId: string;
  effectiveDate: string;
  department: string;
  post: string;
  kind: postingsV1.PostingKind;
  rank?: postingsV1.Rank | undefined;
}

export type PostingCommand =
  | ({ type: "RecordPosting"; postingId: string } & PostingValues)
  | ({
      type: "CorrectPosting";
      postingId: string;
      reason: postingsV1.PostingCorrectionReason;
    } & PostingValues)
  | {
      type: "VoidPosting";
      employeeId: string;
      postingId: string;
      reason: postingsV1.PostingCorrectionReason;
    };

export type PostingEvent =
  | { type: "PostingRecorded"; data: postingsV1.PostingRecorded }
  | { type: "PostingCorrected"; data: postingsV1.PostingCorrected }
  | { type: "PostingVoided"; data: postingsV1.PostingVoided };

export const POSTING_EVENT_TYPES = ["PostingRecorded", "PostingCorrected", "PostingVoided"] as const;

export interface PostingsState {
  /** Postings by id, with the effective date they have now. */
  postings: Map<string, { effectiveDate: string; voided: boolean }>;
}

/** A department or post: one line of visible text, as the request schema says. */
const NAME = { required: true, max: 200 };

function checkValues(v: PostingValues & { postingId: string }): void {
  const input = new CommandInput()
    .employeeId("employeeId", v.employeeId)
    .id("postingId", v.postingId)
    .date("effectiveDate", v.effectiveDate)
    .text("department", v.department, NAME)
    .text("post", v.post, NAME);
  if (
    !Object.values(postingsV1.PostingKind).includes(v.kind) ||
    v.kind === postingsV1.PostingKind.UNSPECIFIED
  ) {
    input.fail("kind", "must be a posting kind");
  }
  input.check();
}

function existing(state: PostingsState, postingId: string) {
  const posting = state.postings.get(postingId);
  if (!posting) throw new NotFoundError(`posting ${postingId} is not recorded for this employee`);
  if (posting.voided) throw new RuleViolation("POSTING_VOIDED", `posting ${postingId} was voided`);
  return posting;
}

const values = (c: PostingValues) => ({
  employeeId: c.employeeId,
  effectiveDate: c.effectiveDate,
  department: c.department.trim(),
  post: c.post.trim(),
  kind: c.kind,
  ...(c.rank && c.rank !== postingsV1.Rank.UNSPECIFIED ? { rank: c.rank } : {}),
});

export const postingsDecider: Decider<PostingCommand, PostingEvent, PostingsState> = {
  initialState: () => ({ postings: new Map() }),
  decide(command, state) {
    switch (command.type) {
      case "RecordPosting":
        checkValues(command);
        return [{ type: "PostingRecorded", data: { ...values(command), postingId: command.postingId } }];
      case "CorrectPosting":
        checkValues(command);
        existing(state, command.postingId);
        return [
          {
            type: "PostingCorrected",
            data: {
              ...values(command),
              rank: command.rank ?? postingsV1.Rank.UNSPECIFIED,
              postingId: command.postingId,
              reason: command.reason,
            },
          },
        ];
      case "VoidPosting": {
        new CommandInput()
          .employeeId("employeeId", command.employeeId)
          .id("postingId", command.postingId)
          .check();
        const posting = existing(state, command.postingId);
        return [
          {
            type: "PostingVoided",
            data: {
              employeeId: command.employeeId,
              effectiveDate: posting.effectiveDate,
              postingId: command.postingId,
              reason: command.reason,
            },
          },
        ];
      }
    }
  },
  evolve(state, event) {
    const postings = new Map(state.postings);
    const { postingId, effectiveDate } = event.data;
    postings.set(postingId, { effectiveDate, voided: event.type === "PostingVoided" });
    return { postings };
  },
};
