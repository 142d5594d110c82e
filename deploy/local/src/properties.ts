// Pure renderers for the Java properties files the local Kafka broker is started with.

export type PropertyValue = string | number | boolean;

/** Escapes a key or value the way java.util.Properties#load reads it back. */
function escapeJava(text: string, isKey: boolean): string {
  let out = "";
  for (const [i, ch] of [...text].entries()) {
    if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (isKey && (ch === "=" || ch === ":" || ch === " " || ch === "#" || ch === "!")) out += `\\${ch}`;
    else if (!isKey && i === 0 && ch === " ") out += "\\ ";
    else out += ch;
  }
  return out;
}

/** Renders `key=value` lines in the given order, with an optional `#` comment header. */
export function renderProperties(props: Record<string, PropertyValue>, header?: string): string {
  const lines = header ? header.split("\n").map((l) => `# ${l}`) : [];
  for (const [key, value] of Object.entries(props)) {
    lines.push(`${escapeJava(key, true)}=${escapeJava(String(value), false)}`);
  }
  return `${lines.join("\n")}\n`;
}

export interface KafkaNodeConfig {
  brokerPort: number;
  controllerPort: number;
  logDir: string;
  /** This node's id; 1 by default. */
  nodeId?: number;
  /** The controller ports of every node of the cluster, node 1 first; this node alone by default. */
  quorum?: number[];
  /** A second client listener, SASL_SSL with SCRAM-SHA-512, its key and certificate in one PEM file. */
  saslSsl?: { port: number; keyAndCertFile: string };
}

/** The SASL mechanism of the SASL_SSL listener (users are added when the storage is formatted). */
export const KAFKA_SASL_MECHANISM = "SCRAM-SHA-512";

/**
 * Replication that fits a cluster of `size` nodes: three copies once there are three nodes, and a write
 * acknowledged by all in-sync replicas (the producers' acks=all) needs two of them, so one node may be
 * down without stopping writes or losing an acknowledged one.
 */
export function replicationFor(size: number): { factor: number; minInSync: number } {
  return { factor: Math.min(size, 3), minInSync: size >= 3 ? 2 : 1 };
}

/**
 * server.properties of a KRaft node, broker and controller in one, bound to 127.0.0.1 (not localhost: Node
 * may pick ::1). Every node of a cluster is a voter of the controller quorum: three nodes keep a majority
 * with one down.
 */
export function kafkaServerProperties(cfg: KafkaNodeConfig): Record<string, PropertyValue> {
  const host = "127.0.0.1";
  const quorum = cfg.quorum ?? [cfg.controllerPort];
  const { factor, minInSync } = replicationFor(quorum.length);
  const secure = cfg.saslSsl ? `,SASL_SSL://${host}:${cfg.saslSsl.port}` : "";
  return {
    "process.roles": "broker,controller",
    "node.id": cfg.nodeId ?? 1,
    "controller.quorum.voters": quorum.map((port, i) => `${i + 1}@${host}:${port}`).join(","),
    listeners: `PLAINTEXT://${host}:${cfg.brokerPort},CONTROLLER://${host}:${cfg.controllerPort}${secure}`,
    "advertised.listeners": `PLAINTEXT://${host}:${cfg.brokerPort}${secure}`,
    "listener.security.protocol.map": `PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT${cfg.saslSsl ? ",SASL_SSL:SASL_SSL" : ""}`,
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "PLAINTEXT",
    "log.dirs": cfg.logDir,
    "num.partitions": 3,
    // Topics created without a replication factor (the services' own) get the cluster's.
    "default.replication.factor": factor,
    "min.insync.replicas": minInSync,
    "offsets.topic.replication.factor": factor,
    // Fewer internal partitions than the default 50: the first consumer group is ready sooner.
    "offsets.topic.num.partitions": 5,
    "transaction.state.log.replication.factor": factor,
    "transaction.state.log.min.isr": minInSync,
    "transaction.state.log.num.partitions": 5,
    "group.initial.rebalance.delay.ms": 0,
    "auto.create.topics.enable": true,
    "delete.topic.enable": true,
    // SASL_SSL is for clients; the nodes and the stack's readiness probe talk plain text on loopback.
    ...(cfg.saslSsl
      ? {
          "listener.name.sasl_ssl.sasl.enabled.mechanisms": KAFKA_SASL_MECHANISM,
          "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config":
            "org.apache.kafka.common.security.scram.ScramLoginModule required;",
          "listener.name.sasl_ssl.ssl.keystore.type": "PEM",
          "listener.name.sasl_ssl.ssl.keystore.location": cfg.saslSsl.keyAndCertFile,
        }
      : {}),
  };
}

/** log4j 1.x configuration: WARN and above, to one file in the data directory. */
export function kafkaLog4jProperties(logFile: string): Record<string, PropertyValue> {
  return {
    "log4j.rootLogger": "WARN, file",
    "log4j.appender.file": "org.apache.log4j.FileAppender",
    "log4j.appender.file.File": logFile,
    "log4j.appender.file.Append": true,
    "log4j.appender.file.layout": "org.apache.log4j.PatternLayout",
    "log4j.appender.file.layout.ConversionPattern": "[%d] %p %m (%c)%n",
    // The line that says the broker started is INFO; keep it so the log shows the start.
    "log4j.logger.kafka.server.KafkaRaftServer": "INFO",
  };
}
