import type { Server, ServiceDefinition } from "@grpc/grpc-js";
import type { FastifyInstance } from "fastify";
import type { Kafka, Producer } from "kafkajs";
import type { Db } from "mongodb";
import { grpcImplementation } from "../api/grpc";
import {
  HealthImplementation,
  serviceNameOf,
  startGrpcServer,
  stopGrpcServer,
  tlsCredentials,
} from "../api/grpc-server";
import { buildHttpApp, type RouteOptions, route } from "../api/http";
import { type AnyOperation, isStreamOperation } from "../api/operation";
import { RateLimiter, rateLimited } from "../api/rate-limit";
import { type AuthConfig, authConfigFromEnv, TokenVerifier } from "../auth/token-verifier";
import { EventStore } from "../eventstore/event-store";
import type { EventCodec } from "../messaging/codec";
import { OutboxRelay } from "../outbox/outbox-relay";
import { observeGauge } from "../telemetry/metrics";
import { configFromEnv, readTlsFiles, type ServiceConfig } from "./config";
import {
  connectInfrastructure,
  ensureTopics,
  type Infrastructure,
  kafkaAnswers,
  storeAnswers,
} from "./infrastructure";
import type { Logger } from "./logger";
import { registerMetricsEndpoint } from "./metrics-endpoint";
import { ServingMonitor } from "./serving-monitor";

/** A REST route naming its operation by gRPC method name. */
// biome-ignore lint/suspicious/noExplicitAny: routes bind operations of any request type.
export type RouteSpec = Omit<RouteOptions<any, any>, "operation"> & { operation: string };

/** What a service adds to the shared shape: its topic, codec, operations and routes. */
export interface EventSourcedServiceSpec {
  name: string;
  title: string;
  description: string;
  version: string;
  /** The topic it publishes, without prefix, e.g. `hr.skills.v1`. */
  topic: string;
  /** `ce_source`, e.g. `/hr/skills`. */
  source: string;
  codec: EventCodec;
  defaultPorts: { httpPort: number; grpcPort: number };
  grpcService: ServiceDefinition;
  /**
   * Builds the application: its operations (by gRPC method name), the REST routes of the unary ones, and
   * what runs beside them (e.g. a consumer keeping a read model of another service's topic).
   * Server-streaming methods are bound to `defineStreamOperation`s and have no REST route.
   */
  setup(context: ApplicationContext): Promise<{
    operations: Record<string, AnyOperation>;
    routes: RouteSpec[];
    background?: BackgroundTask[];
  }>;
}

