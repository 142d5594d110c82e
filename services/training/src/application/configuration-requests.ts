import { ConflictError, fingerprintOf, insertOnce } from "@hr/kit";
import type { Collection, Db } from "mongodb";

interface RequestDocument {
  /** The request id. */
  _id: string;
  commandName: string;
  fingerprint: string;
  reply: unknown;
  at: Date;
}

/**
 * Request ids of the configuration commands (LoadCourseCatalogue, ConfigureProgrammeYear), which replace
 * a document instead of appending events: each request id is kept by `_id` with the request's fingerprint
 * and its reply. A repeat returns the first reply and writes nothing, so a late retry cannot put back an
 * older version over a newer one; a request id reused with other content is refused (409, not retryable).
 * Twins racing both write the same content; the first reply kept is the one every repeat gets.
 */
export class ConfigurationRequests {
  private readonly requests: Collection<RequestDocument>;

  constructor(db: Db) {
    this.requests = db.collection<RequestDocument>("configuration_requests");
  }

  async once<Reply>(
    commandName: string,
    requestId: string,
    request: unknown,
    apply: () => Promise<Reply>,
  ): Promise<Reply> {
    const fingerprint = fingerprintOf(commandName, request);
    const earlier = await this.replyOf<Reply>(requestId, fingerprint);
    if (earlier) return earlier.reply;
    const reply = await apply();
    const first = await insertOnce(this.requests, {
      _id: requestId,
      commandName,
      fingerprint,
      reply,
      at: new Date(),
    });
    return first ? reply : ((await this.replyOf<Reply>(requestId, fingerprint))?.reply ?? reply);
  }

  private async replyOf<Reply>(
    requestId: string,
    fingerprint: string,
  ): Promise<{ reply: Reply } | undefined> {
    const earlier = await this.requests.findOne({ _id: requestId });
    if (!earlier) return undefined;
    if (earlier.fingerprint !== fingerprint) {
      throw new ConflictError(
        `request_id ${requestId} was already used for a different request; use a new request_id`,
        { retryable: false },
      );
    }
    return { reply: earlier.reply as Reply };
  }
}
