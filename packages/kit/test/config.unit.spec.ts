import { describe, expect, it } from "vitest";
import { configFromEnv, kafkaSecurityOptions } from "../src";

const defaults = { httpPort: 3001, grpcPort: 50051 };

describe("service configuration from the environment", () => {
  it("takes ports from 0 (any free one) to 65535 and refuses others, naming the variable", () => {
    expect(configFromEnv("s", defaults, { HTTP_PORT: "0", GRPC_PORT: "43001" })).toMatchObject({
      httpPort: 0,
      grpcPort: 43001,
    });
    expect(() => configFromEnv("s", defaults, { HTTP_PORT: "70000" })).toThrow(/HTTP_PORT .* 0 to 65535/);
    expect(() => configFromEnv("s", defaults, { GRPC_PORT: "1e3" })).toThrow(/GRPC_PORT/);
  });

  it("needs at least one topic partition", () => {
    expect(configFromEnv("s", defaults, {}).topicPartitions).toBe(6);
    expect(configFromEnv("s", defaults, { TOPIC_PARTITIONS: "12" }).topicPartitions).toBe(12);
    expect(() => configFromEnv("s", defaults, { TOPIC_PARTITIONS: "0" })).toThrow(
      /TOPIC_PARTITIONS .* 1 to 1000/,
    );
    expect(() => configFromEnv("s", defaults, { TOPIC_PARTITIONS: "65535" })).toThrow(/TOPIC_PARTITIONS/);
  });

  it("turns TLS on with a certificate and its key, and refuses half a setting", () => {
    expect(configFromEnv("s", defaults, {}).tls).toBeUndefined();
    expect(configFromEnv("s", defaults, { TLS_CERT_FILE: "c.pem", TLS_KEY_FILE: "k.pem" }).tls).toEqual({
      certFile: "c.pem",
      keyFile: "k.pem",
    });
    expect(() => configFromEnv("s", defaults, { TLS_CERT_FILE: "c.pem" })).toThrow(
      /both TLS_CERT_FILE and TLS_KEY_FILE/,
    );
    expect(() => configFromEnv("s", defaults, { TLS_CA_FILE: "ca.pem" })).toThrow(/TLS_CA_FILE needs/);
  });

  it("limits commands per caller generously by default, as set, or not at all with 0 a second", () => {
    expect(configFromEnv("s", defaults, {}).rateLimit).toEqual({ perSecond: 200, burst: 400 });
    expect(
      configFromEnv("s", defaults, { RATE_LIMIT_PER_SECOND: "0", RATE_LIMIT_BURST: "5" }).rateLimit,
    ).toEqual({ perSecond: 0, burst: 5 });
    expect(() => configFromEnv("s", defaults, { RATE_LIMIT_BURST: "0" })).toThrow(/RATE_LIMIT_BURST/);
    expect(() => configFromEnv("s", defaults, { RATE_LIMIT_PER_SECOND: "-1" })).toThrow(
      /RATE_LIMIT_PER_SECOND/,
    );
  });

  it("reads Kafka TLS and SASL from the environment, plain text when unset", () => {
    expect(configFromEnv("s", defaults, {}).kafkaSecurity).toBeUndefined();
    expect(configFromEnv("s", defaults, { KAFKA_TLS: "true" }).kafkaSecurity).toEqual({ tls: {} });
    const env = {
      KAFKA_TLS_CA_FILE: "ca.pem",
      KAFKA_TLS_CERT_FILE: "client.pem",
      KAFKA_TLS_KEY_FILE: "client.key",
      KAFKA_SASL_MECHANISM: "SCRAM-SHA-512",
      KAFKA_SASL_USERNAME: "hr-sync",
      KAFKA_SASL_PASSWORD: "secret",
    };
    expect(configFromEnv("s", defaults, env).kafkaSecurity).toEqual({
      tls: { caFile: "ca.pem", certFile: "client.pem", keyFile: "client.key" },
      sasl: { mechanism: "scram-sha-512", username: "hr-sync", password: "secret" },
    });
    const plain = { KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "u", KAFKA_SASL_PASSWORD: "p" };
    expect(configFromEnv("s", defaults, { ...plain, KAFKA_TLS: "true" }).kafkaSecurity?.sasl?.mechanism).toBe(
      "plain",
    );
  });

  it.each([
    [{ KAFKA_TLS: "yes" }, /KAFKA_TLS must be true or false/],
    [{ KAFKA_TLS_CERT_FILE: "c.pem" }, /KAFKA_TLS_CERT_FILE and KAFKA_TLS_KEY_FILE/],
    [{ KAFKA_TLS: "false", KAFKA_TLS_CA_FILE: "ca.pem" }, /KAFKA_TLS=false contradicts/],
    [{ KAFKA_SASL_USERNAME: "u", KAFKA_SASL_PASSWORD: "p" }, /need KAFKA_SASL_MECHANISM/],
    [
      { KAFKA_SASL_MECHANISM: "gssapi", KAFKA_SASL_USERNAME: "u", KAFKA_SASL_PASSWORD: "p" },
      /KAFKA_SASL_MECHANISM must be one of/,
    ],
    [
      { KAFKA_SASL_MECHANISM: "scram-sha-256", KAFKA_SASL_USERNAME: "u" },
      /needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/,
    ],
    [
      { KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "u", KAFKA_SASL_PASSWORD: "p" },
      /password in clear: set KAFKA_TLS=true/,
    ],
  ])("refuses the Kafka settings %j, naming the variable", (env, message) => {
    expect(() => configFromEnv("s", defaults, env)).toThrow(message);
  });

  it("reads MongoDB TLS files from the environment; kafkajs gets the PEM files read, an unreadable one named", () => {
    expect(configFromEnv("s", defaults, {}).mongoTls).toBeUndefined();
    expect(
      configFromEnv("s", defaults, { MONGODB_TLS_CA_FILE: "ca.pem", MONGODB_TLS_CERT_KEY_FILE: "me.pem" })
        .mongoTls,
    ).toEqual({ caFile: "ca.pem", certKeyFile: "me.pem" });
    expect(() => kafkaSecurityOptions({ tls: { caFile: "/nonexistent/ca.pem" } })).toThrow(
      /KAFKA_TLS_CA_FILE \/nonexistent\/ca.pem cannot be read/,
    );
    const sasl = { mechanism: "scram-sha-256", username: "u", password: "p" } as const;
    expect(kafkaSecurityOptions({ sasl })).toEqual({ sasl });
  });
});
