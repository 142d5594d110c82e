// Apache Kafka 3.9 (KRaft, one node acting as broker and controller) from Maven Central jars,
// run with the installed Java.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { buildInto, cacheDir, isFresh, seconds, stampOf } from "./cache";
import {
  defaultLog,
  freePort,
  type Log,
  requireTool,
  runChecked,
  type SpawnedProcess,
  spawnLogged,
  stopProcess,
  waitReady,
} from "./process";
import { kafkaLog4jProperties, kafkaServerProperties, renderProperties } from "./properties";

/** Kept on 3.9.x: KafkaJS 2.2.4 is untested against 4.x. Must match kafka.version in kafka/pom.xml. */
export const KAFKA_VERSION = "3.9.1";
export const KAFKA_POM = resolve(__dirname, "../kafka/pom.xml");

const JAVA_INSTALL = "apt-get install -y openjdk-17-jre-headless";
const MAVEN_INSTALL = "apt-get install -y maven";

export function kafkaLibsDir(): string {
  return join(cacheDir(), `kafka-${KAFKA_VERSION}`, "libs");
}

/** Copies the broker's runtime jars into the cache (once; again only when pom.xml changes). */
export async function provisionKafka(log: Log = defaultLog): Promise<string> {
  const libs = kafkaLibsDir();
  const stampFile = `${libs}.stamp`;
  const stamp = stampOf([KAFKA_POM]);
  if (isFresh(stampFile, stamp)) return libs;
  requireTool("java", "-version", JAVA_INSTALL);
  requireTool("mvn", "-v", MAVEN_INSTALL);
  const started = Date.now();
  log(`[stack] resolving Kafka ${KAFKA_VERSION} jars from Maven Central...`);
  await buildInto(libs, stampFile, stamp, (tmp) =>
    runChecked("mvn", [
      "-B",
      "-q",
      "-f",
      KAFKA_POM,
      "dependency:copy-dependencies",
      "-DincludeScope=runtime",
      `-Dkafka.version=${KAFKA_VERSION}`,
      `-DoutputDirectory=${tmp}`,
    ]),
  );
  const jars = readdirSync(libs).filter((f) => f.endsWith(".jar")).length;
  log(`[stack] Kafka ${KAFKA_VERSION}: ${jars} jars in ${libs} (${seconds(started)})`);
  return libs;
}

export interface KafkaOptions {
  /** Broker (PLAINTEXT) port; a free one by default. */
  port?: number;
  /** Controller (KRaft quorum) port; a free one by default. */
  controllerPort?: number;
  /** Where config, data and logs go; reused as is if already formatted. */
  dataDir: string;
  log?: Log;
  timeoutMs?: number;
}

export interface KafkaHandle {
  /** `127.0.0.1:<port>` */
  brokers: string;
  port: number;
  logFile: string;
  process: SpawnedProcess;
  stop(): Promise<void>;
}

function javaArgs(
  libs: string,
  log4jFile: string,
  dataDir: string,
  mainClass: string,
  args: string[],
): string[] {
  return [
    "-Xmx512m",
    "-Xms128m",
    "-XX:+UseG1GC",
    "-Djava.awt.headless=true",
    `-Dlog4j.configuration=file:${log4jFile}`,
    `-Dkafka.logs.dir=${dataDir}`,
    "-cp",
    `${libs}/*`,
    mainClass,
    ...args,
  ];
}

/**
 * True when a KafkaJS admin client sees the broker and the group coordinator answers. Asking for a
 * group creates __consumer_offsets, so the first consumer group of a test does not wait for it.
 */
export async function kafkaAnswers(brokers: string): Promise<boolean> {
  const kafka = new Kafka({
    clientId: "hr-stack-probe",
    brokers: brokers.split(","),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0 || cluster.controller === null) return false;
    await admin.describeGroups(["hr-stack-probe"]);
    return true;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/** `kafka-storage format`'s arguments for a node's data directory (left as it is when already formatted). */
export function storageFormatArgs(clusterId: string, serverProps: string): string[] {
  // One argument with "=": an id may start with "-", which the tool would read as an option.
  return ["format", `--cluster-id=${clusterId}`, "-c", serverProps, "--ignore-formatted"];
}

export async function startKafka(opts: KafkaOptions): Promise<KafkaHandle> {
  const log = opts.log ?? defaultLog;
  const libs = await provisionKafka(log);
  requireTool("java", "-version", JAVA_INSTALL);
  const started = Date.now();
  const port = opts.port ?? (await freePort());
  const controllerPort = opts.controllerPort ?? (await freePort());
  const dir = resolve(opts.dataDir);
  const logDir = join(dir, "data");
  const logFile = join(dir, "kafka.log");
  mkdirSync(logDir, { recursive: true });
  const serverProps = join(dir, "server.properties");
  const log4jProps = join(dir, "log4j.properties");
  writeFileSync(
    serverProps,
    renderProperties(
      kafkaServerProperties({ brokerPort: port, controllerPort, logDir }),
      `Written by @hr/local-stack for Kafka ${KAFKA_VERSION}`,
    ),
  );
  writeFileSync(log4jProps, renderProperties(kafkaLog4jProperties(logFile)));

  if (!existsSync(join(logDir, "meta.properties"))) {
    const clusterId = randomBytes(16).toString("base64url");
    await runChecked(
      "java",
      javaArgs(libs, log4jProps, dir, "kafka.tools.StorageTool", storageFormatArgs(clusterId, serverProps)),
    );
  }

  log(`[stack] starting Kafka ${KAFKA_VERSION} on 127.0.0.1:${port} (log: ${logFile})...`);
  const proc = spawnLogged("java", javaArgs(libs, log4jProps, dir, "kafka.Kafka", [serverProps]), logFile);
  const brokers = `127.0.0.1:${port}`;
  await waitReady(`Kafka on ${brokers}`, proc, () => kafkaAnswers(brokers), opts.timeoutMs ?? 90_000);
  log(`[stack] Kafka ready on ${brokers} (${seconds(started)})`);
  return { brokers, port, logFile, process: proc, stop: () => stopProcess(proc.child) };
}
