import {
  type Admin,
  ConfigResourceTypes,
  Kafka,
  type KafkaConfig,
  logLevel,
  Partitioners,
  type Producer,
} from "kafkajs";
import { type Db, MongoClient, type MongoClientOptions, ReadConcern } from "mongodb";
import { type KafkaSecurity, type MongoTlsFiles, readSettingFile } from "./config";
import type { Logger } from "./logger";

export interface Infrastructure {
  mongo: MongoClient;
  db: Db;
  kafka: Kafka;
  /** What `kafka` was made of, for a client with other bounds (the outbox relay's). */
  kafkaConfig: KafkaConfig;
  producer: Producer;
  admin: Admin;
  close(): Promise<void>;
}

/**
 * How long the driver looks for a store that answers before failing an operation: short, so that during
 * an outage a command is answered UNAVAILABLE (retry) in seconds instead of holding its caller.
 */
export const STORE_SELECTION_TIMEOUT_MS = 3_000;

/** Connects to the store and the broker, saying which one failed and what to check. */
export async function connectInfrastructure(
  config: {
    serviceName: string;
    mongoUri: string;
    dbName: string;
    kafkaBrokers: string[];
    kafkaSecurity?: KafkaSecurity;
    mongoTls?: MongoTlsFiles;
  },
  logger: Logger,
): Promise<Infrastructure> {
  const mongo = new MongoClient(config.mongoUri, {
    // A request waits at most this for a store that does not answer, then is answered UNAVAILABLE (503).
    serverSelectionTimeoutMS: STORE_SELECTION_TIMEOUT_MS,
    appName: config.serviceName,
    ...mongoTlsOptions(config.mongoTls),
  });
  try {
    await mongo.connect();
  } catch (error) {
    throw new Error(
      `cannot reach the store at ${config.mongoUri} (${(error as Error).message}); start it with \`pnpm stack\` or set MONGODB_URI`,
    );
  }
  const kafkaConfig: KafkaConfig = {
    clientId: config.serviceName,
    brokers: config.kafkaBrokers,
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => {
      if (entry.level <= logLevel.WARN) logger.warn({ kafka: entry.log }, entry.log.message);
    },
    retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 10_000 },
    ...kafkaSecurityOptions(config.kafkaSecurity),
  };
  const kafka = new Kafka(kafkaConfig);
  // One in flight keeps per-key order even when a send is retried.
  // The default (Java-compatible murmur2) partitioner, so consumers in other languages agree on keys.
  const producer = kafka.producer({
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const admin = kafka.admin();
  try {
    await producer.connect();
    await admin.connect();
  } catch (error) {
    await mongo.close();
    throw new Error(kafkaConnectFailure(config.kafkaBrokers, config.kafkaSecurity, error));
  }
  return {
    mongo,
    db: await serviceDb(mongo, config.dbName),
    kafka,
    kafkaConfig,
    producer,
    admin,
    async close() {
      await producer.disconnect().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
      await mongo.close().catch(() => undefined);
    },
  };
}

/**
 * Why the brokers could not be used, and what to check: the credentials when a broker answered and
 * refused them (starting a broker would not help), else whether it runs.
 */
export function kafkaConnectFailure(
  brokers: string[],
  security: KafkaSecurity | undefined,
  error: unknown,
): string {
  const at = brokers.join(",");
  const { sasl } = security ?? {};
  if (sasl && causes(error).some((e) => e.name === "KafkaJSSASLAuthenticationError")) {
    return (
      `Kafka at ${at} refused the credentials of KAFKA_SASL_USERNAME=${sasl.username} ` +
      `(KAFKA_SASL_MECHANISM=${sasl.mechanism}): check KAFKA_SASL_PASSWORD and that the broker knows this user ` +
      `for this mechanism (${(error as Error).message})`
    );
  }
  return `cannot reach Kafka at ${at} (${(error as Error).message}); start it with \`pnpm stack\` or set KAFKA_BROKERS`;
}

/** The error and its causes, outermost first (kafkajs wraps some in retry errors). */
function causes(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let e = error; e instanceof Error && chain.length < 10; e = e.cause) chain.push(e);
  return chain;
}

/** kafkajs' `ssl` and `sasl` of the settings, the PEM files read (an unreadable one named). */
export function kafkaSecurityOptions(security: KafkaSecurity | undefined): Pick<KafkaConfig, "ssl" | "sasl"> {
  const { tls, sasl } = security ?? {};
  return {
    ...(tls
      ? {
          ssl: {
            ...(tls.caFile ? { ca: [readSettingFile("KAFKA_TLS_CA_FILE", tls.caFile)] } : {}),
            ...(tls.certFile && tls.keyFile
              ? {
                  cert: readSettingFile("KAFKA_TLS_CERT_FILE", tls.certFile),
                  key: readSettingFile("KAFKA_TLS_KEY_FILE", tls.keyFile),
                }
              : {}),
          },
        }
      : {}),
    ...(sasl ? { sasl: { ...sasl } as KafkaConfig["sasl"] } : {}),
  };
}

