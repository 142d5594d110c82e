import {
  type Context,
  context,
  type Link,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";

/** The tracer every kit component records its spans with. */
export const tracer = trace.getTracer("@hr/kit");

/** W3C trace context of the active span, as header values (empty when nothing is traced). */
export function currentTraceHeaders(ctx: Context = context.active()): {
  traceparent?: string;
  tracestate?: string;
} {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return {
    ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
    ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
  };
}

/** The context a set of headers (Kafka, gRPC metadata, HTTP, stored metadata) carries. */
export function contextFromHeaders(headers: Record<string, string | undefined>): Context {
  return propagation.extract(context.active(), headers, {
    keys: (carrier) => Object.keys(carrier),
    get: (carrier, key) => carrier[key],
  });
}

/**
 * Runs `work` inside a new span and ends it; a thrown error marks the span failed with its type,
 * so a dashboard can tell refused commands from broken ones.
 */
export async function inSpan<T>(
  name: string,
  options: {
    kind?: SpanKind;
    attributes?: Record<string, string | number | boolean>;
    parent?: Context;
    links?: Link[];
  },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer.startActiveSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      ...(options.attributes ? { attributes: options.attributes } : {}),
      ...(options.links ? { links: options.links } : {}),
    },
    parent,
    async (span) => {
      try {
        return await work(span);
      } catch (error) {
        markFailed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * Starts a span under the trace context found in `carrier` (e.g. stored event metadata or Kafka
 * headers) without making it active; returns the headers that carry the new span onwards.
 */
export function startChildSpan(
  name: string,
  kind: SpanKind,
  carrier: { traceparent?: string | undefined; tracestate?: string | undefined },
  attributes: Record<string, string | number | boolean>,
): { headers: { traceparent?: string; tracestate?: string }; end(error?: unknown): void } {
  const parent = contextFromHeaders({ traceparent: carrier.traceparent, tracestate: carrier.tracestate });
  const span = tracer.startSpan(name, { kind, attributes }, parent);
  return {
    headers: currentTraceHeaders(trace.setSpan(parent, span)),
    end(error?: unknown) {
      if (error) markFailed(span, error);
      span.end();
    },
  };
}

export function markFailed(span: Span, error: unknown): void {
  span.recordException(error as Error);
  span.setAttribute("error.type", (error as Error)?.constructor?.name ?? "Error");
  span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
}

export { SpanKind };
