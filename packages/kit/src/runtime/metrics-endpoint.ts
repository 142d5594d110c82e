// `GET /metrics`: the service's figures in the Prometheus text format, what Prometheus scrapes and the
// dashboard (deploy/dashboards) reads; left out of the OpenAPI document like the probes.
import type { FastifyInstance } from "fastify";
import { observeGauge } from "../telemetry/metrics";
import { prometheusText } from "../telemetry/prometheus";

/**
 * Registers `/metrics` and `hr.dependency.reachable` (1 or 0 per dependency, from the same checks as
 * the readiness probe). Returns the function that unregisters the gauge.
 */
export function registerMetricsEndpoint(
  app: FastifyInstance,
  dependencyChecks: () => Promise<Record<string, boolean>>,
): () => void {
  app.get("/metrics", { schema: { hide: true } }, async (_request, reply) => {
    const text = await prometheusText();
    if (text === undefined) {
      return reply.status(404).send({ error: "telemetry is not started in this process" });
    }
    return reply.type("text/plain; version=0.0.4; charset=utf-8").send(text);
  });
  return observeGauge(
    "hr.dependency.reachable",
    "1 when the service reaches the dependency (store, kafka) at collection time, else 0",
    async () =>
      Object.entries(await dependencyChecks()).map(([dependency, up]) => ({
        value: up ? 1 : 0,
        attributes: { dependency },
      })),
  );
}