/** Started before the service listens (so ready means started), stopped before the relay and the connections close. */
export interface BackgroundTask {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface ApplicationContext {
  store: EventStore;
  db: Db;
  /** Call after an append so the relay publishes at once instead of at its next poll. */
  notifyOutbox: () => void;
  logger: Logger;
  config: ServiceConfig;
  /** The service's Kafka client and producer, for consumers the application runs (and their DLQ). */
  kafka: Kafka;
  producer: Producer;
  /**
   * For routes outside the operation binding, e.g. a protocol with its own status codes and headers
   * (xAPI); they call `invoke` with `verifier` so authentication and roles stay the kit's.
   */
  app: FastifyInstance;
  verifier: TokenVerifier;
}

export interface RunningService {
  config: ServiceConfig;
  app: FastifyInstance;
  grpc: Server;
  httpUrl: string;
  grpcAddress: string;
  store: EventStore;
  relay: OutboxRelay;
  infrastructure: Infrastructure;
  stop(): Promise<void>;
}

/**
 * Composition of an event-sourced service: config, store, Kafka, outbox relay, HTTP and gRPC.
 * `overrides` lets tests run a service in-process on free ports with their own database and topics.
 */
export async function startEventSourcedService(
  spec: EventSourcedServiceSpec,
  overrides: Partial<ServiceConfig> & {
    auth?: AuthConfig;
    relay?: { idleMs?: number; leaseTtlMs?: number };
    /** How often the health service re-checks the store and the broker (default 5 s). */
    healthIntervalMs?: number;
  } = {},
): Promise<RunningService> {
  const config = { ...configFromEnv(spec.name, spec.defaultPorts), ...overrides };
  const verifier = new TokenVerifier(overrides.auth ?? authConfigFromEnv());
  const tls = config.tls && readTlsFiles(config.tls);
  const app = await buildHttpApp({
    ...(tls ? { https: tls } : {}),
    title: spec.title,
    description: spec.description,
    version: spec.version,
    logger: process.env.LOG_LEVEL === "silent" ? false : { level: process.env.LOG_LEVEL ?? "info" },
  });
  const logger: Logger = app.log;
  const infrastructure = await connectInfrastructure(config, logger);
  try {
    return await assemble(spec, config, verifier, app, infrastructure);
  } catch (error) {
    await app.close();
    await infrastructure.close();
    throw error;
  }
}

async function assemble(
  spec: EventSourcedServiceSpec,
  config: ServiceConfig & { relay?: { idleMs?: number; leaseTtlMs?: number }; healthIntervalMs?: number },
  verifier: TokenVerifier,
  app: FastifyInstance,
  infrastructure: Infrastructure,
): Promise<RunningService> {
  const logger: Logger = app.log;
  const { db, producer, admin } = infrastructure;
  const topic = config.topicPrefix + spec.topic;
  await ensureTopics(admin, [topic], config.topicPartitions);

  const store = new EventStore(db);
  await store.init();
  const relay = new OutboxRelay({
    store,
    db,
    kafka: infrastructure.kafkaConfig,
    topic,
    source: spec.source,
    codec: spec.codec,
    logger,
    ...(config.relay ?? {}),
  });
  const stopReportingBacklog = observeGauge(
    "hr.outbox.backlog",
    "Events stored but not yet published to Kafka",
    async () => [{ value: await relay.backlog(), attributes: { topic } }],
  );

  const {
    operations: unlimited,
    routes,
    background = [],
  } = await spec.setup({
    store,
    db,
    notifyOutbox: () => relay.notify(),
    logger,
    config,
    kafka: infrastructure.kafka,
    producer,
    app,
    verifier,
  });
  const health = new HealthImplementation();
  const serving = new ServingMonitor({
    health,
    services: [serviceNameOf(spec.grpcService)],
    probes: { store: () => storeAnswers(db), kafka: () => kafkaAnswers(admin) },
    logger,
    ...(config.healthIntervalMs ? { intervalMs: config.healthIntervalMs } : {}),
  });
  app.get("/readyz", { schema: { hide: true } }, async (_request, reply) => {
    const checks = await serving.check();
    const ready = !serving.stopping && Object.values(checks).every(Boolean);
    return reply.status(ready ? 200 : 503).send({ status: ready ? "ready" : "not ready", checks });
  });
  const stopReportingReachability = registerMetricsEndpoint(app, () => serving.check());
  const operations = limitCommands(unlimited, routes, new RateLimiter(config.rateLimit));
  for (const r of routes) {
    const operation = operations[r.operation];
    if (!operation) throw new Error(`route ${r.method} ${r.url} names unknown operation ${r.operation}`);
    if (isStreamOperation(operation)) throw new Error(`route ${r.method} ${r.url}: ${r.operation} streams`);
    route(app, verifier, { ...r, operation });
  }
  const stopping = new AbortController();
  const grpc = await startGrpcServer({
    services: [
      {
        definition: spec.grpcService,
        implementation: grpcImplementation(spec.grpcService, operations, verifier, logger, stopping.signal),
      },
    ],
    address: `${config.host}:${config.grpcPort}`,
    health,
    ...(config.tls ? { credentials: tlsCredentials(readTlsFiles(config.tls)) } : {}),
  });
  await serving.start();
  await relay.start();
  // Background work (consumers) first: /readyz answers once the service listens, and a service that
  // says it is ready must not fail to start afterwards.
  for (const task of background) await task.start();
  const httpAddress = await app.listen({ host: config.host, port: config.httpPort });
  logger.info({ http: httpAddress, grpc: grpc.port, topic }, `${spec.name} service started`);

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      serving.stop();
      stopping.abort();
      stopReportingBacklog();
      stopReportingReachability();
      await stopGrpcServer(grpc.server);
      await app.close();
      for (const task of background) await task.stop();
      await relay.stop();
      await infrastructure.close();
    })();
    return stopped;
  };
  return {
    config,
    app,
    grpc: grpc.server,
    httpUrl: httpAddress,
    grpcAddress: `${config.host}:${grpc.port}`,
    store,
    relay,
    infrastructure,
    stop,
  };
}

/**
 * Commands (operations with a REST route that changes state) take the caller's rate limit first, over
 * REST and gRPC alike; queries do not.
 */
function limitCommands(
  operations: Record<string, AnyOperation>,
  routes: RouteSpec[],
  limiter: RateLimiter,
): Record<string, AnyOperation> {
  const commands = new Set(routes.filter((r) => r.method !== "GET").map((r) => r.operation));
  return Object.fromEntries(
    Object.entries(operations).map(([name, op]) => [
      name,
      commands.has(name) ? rateLimited(op, limiter) : op,
    ]),
  );
}

/**
 * How long a signalled stop may take before the process exits anyway: well inside Kubernetes' 30 s grace
 * period (`SHUTDOWN_DEADLINE_MS` overrides it).
 */
export const shutdownDeadlineMs = (env: NodeJS.ProcessEnv = process.env) =>
  Number(env.SHUTDOWN_DEADLINE_MS) > 0 ? Number(env.SHUTDOWN_DEADLINE_MS) : 10_000;

/**
 * Stops the service on SIGTERM/SIGINT, then runs `flush` (e.g. the span exporter's) with what is left of
 * the deadline: an unreachable trace collector costs its spans, never a stop past the deadline. A second
 * signal, or the deadline, exits at once.
 */
export function stopOnSignals(
  service: { stop(): Promise<void> },
  logger: Logger,
  options: { flush?: () => Promise<void>; deadlineMs?: number } = {},
): void {
  const deadlineMs = options.deadlineMs ?? shutdownDeadlineMs();
  let stopping = false;
  const onSignal = async (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    const started = Date.now();
    logger.info({ signal, deadlineMs }, "shutting down");
    setTimeout(() => {
      logger.error({ deadlineMs }, "shutdown did not finish before its deadline; exiting");
      process.exit(1);
    }, deadlineMs);
    let code = 0;
    try {
      await service.stop();
    } catch (error) {
      logger.error({ err: error }, "shutdown failed");
      code = 1;
    }
    if (options.flush) {
      const left = deadlineMs - (Date.now() - started) - 500;
      const flushed = await Promise.race([
        options.flush().then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), Math.max(left, 0))),
      ]).catch(() => false);
      if (!flushed)
        logger.warn({ waitedMs: Math.max(left, 0) }, "telemetry not flushed in time; its spans are dropped");
    }
    process.exit(code);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
