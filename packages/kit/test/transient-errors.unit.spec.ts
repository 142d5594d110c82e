import { createRequire } from "node:module";
import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSProtocolError } from "kafkajs";
import {
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoServerError,
  MongoServerSelectionError,
  MongoWriteConcernError,
} from "mongodb";
import { describe, expect, it } from "vitest";
import { isTransient } from "../src";

// Classes the driver builds but does not export, from the same copy of the driver the kit uses.
const load = createRequire(require.resolve("mongodb"));
const { PoolClearedError, WaitQueueTimeoutError } = load("./cmap/errors") as {
  PoolClearedError: new (pool: { address: string; serverError?: Error }) => Error;
  WaitQueueTimeoutError: new (message: string, address: string) => Error;
};
const { TopologyDescription } = load("./sdam/topology_description") as {
  TopologyDescription: new (type: string) => ConstructorParameters<typeof MongoServerSelectionError>[1];
};
const { createErrorFromCode } = createRequire(require.resolve("kafkajs"))("./src/protocol/error") as {
  createErrorFromCode: (code: number) => { type: string; code: number; retriable: boolean; message: string };
};

/** A server's error reply, as the driver turns `{ ok: 0, code, codeName, errmsg, errorLabels }` into an error. */
const serverError = (code: number, codeName: string, errmsg = codeName, errorLabels?: string[]) =>
  new MongoServerError({ ok: 0, code, codeName, errmsg, ...(errorLabels ? { errorLabels } : {}) });

/** An error with a label the driver adds (e.g. ResetPool when it clears the pool after a failure). */
const labelled = (error: MongoServerError | MongoNetworkError, label: string) => {
  error.addErrorLabel(label);
  return error;
};

describe("isTransient: failures that say nothing about the message are retried, never dead-lettered", () => {
  it.each([
    ["NotWritablePrimary (failover)", serverError(10107, "NotWritablePrimary", "not primary")],
    [
      "PrimarySteppedDown",
      serverError(189, "PrimarySteppedDown", "Primary stepped down while waiting for replication"),
    ],
    [
      "ShutdownInProgress",
      serverError(91, "ShutdownInProgress", "The server is in quiesce mode and will shut down"),
    ],
    ["InterruptedAtShutdown", serverError(11600, "InterruptedAtShutdown", "interrupted at shutdown")],
    [
      "InterruptedDueToReplStateChange",
      serverError(11602, "InterruptedDueToReplStateChange", "operation was interrupted"),
    ],
    [
      "NotPrimaryNoSecondaryOk",
      serverError(13435, "NotPrimaryNoSecondaryOk", "not master and slaveOk=false"),
    ],
    ["NotPrimaryOrSecondary", serverError(13436, "NotPrimaryOrSecondary", "node is recovering")],
    ["HostUnreachable", serverError(6, "HostUnreachable")],
    ["ExceededTimeLimit (busy)", serverError(262, "ExceededTimeLimit")],
    ["TemporarilyUnavailable (cache pressure)", serverError(365, "TemporarilyUnavailable")],
    [
      "a code the kit does not list, labelled RetryableWriteError",
      serverError(999_999, "Unknown", "x", ["RetryableWriteError"]),
    ],
    [
      "WriteConflict labelled TransientTransactionError",
      serverError(112, "WriteConflict", "x", ["TransientTransactionError"]),
    ],
    ["a reply labelled ResetPool", labelled(serverError(999_998, "Unknown"), "ResetPool")],
    [
      "a write concern error (waiting for replication timed out)",
      new MongoWriteConcernError({
        ok: 1,
        writeConcernError: {
          code: 64,
          codeName: "WriteConcernFailed",
          errmsg: "waiting for replication timed out",
          errInfo: { wtimeout: true },
        },
      } as never),
    ],
    [
      "a write concern error during a failover",
      new MongoWriteConcernError({
        ok: 1,
        writeConcernError: {
          code: 91,
          codeName: "ShutdownInProgress",
          errmsg: "Replication is being shut down",
        },
      } as never),
    ],
    ["a closed connection", new MongoNetworkError("connection 3 to 127.0.0.1:27017 closed")],
    ["a socket timeout", new MongoNetworkTimeoutError("connection 4 to 127.0.0.1:27017 timed out")],
    [
      "server selection",
      new MongoServerSelectionError(
        "Server selection timed out after 10000 ms",
        new TopologyDescription("ReplicaSetNoPrimary"),
      ),
    ],
    [
      "a cleared pool",
      new PoolClearedError({ address: "127.0.0.1:27017", serverError: new MongoNetworkError("closed") }),
    ],
    [
      "no free connection in the pool (busy)",
      new WaitQueueTimeoutError(
        "Timed out while checking out a connection from connection pool",
        "127.0.0.1:27017",
      ),
    ],
    [
      "FerretDB's SQLite busy",
      serverError(1, "InternalError", "pool.(*Pool).Begin: database is locked (5) (SQLITE_BUSY)"),
    ],
    ["FerretDB's SQLite table locked", serverError(1, "InternalError", "database table is locked (6)")],
    [
      "the broker unreachable",
      new KafkaJSConnectionError("Connection error: connect ECONNREFUSED 127.0.0.1:9092"),
    ],
    ["a retriable Kafka protocol error", new KafkaJSProtocolError(createErrorFromCode(6) as never)],
    [
      "a transient error a handler wrapped",
      new Error("projecting E1 failed", { cause: serverError(10107, "NotWritablePrimary") }),
    ],
  ])("%s", (_what, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ["a duplicate key", serverError(11000, "DuplicateKey", "E11000 duplicate key error")],
    [
      "a field name the store refuses",
      serverError(2, "BadValue", "invalid key: \"a.b\" (key must not contain '.' sign)"),
    ],
    ["FerretDB's other internal errors", serverError(1, "InternalError", "unsupported operator $foo")],
    ["a bug in the handler", new TypeError("Cannot read properties of undefined (reading 'employeeId')")],
    ["a plain error", new Error("NotWritablePrimary")],
    ["a non-retriable Kafka error", new KafkaJSNonRetriableError("bad")],
    ["a non-retriable Kafka protocol error", new KafkaJSProtocolError(createErrorFromCode(10) as never)],
    ["not an error", "boom"],
    ["nothing", undefined],
  ])("not %s", (_what, error) => {
    expect(isTransient(error)).toBe(false);
  });

  it("the driver's own classes carry what is read (labels from the reply, codes of the write concern error)", () => {
    expect(serverError(1, "x", "y", ["RetryableWriteError"]).hasErrorLabel("RetryableWriteError")).toBe(true);
    expect(new PoolClearedError({ address: "a" }).name).toBe("MongoPoolClearedError");
    expect(createErrorFromCode(6)).toMatchObject({ type: "NOT_LEADER_FOR_PARTITION", retriable: true });
    expect(createErrorFromCode(10)).toMatchObject({ type: "MESSAGE_TOO_LARGE", retriable: false });
  });
});