/** The driver's TLS options of the settings; the files checked first, so an unreadable one is named. */
function mongoTlsOptions(files: MongoTlsFiles | undefined): MongoClientOptions {
  if (!files) return {};
  if (files.caFile) readSettingFile("MONGODB_TLS_CA_FILE", files.caFile);
  if (files.certKeyFile) readSettingFile("MONGODB_TLS_CERT_KEY_FILE", files.certKeyFile);
  return {
    tls: true,
    ...(files.caFile ? { tlsCAFile: files.caFile } : {}),
    ...(files.certKeyFile ? { tlsCertificateKeyFile: files.certKeyFile } : {}),
  };
}

/**
 * The service's database. On a replica set, writes wait for a majority and reads see only what a
 * majority has: nothing is published (or projected) that a failover could roll back. A standalone
 * server or FerretDB has no majority to wait for.
 */
export async function serviceDb(mongo: MongoClient, dbName: string): Promise<Db> {
  const hello = await mongo.db("admin").command({ hello: 1 });
  if (!hello.setName) return mongo.db(dbName);
  return mongo.db(dbName, { writeConcern: { w: "majority" }, readConcern: new ReadConcern("majority") });
}

/**
 * What every integration topic is created with: it keeps its whole history (no time or size limit, not
 * compacted), because a rebuild replays it from offset 0 and other departments may too.
 */
export const HISTORY_KEEPING_TOPIC_CONFIG: Readonly<Record<string, string>> = {
  "retention.ms": "-1",
  "retention.bytes": "-1",
  "cleanup.policy": "delete",
};

/** A topic that would drop history: the service refuses to start on it (see `ensureTopics`). */
export class TopicDropsHistoryError extends Error {
  constructor(readonly problems: ReadonlyArray<{ topic: string; setting: string; value: string }>) {
    const fixes = problems.map(({ topic }) => topic).filter((t, i, all) => all.indexOf(t) === i);
    super(
      `${problems.map((p) => `topic ${p.topic} has ${p.setting}=${p.value}`).join("; ")}: it would drop ` +
        "history that a rebuild replays (README: Topics keep their whole history). Fix: " +
        fixes
          .map(
            (topic) =>
              `kafka-configs.sh --bootstrap-server <broker> --alter --entity-type topics --entity-name ${topic} ` +
              "--add-config retention.ms=-1,retention.bytes=-1,cleanup.policy=delete",
          )
          .join("; "),
    );
    this.name = "TopicDropsHistoryError";
  }
}

/**
 * Creates the topics that are missing (existing ones are left as they are), keeping their whole history
 * (`HISTORY_KEEPING_TOPIC_CONFIG`), and waits until the broker's metadata names a leader for every
 * partition of every topic, also when another process created them a moment ago: kafkajs's
 * `createTopics` skips its own leader wait when the topic already exists, and a consumer that subscribes
 * before the metadata has caught up fails with UNKNOWN_TOPIC_OR_PARTITION. Then refuses
 * (`TopicDropsHistoryError`) any of them, created here or before, whose settings would drop history.
 */
export async function ensureTopics(admin: Admin, topics: string[], numPartitions: number): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length > 0) {
    const configEntries = Object.entries(HISTORY_KEEPING_TOPIC_CONFIG).map(([name, value]) => ({
      name,
      value,
    }));
    await admin.createTopics({
      waitForLeaders: false,
      topics: missing.map((topic) => ({ topic, numPartitions, configEntries })),
    });
  }
  await waitForLeaders(admin, topics);
  await refuseTopicsThatDropHistory(admin, topics);
}

function waitForLeaders(admin: Admin, topics: string[]): Promise<true> {
  return whileCatchingUp(`topics ${topics.join(", ")} have no leader`, async () => {
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
    return (
      metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)) || undefined
    );
  });
}

/**
 * Asks until `attempt` answers, again while the broker asked has not caught up with a topic created a
 * moment ago (each broker of a cluster learns of it on its own time; the one asked is any of them), for
 * at most 30 s.
 */
async function whileCatchingUp<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const answer = await attempt();
      if (answer !== undefined) return answer;
    } catch (error) {
      if (!isMetadataCatchingUp(error) || Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`${what} after 30 s: is the broker healthy?`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The topics' effective settings (their own, else the broker's defaults) must keep every record. */
export async function refuseTopicsThatDropHistory(admin: Admin, topics: string[]): Promise<void> {
  if (topics.length === 0) return;
  const { resources } = await whileCatchingUp(`the settings of topics ${topics.join(", ")} unknown`, () =>
    admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: Object.keys(HISTORY_KEEPING_TOPIC_CONFIG),
      })),
    }),
  );
  const problems = resources.flatMap(({ resourceName: topic, configEntries }) =>
    configEntries.flatMap(({ configName: setting, configValue: value }) => {
      const keeps = setting === "cleanup.policy" ? !value.includes("compact") : value === "-1";
      return keeps ? [] : [{ topic, setting, value }];
    }),
  );
  if (problems.length > 0) throw new TopicDropsHistoryError(problems);
}

/** Right after a create a KRaft broker briefly answers as if the topic did not exist or had no leader. */
function isMetadataCatchingUp(error: unknown): boolean {
  for (let e = error as { type?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.type === "UNKNOWN_TOPIC_OR_PARTITION" || e.type === "LEADER_NOT_AVAILABLE") return true;
  }
  return false;
}

export async function storeAnswers(db: Db): Promise<boolean> {
  await db.command({ ping: 1 });
  return true;
}

export async function kafkaAnswers(admin: Admin): Promise<boolean> {
  await admin.describeCluster();
  return true;
}
