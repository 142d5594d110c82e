// Apache Kafka 3.9 (KRaft: one node, broker and controller, or a cluster of such nodes) from Maven Central jars,
// run with the installed Java.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { buildInto, cacheDir, isFresh, seconds, stampOf } from "./cache";
import type { TlsCertificates } from "./certificates";
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
import {
  KAFKA_SASL_MECHANISM,
  kafkaLog4jProperties,
  kafkaServerProperties,
  renderProperties,
} from "./properties";

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
  /** Broker (PLAINTEXT) port of node 1 (node n: this + n - 1); free ports by default. */
  port?: number;
  /** Controller (KRaft quorum) port of node 1; free ports for the others. Fixed to restart on the same data. */
  controllerPort?: number;
  /** Nodes of the cluster, each a broker and a controller (1 by default; 3 keep working with one down). */
  nodes?: number;
  /**
   * Also a SASL_SSL listener per node (SCRAM-SHA-512 over TLS with this certificate) for these users, name
   * to password (letters, digits, `-`, `_`), added when the storage is formatted.
   */
  saslSsl?: { certificates: TlsCertificates; users: Record<string, string> };
  /** Where config, data and logs go (a folder `node-<id>` per node of a cluster); reused if already formatted. */
  dataDir: string;
  log?: Log;
  timeoutMs?: number;
}

/** One node of the cluster; `start` runs it again (on its ports and data) after it stopped or was killed. */
export interface KafkaNode {
  nodeId: number;
  port: number;
  logFile: string;
  /** The running JVM; replaced by `start`. */
  process: SpawnedProcess;
  start(): Promise<void>;
}

