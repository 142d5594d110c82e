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
}

/** server.properties of a single-node KRaft broker+controller bound to 127.0.0.1 (not localhost: Node may pick ::1). */
export function kafkaServerProperties(cfg: KafkaNodeConfig): Record<string, PropertyValue> {
  const host = "127.0.0.1";
  return {
    "process.roles": "broker,controller",
    "node.id": 1,
    "controller.quorum.voters": `1@${host}:${cfg.controllerPort}`,
    listeners: `PLAINTEXT://${host}:${cfg.brokerPort},CONTROLLER://${host}:${cfg.controllerPort}`,
    "advertised.listeners": `PLAINTEXT://${host}:${cfg.brokerPort}`,
    "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "PLAINTEXT",
    "log.dirs": cfg.logDir,
    "num.partitions": 3,
    "default.replication.factor": 1,
    "min.insync.replicas": 1,
    "offsets.topic.replication.factor": 1,
    // Fewer internal partitions than the default 50: the first consumer group is ready sooner.
    "offsets.topic.num.partitions": 5,
    "transaction.state.log.replication.factor": 1,
    "transaction.state.log.min.isr": 1,
    "transaction.state.log.num.partitions": 5,
    "group.initial.rebalance.delay.ms": 0,
    "auto.create.topics.enable": true,
    "delete.topic.enable": true,
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
