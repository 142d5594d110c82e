// A service started in-process for one spec file, with the file's hooks to start and stop it, and the
// test clients every e2e spec needs (a token, a REST call); and a topic's messages as they arrive.
// The kit is passed in by the spec (`start`, `sign`), not imported: the kit's own tests use this package.
import { type Consumer, Kafka, type KafkaMessage, logLevel } from "kafkajs";
import { afterAll, beforeAll } from "vitest";
import { dropDatabase, serviceOverrides, TEST_AUTH_SECRET, type TestNamespace, testInfra } from "./index";

/** What the tests use of a running service (the kit's `RunningService`, structurally). */
export interface StartedService {
  httpUrl: string;
  grpcAddress: string;
  stop(): Promise<void>;
}

export type ServiceOverrides = ReturnType<typeof serviceOverrides>;

/** The kit's `signToken`, structurally. */
export type SignToken<Role extends string> = (
  secret: string,
  claims: { subject: string; roles: Role[]; employeeId?: string },
) => Promise<string>;

export interface ServiceUnderTestOptions<Spec, Service extends StartedService, Role extends string> {
  /** The kit's `startEventSourcedService`. */
  start: (spec: Spec, overrides: ServiceOverrides) => Promise<Service>;
  /** The kit's `signToken`. */
  sign: SignToken<Role>;
  /** Roles of a token or REST call that names none (default `hr-core`). */
  roles?: NoInfer<Role>[];
  /** The service's database, when the file runs more than one service (default: the namespace's). */
  dbName?: string;
}

/** A REST reply: the body parsed as JSON where it is JSON, else its text (undefined when empty). */
export interface RestReply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: replies are checked field by field in the specs.
  body: any;
}

export interface ServiceUnderTest<Service extends StartedService, Role extends string> {
  /** The running service: read it in tests and hooks (it starts in this file's `beforeAll`). */
  readonly service: Service;
  /** A token of the test issuer with these roles (and the employee's own id for `employee`). */
  token(roles?: Role[], employeeId?: string): Promise<string>;
  /** Calls the service's REST API with a token of these roles; sends `body` as JSON when given. */
  rest(
    method: string,
    path: string,
    body?: unknown,
    roles?: Role[],
    employeeId?: string,
    headers?: Record<string, string>,
  ): Promise<RestReply>;
}

/**
 * Runs `spec` in-process for this spec file (free ports, the namespace's topics, its own database):
 * registers a `beforeAll` that starts it and an `afterAll` that stops it and drops its database. Call it
 * at the top of the file; several services start in the order of their calls and stop in reverse.
 */
export function serviceUnderTest<Spec, Service extends StartedService, Role extends string>(
  spec: Spec,
  ns: TestNamespace,
  options: ServiceUnderTestOptions<Spec, Service, Role>,
): ServiceUnderTest<Service, Role> {
  const dbName = options.dbName ?? ns.dbName;
  let running: Service | undefined;

  beforeAll(async () => {
    process.env.LOG_LEVEL = "silent";
    running = await options.start(spec, { ...serviceOverrides(ns), dbName });
  });
  afterAll(async () => {
    await running?.stop();
    await dropDatabase(testInfra().mongoUri, dbName);
  });

  const defaultRoles = options.roles ?? (["hr-core"] as Role[]);
  const token = (roles = defaultRoles, employeeId?: string) =>
    options.sign(TEST_AUTH_SECRET, { subject: "e2e", roles, ...(employeeId ? { employeeId } : {}) });

  const service = () => {
    if (!running) throw new Error("the service under test is not running (read it inside tests or hooks)");
    return running;
  };

  return {
    get service() {
      return service();
    },
    token,
    async rest(method, path, body, roles = defaultRoles, employeeId, headers = {}) {
      const response = await fetch(`${service().httpUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await token(roles, employeeId)}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, headers: response.headers, body: parsed(await response.text()) };
    },
  };
}

function parsed(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text; // CSV exports and other plain text
  }
}

/**
 * The messages published on `topic` from its beginning, appended as they arrive, read by a consumer
 * group of this file's own: registers a `beforeAll` that subscribes (call it after the service that
 * creates the topic) and an `afterAll` that disconnects.
 */
export function collectTopic(topic: string, ns: TestNamespace): KafkaMessage[] {
  const messages: KafkaMessage[] = [];
  let consumer: Consumer | undefined;
  beforeAll(async () => {
    consumer = new Kafka({ brokers: testInfra().kafkaBrokers, logLevel: logLevel.NOTHING }).consumer({
      groupId: ns.topic(`reader.${topic}`),
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
  });
  afterAll(async () => {
    await consumer?.disconnect();
  });
  return messages;
}
