import { metrics } from "@opentelemetry/api";

/**
 * The figures an operator watches. Instruments come from the global meter provider, so they are
 * no-ops until telemetry is started (tests and tools pay nothing for them).
 */
const meter = metrics.getMeter("@hr/kit");

export const commandMetrics = {
  duration: meter.createHistogram("hr.command.duration", {
    description: "Time to handle a state-changing command, from load to append",
    unit: "ms",
  }),
  errors: meter.createCounter("hr.command.errors", {
    description: "Commands that ended in an error, by command and error type",
  }),
};

export const projectionMetrics = {
  latency: meter.createHistogram("hr.projection.latency", {
    description: "Time from an event being recorded (ce_time) to its projection write",
    unit: "ms",
  }),
  poison: meter.createCounter("hr.consumer.dead_lettered", {
    description: "Messages sent to the dead-letter topic, by reason",
  }),
};

export const outboxMetrics = {
  parked: meter.createCounter("hr.outbox.parked", {
    description: "Commits the outbox relay could not encode: their stream waits until it is mended",
  }),
};

/**
 * Observable figures (backlog, lag) are read on demand from whoever registered them. Returns the
 * function that unregisters the reading, for a component that stops before the process does.
 */
export function observeGauge(
  name: string,
  description: string,
  read: () => Promise<Array<{ value: number; attributes?: Record<string, string | number> }>>,
): () => void {
  const gauge = meter.createObservableGauge(name, { description });
  const callback = async (result: {
    observe(value: number, attributes?: Record<string, string | number>): void;
  }) => {
    for (const point of await read()) result.observe(point.value, point.attributes);
  };
  gauge.addCallback(callback);
  return () => gauge.removeCallback(callback);
}
