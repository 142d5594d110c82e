import { PrometheusExporter, PrometheusSerializer } from "@opentelemetry/exporter-prometheus";

/**
 * The metric reader behind a service's `GET /metrics`: the OpenTelemetry Prometheus exporter, pulled on
 * each scrape and served on the service's own HTTP port (not on a server of the exporter's). Kept apart
 * from the SDK set-up so that serving it does not load the SDK.
 */
let reader: PrometheusExporter | undefined;
const serializer = new PrometheusSerializer();

/** A new reader for the SDK being started; the one `prometheusText` reads from then on. */
export function createPrometheusReader(): PrometheusExporter {
  reader = new PrometheusExporter({ preventServerStart: true });
  return reader;
}

export function dropPrometheusReader(): void {
  reader = undefined;
}

/**
 * The current metrics in the Prometheus text format (0.0.4), or undefined when telemetry is not started
 * (in-process tests and tools record nothing).
 */
export async function prometheusText(): Promise<string | undefined> {
  if (!reader) return undefined;
  const { resourceMetrics, errors } = await reader.collect();
  if (errors.length > 0) throw new AggregateError(errors, "metrics collection failed");
  return serializer.serialize(resourceMetrics);
}
