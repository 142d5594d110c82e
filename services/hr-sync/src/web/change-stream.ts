/**
 * `GET /pages/changes`: server-sent events telling an open page that its records changed, fed from the
 * change log (the source of gRPC WatchChanges). Only a signal goes out (`event: change`); the page then
 * re-reads itself through the usual admitted route, so the stream carries no record data.
 * A page asks for its subject: `employeeId` (employee pages) or `department`+`fiscalYear`.
 */
import type { syncV1 } from "@hr/proto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ChangeLog } from "../application/change-log";
import type { RecordsQueries } from "../application/records.queries";

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
  admitSubject: (request: FastifyRequest) => Promise<Subject>,
): void {
  web.get("/pages/changes", { schema: { hide: true } }, async (request, reply) => {
    const subject = await admitSubject(request);
    const from = await changes.head();
    const abort = new AbortController();
    request.raw.on("close", () => abort.abort());
    reply.hijack();
    reply.raw.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    reply.raw.write(": open\n\n");
    const heartbeat = setInterval(() => reply.raw.write(": keep-alive\n\n"), HEARTBEAT_MS);
    try {
      for await (const change of queries.watch(from, abort.signal)) {
        if (concerns(subject, change)) reply.raw.write(`event: change\nid: ${change.cursor}\ndata: {}\n\n`);
      }
    } finally {
      clearInterval(heartbeat);
      reply.raw.end();
    }
  });
}
