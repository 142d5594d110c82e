import { FastifyOtelInstrumentation } from "@fastify/otel";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { ZipkinExporter } from "@opentelemetry/exporter-zipkin";
import { GrpcInstrumentation } from "@opentelemetry/instrumentation-grpc";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { MongoDBInstrumentation } from "@opentelemetry/instrumentation-mongodb";
import { envDetector, resourceFromAttributes } from "@opentelemetry/resources";
import { type MetricReader, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { BatchSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import { createPrometheusReader, dropPrometheusReader } from "./prometheus";

/**
 * Starts the OpenTelemetry SDK. Import this before anything it instruments (kafkajs, mongodb, http,
 * grpc-js, fastify): a service's `main.ts` imports its `instrument.ts` first for that reason.
 *
 * Kafka spans come from the kit itself (outbox relay: one producer span per commit, child of the
 * command; consumer: a process span, child of that): the kafkajs auto-instrumentation is left out on
 * purpose, because it would start its send span in the relay's empty context and overwrite the
 * `traceparent` header with it, cutting the trace at the broker.
 *
 * Where telemetry goes:
 * - spans to OTLP when OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set (deployments,
 *   through the collector), and to Zipkin when OTEL_EXPORTER_ZIPKIN_ENDPOINT is set (`./run up`'s local trace
 *   server); both when both are set. With neither, context still propagates (traceparent in Kafka headers).
 * - metrics always to the in-process Prometheus reader behind `GET /metrics` (what Prometheus scrapes and the
 *   dashboard reads), and also pushed by OTLP when OTEL_EXPORTER_OTLP_ENDPOINT or
 *   OTEL_EXPORTER_OTLP_METRICS_ENDPOINT is set (deploy/ sets only the traces endpoint: Prometheus scrapes).
 */
let sdk: NodeSDK | undefined;

export function startTelemetry(serviceName: string): NodeSDK {
  const { env } = process;
  const otlpTraces = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const otlpMetrics = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT);
  const spanProcessors: SpanProcessor[] = [
    ...(otlpTraces ? [new BatchSpanProcessor(new OTLPTraceExporter())] : []),
    ...(env.OTEL_EXPORTER_ZIPKIN_ENDPOINT ? [new BatchSpanProcessor(new ZipkinExporter())] : []),
  ];
  const metricReaders: MetricReader[] = [
    createPrometheusReader(),
    ...(otlpMetrics
      ? [
          new PeriodicExportingMetricReader({
            exporter: new OTLPMetricExporter(),
            exportIntervalMillis: Number(env.OTEL_METRIC_EXPORT_INTERVAL) || 60_000,
          }),
        ]
      : []),
  ];
  sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME ?? serviceName }),
    // The resource is on every span and on /metrics' target_info, which needs no token: only the service and
    // what OTEL_RESOURCE_ATTRIBUTES adds, not the host id, pid or command line the other detectors report
    // (OTEL_NODE_RESOURCE_DETECTORS brings them back where the collector is private).
    ...(env.OTEL_NODE_RESOURCE_DETECTORS ? {} : { resourceDetectors: [envDetector] }),
    // No processor configured: leave it to the SDK's environment defaults, as before.
    ...(spanProcessors.length > 0 ? { spanProcessors } : {}),
    metricReaders,
    instrumentations: [
      new HttpInstrumentation(),
      new FastifyOtelInstrumentation({ registerOnInitialization: true }),
      new GrpcInstrumentation(),
      // Without requireParentSpan:false it records nothing outside a request, e.g. in the relay.
      new MongoDBInstrumentation({ requireParentSpan: false, enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  return sdk;
}

/** Flushes what is buffered and stops exporting (graceful shutdown). */
export async function stopTelemetry(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
  dropPrometheusReader();
}
