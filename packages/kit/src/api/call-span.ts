import { context, SpanKind, trace } from "@opentelemetry/api";
import { contextFromHeaders, inSpan } from "../telemetry/trace-context";

/**
 * Runs an API call in a span. Under the HTTP/gRPC auto-instrumentation there is already a server
 * span and this one nests inside it; without it (tests, tools) this one is the server span, joined to
 * the caller's trace through its `traceparent` header or metadata.
 */
export function inCallSpan<T>(
  name: string,
  headers: Record<string, string | undefined>,
  work: () => Promise<T>,
): Promise<T> {
  const active = trace.getActiveSpan() !== undefined;
  return inSpan(
    `operation ${name}`,
    {
      kind: active ? SpanKind.INTERNAL : SpanKind.SERVER,
      parent: active ? context.active() : contextFromHeaders(headers),
      attributes: { "hr.operation": name },
    },
    work,
  );
}
