import { describe, expect, it } from "vitest";
import { configFromEnv } from "../src";

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
});
