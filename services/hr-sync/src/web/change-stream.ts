/**
 * `GET /pages/changes`: server-sent events telling an open page that its records changed, fed from the
 * change log (the source of gRPC WatchChanges). Only a signal goes out (`event: change`); the page then
 * re-reads itself through the usual admitted route, so the stream carries no record data.
 * A page asks for its subject: `employeeId` (employee pages) or `department`+`fiscalYear`.
 * A stream ends when the caller's token expires (`event: expired` first, so the page signs in again), and
 * a caller (token subject) holds at most `slots.perSubject` of them at once (WatchChanges calls included):
 * beyond, 429.
 */
import { type Principal, ResourceExhaustedError, tokenExpiry } from "@hr/kit";
import type { syncV1 } from "@hr/proto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ChangeLog } from "../application/change-log";
import type { RecordsQueries } from "../application/records.queries";
import type { StreamSlots } from "../application/stream-slots";

export type Subject = { employeeId: string } | { department: string; fiscalYear: number };

const HEARTBEAT_MS = 15_000;

/** Whether a change concerns the page's subject. */
export function concerns(subject: Subject, change: syncV1.WatchChangesResponse): boolean {
  const record = change.record;
  if (!record) return false;
  if ("employeeId" in subject) return record.value.employeeId === subject.employeeId;
  return (
    record.$case === "evaluationRecord" &&
    record.value.department === subject.department &&
    record.value.fiscalYear === subject.fiscalYear
  );
}

export function registerChangeStream(
  web: FastifyInstance,
  queries: RecordsQueries,
  changes: ChangeLog,
  admitSubject: (request: FastifyRequest) => Promise<{ subject: Subject; principal: Principal }>,
  slots: StreamSlots,
): void {
  web.get("/pages/changes", { schema: { hide: true } }, async (request, reply) => {
    const { subject, principal } = await admitSubject(request);
    let release: () => void;
    try {
      release = slots.take(principal.subject);
    } catch (error) {
      if (!(error instanceof ResourceExhaustedError)) throw error;
      return reply
        .status(429)
        .header("retry-after", String(Math.ceil((error.retryAfterMs ?? 1_000) / 1_000)))
        .type("text/plain; charset=utf-8")
        .send(error.message);
    }
    const from = await changes.head().catch((error) => {
      release();
      throw error;
    });
    const gone = new AbortController();
    request.raw.on("close", () => gone.abort());
    const expiry = tokenExpiry(principal);
    const signal = AbortSignal.any([gone.signal, expiry.signal]);
    reply.hijack();
    reply.raw.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    reply.raw.write(": open\n\n");
    const heartbeat = setInterval(() => reply.raw.write(": keep-alive\n\n"), HEARTBEAT_MS);
    try {
      for await (const change of queries.watch(from, signal)) {
        if (concerns(subject, change)) reply.raw.write(`event: change\nid: ${change.cursor}\ndata: {}\n\n`);
      }
      if (expiry.signal.aborted) reply.raw.write("event: expired\ndata: {}\n\n");
    } finally {
      clearInterval(heartbeat);
      expiry.dispose();
      release();
      reply.raw.end();
    }
  });
}
