// Reading traces back from Zipkin's HTTP API (v2), as an operator's tool would.

/** A span as Zipkin's v2 API returns it. */
export interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  kind?: "CLIENT" | "SERVER" | "PRODUCER" | "CONSUMER";
  localEndpoint?: { serviceName?: string };
  tags?: Record<string, string>;
}

/** Every span Zipkin holds for one trace (empty while none has arrived). */
export async function zipkinTrace(zipkinUrl: string, traceId: string): Promise<ZipkinSpan[]> {
  const response = await fetch(`${zipkinUrl}/api/v2/trace/${traceId}`);
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`Zipkin: GET /api/v2/trace/${traceId} -> ${response.status}`);
  return (await response.json()) as ZipkinSpan[];
}

/** A fresh W3C traceparent (sampled) and its trace id, to start a trace from outside the system. */
export function newTraceparent(): { traceId: string; traceparent: string } {
  const hex = (bytes: number) =>
    Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join(
      "",
    );
  const traceId = hex(16);
  return { traceId, traceparent: `00-${traceId}-${hex(8)}-01` };
}
