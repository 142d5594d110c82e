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
      options: { kafkaPort: 9092, storePort: 27017, traces: false, zipkinPort: 9411 },
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
      options: { kafkaPort: 19092, storePort: 37017, traces: true, zipkinPort: 19411 },
    });
    expect(parseCli(["--data-dir", "d"]).options.dataDir).toBe("d");
  });

  it("refuses a port that is not one", () => {
    expect(() => parseCli(["--kafka-port", "x"])).toThrow(/--kafka-port: not a port: x/);
  });
});

describe("storageFormatArgs", () => {
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