export interface KafkaHandle {
  /** `127.0.0.1:<port>[,...]`, every node's broker, as KAFKA_BROKERS takes it */
  brokers: string;
  /** Node 1's broker port, log and process (the only ones of a single node). */
  port: number;
  logFile: string;
  process: SpawnedProcess;
  nodes: KafkaNode[];
  /** With `saslSsl`: every node's SASL_SSL listener, as KAFKA_BROKERS takes it. */
  secureBrokers?: string;
  /** Stops every node. */
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
 * True when a KafkaJS admin client sees `expectedBrokers` brokers (or more) and a controller, and the group
 * coordinator answers. Asking for a group creates __consumer_offsets, so the first consumer group of a test
 * does not wait for it.
 */
export async function kafkaAnswers(brokers: string, expectedBrokers = 1): Promise<boolean> {
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
    if (cluster.brokers.length < expectedBrokers || cluster.controller === null) return false;
    await admin.describeGroups(["hr-stack-probe"]);
    return true;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/**
 * `kafka-storage format`'s arguments for a node's data directory (left as it is when already formatted),
 * with the SCRAM users the SASL_SSL listener knows.
 */
export function storageFormatArgs(
  clusterId: string,
  serverProps: string,
  scramUsers: Record<string, string> = {},
): string[] {
  const users = Object.entries(scramUsers).flatMap(([name, password]) => {
    // The tool's own syntax, [name=...,password=...], has no escaping.
    if (!/^[\w-]+$/.test(name) || !/^[\w-]+$/.test(password)) {
      throw new Error(
        `SCRAM user ${JSON.stringify(name)}: name and password take letters, digits, - and _ only`,
      );
    }
    return ["--add-scram", `${KAFKA_SASL_MECHANISM}=[name=${name},password=${password}]`];
  });
  // One argument with "=": an id may start with "-", which the tool would read as an option.
  return ["format", `--cluster-id=${clusterId}`, "-c", serverProps, "--ignore-formatted", ...users];
}

/**
 * Starts a KRaft cluster of `nodes` nodes (one by default) and waits until every broker answers with the
 * whole cluster in view. The nodes start together: none is ready before a majority of the quorum runs.
 */
export async function startKafka(opts: KafkaOptions): Promise<KafkaHandle> {
  const log = opts.log ?? defaultLog;
  const libs = await provisionKafka(log);
  requireTool("java", "-version", JAVA_INSTALL);
  const started = Date.now();
  const size = opts.nodes ?? 1;
  const ports: Array<{ port: number; controllerPort: number; securePort?: number }> = [];
  for (let i = 0; i < size; i++) {
    ports.push({
      port: opts.port !== undefined ? opts.port + i : await freePort(),
      controllerPort: i === 0 && opts.controllerPort !== undefined ? opts.controllerPort : await freePort(),
      ...(opts.saslSsl ? { securePort: await freePort() } : {}),
    });
  }
  const brokers = ports.map(({ port }) => `127.0.0.1:${port}`).join(",");
  const quorum = ports.map(({ controllerPort }) => controllerPort);
  const clusterId = randomBytes(16).toString("base64url");
  // Several JVMs starting at once on a small, busy machine take longer than one.
  const timeoutMs = opts.timeoutMs ?? (size === 1 ? 90_000 : 240_000);

  const { saslSsl } = opts;
  const nodes = ports.map(({ port, controllerPort, securePort }, i): KafkaNode => {
    const nodeId = i + 1;
    const dir = size === 1 ? resolve(opts.dataDir) : join(resolve(opts.dataDir), `node-${nodeId}`);
    const logDir = join(dir, "data");
    const logFile = join(dir, "kafka.log");
    const serverProps = join(dir, "server.properties");
    const log4jProps = join(dir, "log4j.properties");
    const node: KafkaNode = {
      nodeId,
      port,
      logFile,
      process: undefined as unknown as SpawnedProcess,
      async start() {
        mkdirSync(logDir, { recursive: true });
        writeFileSync(
          serverProps,
          renderProperties(
            kafkaServerProperties({
              brokerPort: port,
              controllerPort,
              logDir,
              nodeId,
              quorum,
              ...(saslSsl && securePort
                ? { saslSsl: { port: securePort, keyAndCertFile: saslSsl.certificates.keyAndCertFile } }
                : {}),
            }),
            `Written by @hr/local-stack for Kafka ${KAFKA_VERSION}`,
          ),
        );
        writeFileSync(log4jProps, renderProperties(kafkaLog4jProperties(logFile)));
        if (!existsSync(join(logDir, "meta.properties"))) {
          await runChecked(
            "java",
            javaArgs(
              libs,
              log4jProps,
              dir,
              "kafka.tools.StorageTool",
              storageFormatArgs(clusterId, serverProps, saslSsl?.users),
            ),
          );
        }
        const what = size === 1 ? "Kafka" : `Kafka node ${nodeId}`;
        log(`[stack] starting ${what} (${KAFKA_VERSION}) on 127.0.0.1:${port} (log: ${logFile})...`);
        node.process = spawnLogged(
          "java",
          javaArgs(libs, log4jProps, dir, "kafka.Kafka", [serverProps]),
          logFile,
        );
        await waitReady(
          `${what} on 127.0.0.1:${port}`,
          node.process,
          () => kafkaAnswers(`127.0.0.1:${port}`, size),
          timeoutMs,
        );
      },
    };
    return node;
  });
  const stop = () => Promise.all(nodes.map((n) => n.process && stopProcess(n.process.child))).then(() => {});
  const results = await Promise.allSettled(nodes.map((n) => n.start()));
  const failed = results.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []));
  if (failed.length > 0) {
    await stop();
    throw new Error(failed.join("\n"));
  }
  log(`[stack] Kafka ready on ${brokers} (${seconds(started)})`);
  const first = nodes[0] as KafkaNode;
  return {
    brokers,
    port: first.port,
    logFile: first.logFile,
    get process() {
      return first.process;
    },
    nodes,
    ...(saslSsl ? { secureBrokers: ports.map(({ securePort }) => `127.0.0.1:${securePort}`).join(",") } : {}),
    stop,
  };
}
