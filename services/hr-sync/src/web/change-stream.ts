/**
 * `GET /pages/changes`: server-sent events telling an open page that its records changed, fed from the
 * change log (the source of gRPC WatchChanges). Only a signal goes out (`event: change`); the page then
 * re-reads itself through the usual admitted route, so the stream carries no record data.
 * A page asks for its subject: `employeeId` (employee pages) or `department`+`fiscalYear`.
 * A stream ends when the caller's token expires (`event: expired` first, so the page signs in again), and
 * a caller (token subject) holds at most `streamsPerSubject` of them at once: beyond, 429.
 */
import { type Principal, tokenExpiry } from "@hr/kit";
import type { syncV1 } from "@hr/proto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ChangeLog } from "../application/change-log";
import type { RecordsQueries } from "../application/records.queries";

export type Subject = { employeeId: string } | { department: string; fiscalYear: number };

const HEARTBEAT_MS = 15_000;
/** How soon a caller refused for holding too many streams may try again (one may have closed by then). */
const RETRY_AFTER_SECONDS = 5;

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
  streamsPerSubject: number,
): void {
  /** Open streams by token subject, in this instance. */
  const open = new Map<string, number>();
  web.get("/pages/changes", { schema: { hide: true } }, async (request, reply) => {
    const { subject, principal } = await admitSubject(request);
    const held = open.get(principal.subject) ?? 0;
    if (held >= streamsPerSubject) {
      return reply
        .status(429)
        .header("retry-after", String(RETRY_AFTER_SECONDS))
        .type("text/plain; charset=utf-8")
        .send(`at most ${streamsPerSubject} live-update streams per caller: close a page`);
    }
    open.set(principal.subject, held + 1);
    const from = await changes.head().catch((error) => {
      release(open, principal.subject);
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
      release(open, principal.subject);
      reply.raw.end();
    }
  });
}

function release(open: Map<string, number>, subject: string) {
  const left = (open.get(subject) ?? 1) - 1;
  if (left > 0) open.set(subject, left);
  else open.delete(subject);
}
