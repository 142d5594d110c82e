import { ResourceExhaustedError } from "@hr/kit";

/** How soon a caller refused for holding too many streams may try again (one may have closed by then). */
const RETRY_AFTER_MS = 5_000;

/**
 * The live-update streams each caller (token subject) holds open in this instance, the pages' server-sent
 * events and gRPC WatchChanges together: a few per caller, so that one caller cannot hold the connections
 * and followers of everyone (`HR_PAGES_STREAMS_PER_SUBJECT`).
 */
export class StreamSlots {
  private readonly open = new Map<string, number>();

  constructor(readonly perSubject: number) {}

  /** A place for one more stream of `subject`, or RESOURCE_EXHAUSTED; the returned function gives it back. */
  take(subject: string): () => void {
    const held = this.open.get(subject) ?? 0;
    if (held >= this.perSubject) {
      throw new ResourceExhaustedError(
        `at most ${this.perSubject} live-update streams per caller: close one (a page or a WatchChanges call)`,
        { retryAfterMs: RETRY_AFTER_MS },
      );
    }
    this.open.set(subject, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(subject) ?? 1) - 1;
      if (left > 0) this.open.set(subject, left);
      else this.open.delete(subject);
    };
  }
}
