import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCli } from "../src/cli";
import { KAFKA_POM, KAFKA_VERSION, storageFormatArgs } from "../src/kafka";
import { kafkaLog4jProperties, kafkaServerProperties, renderProperties } from "../src/properties";
import { FERRETDB_MODULE, FERRETDB_VERSION } from "../src/store";

describe("renderProperties", () => {
  it("writes key=value lines in order under a comment header", () => {
    expect(renderProperties({ "a.b": 1, c: true, d: "x" }, "line one\nline two")).toBe(
      "# line one\n# line two\na.b=1\nc=true\nd=x\n",
    );
  });

  it("escapes what java.util.Properties would otherwise read differently", () => {
    expect(renderProperties({ "odd key=:": "C:\\dir\\file", lead: " space", multi: "a\nb" })).toBe(
      "odd\\ key\\=\\:=C:\\\\dir\\\\file\nlead=\\ space\nmulti=a\\nb\n",
    );
  });
});

describe("kafkaServerProperties", () => {
  const props = kafkaServerProperties({ brokerPort: 19092, controllerPort: 19093, logDir: "/d/data" });

  it("makes one KRaft node, broker and controller, on 127.0.0.1", () => {
    expect(props["process.roles"]).toBe("broker,controller");
    expect(props["controller.quorum.voters"]).toBe("1@127.0.0.1:19093");
    expect(props.listeners).toBe("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093");
    expect(props["advertised.listeners"]).toBe("PLAINTEXT://127.0.0.1:19092");
    expect(props["log.dirs"]).toBe("/d/data");
  });

  it("fits a single node: replication factors 1, no rebalance delay, auto-created topics of 3 partitions", () => {
    expect(props).toMatchObject({
      "offsets.topic.replication.factor": 1,
      "transaction.state.log.replication.factor": 1,
      "transaction.state.log.min.isr": 1,
      "group.initial.rebalance.delay.ms": 0,
      "auto.create.topics.enable": true,
      "num.partitions": 3,
    });
  });

  it("makes node 2 of a three-node cluster a voter of a three-node quorum, with three copies and two in sync", () => {
    const node2 = kafkaServerProperties({
      brokerPort: 19093,
      controllerPort: 29002,
      logDir: "/d/node-2/data",
      nodeId: 2,
      quorum: [29001, 29002, 29003],
    });
    expect(node2).toMatchObject({
      "node.id": 2,
      "controller.quorum.voters": "1@127.0.0.1:29001,2@127.0.0.1:29002,3@127.0.0.1:29003",
      listeners: "PLAINTEXT://127.0.0.1:19093,CONTROLLER://127.0.0.1:29002",
      "default.replication.factor": 3,
      "min.insync.replicas": 2,
      "offsets.topic.replication.factor": 3,
      "transaction.state.log.replication.factor": 3,
      "transaction.state.log.min.isr": 2,
    });
    expect(props).toMatchObject({ "node.id": 1, "default.replication.factor": 1, "min.insync.replicas": 1 });
  });

  it("adds a SASL_SSL listener for clients (SCRAM-SHA-512, a PEM key store) beside the plain one", () => {
    const secure = kafkaServerProperties({
      brokerPort: 19092,
      controllerPort: 19093,
      logDir: "/d/data",
      saslSsl: { port: 19094, keyAndCertFile: "/c/server-key-cert.pem" },
    });
    expect(secure).toMatchObject({
      listeners: "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093,SASL_SSL://127.0.0.1:19094",
      "advertised.listeners": "PLAINTEXT://127.0.0.1:19092,SASL_SSL://127.0.0.1:19094",
      "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL",
      "inter.broker.listener.name": "PLAINTEXT",
      "listener.name.sasl_ssl.sasl.enabled.mechanisms": "SCRAM-SHA-512",
      "listener.name.sasl_ssl.ssl.keystore.type": "PEM",
      "listener.name.sasl_ssl.ssl.keystore.location": "/c/server-key-cert.pem",
    });
    expect(props).not.toHaveProperty("listener.name.sasl_ssl.ssl.keystore.location");
  });

  it("logs at WARN to the given file", () => {
    const log4j = kafkaLog4jProperties("/d/kafka.log");
    expect(log4j["log4j.rootLogger"]).toBe("WARN, file");
    expect(log4j["log4j.appender.file.File"]).toBe("/d/kafka.log");
  });
});

describe("pinned versions", () => {
  it("runs the Kafka version the pom resolves, a 3.9.x", () => {
    expect(KAFKA_VERSION).toMatch(/^3\.9\.\d+$/);
    expect(readFileSync(KAFKA_POM, "utf8")).toContain(`<kafka.version>${KAFKA_VERSION}</kafka.version>`);
  });

  it("builds the FerretDB version go.mod requires, a 1.24.x", () => {
    expect(FERRETDB_VERSION).toMatch(/^1\.24\.\d+$/);
    expect(readFileSync(join(FERRETDB_MODULE, "go.mod"), "utf8")).toMatch(
      new RegExp(`github.com/FerretDB/FerretDB v${FERRETDB_VERSION.replaceAll(".", "\\.")}\\b`),
    );
  });
});

describe("parseCli", () => {
  it("defaults to the stack command on the services' default ports", () => {
    expect(parseCli([])).toEqual({
      command: "stack",
      options: { kafkaPort: 9092, brokers: 1, storePort: 27017, traces: false, zipkinPort: 9411 },
    });
  });

  it("takes other ports, traces and a data dir", () => {
    expect(
      parseCli([
        "provision",
        "--kafka-port",
        "19092",
        "--store-port=37017",
        "--traces",
        "--zipkin-port",
        "19411",
      ]),
    ).toEqual({
      command: "provision",
      options: { kafkaPort: 19092, brokers: 1, storePort: 37017, traces: true, zipkinPort: 19411 },
    });
    expect(parseCli(["--data-dir", "d"]).options.dataDir).toBe("d");
    expect(parseCli(["--brokers", "3"]).options.brokers).toBe(3);
  });

  it("refuses a port that is not one", () => {
    expect(() => parseCli(["--kafka-port", "x"])).toThrow(/--kafka-port: not a port: x/);
    expect(() => parseCli(["--brokers", "0"])).toThrow(/--brokers: not a node count from 1 to 9: 0/);
  });
});

describe("storageFormatArgs", () => {
  it("adds each SCRAM user of the SASL_SSL listener, and refuses what the tool's syntax cannot carry", () => {
    expect(storageFormatArgs("id", "/d/p", { "hr-skills": "s3cret_x" }).slice(-2)).toEqual([
      "--add-scram",
      "SCRAM-SHA-512=[name=hr-skills,password=s3cret_x]",
    ]);
    expect(() => storageFormatArgs("id", "/d/p", { u: "a,b]" })).toThrow(/SCRAM user "u": name and password/);
  });

  it("passes a cluster id starting with '-' as the option's value, not as an option", () => {
    // A random base64url id starts with '-' once in 64 starts; kafka-storage then failed with
    // "argument --cluster-id/-t: expected one argument".
    const args = storageFormatArgs("-AbCdEfGhIjKlMnOpQrStUv", "/d/server.properties");
    expect(args).toContain("--cluster-id=-AbCdEfGhIjKlMnOpQrStUv");
    expect(args.filter((a) => a.startsWith("-") && !a.startsWith("--cluster-id="))).toEqual([
      "-c",
      "--ignore-formatted",
    ]);
  });
});
