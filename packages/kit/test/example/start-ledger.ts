import { type TestNamespace, testInfra } from "@hr/testing";
import { type Role, type RunningService, signToken, startEventSourcedService } from "../../src";
import { ledgerService } from "./posting-ledger";

export const TEST_SECRET = "test-secret-that-is-at-least-32-bytes-long";

/** The example service in-process: free ports, the spec file's own database and topics. */
export function startLedger(ns: TestNamespace): Promise<RunningService> {
  const infra = testInfra();
  return startEventSourcedService(ledgerService, {
    httpPort: 0,
    grpcPort: 0,
    kafkaBrokers: infra.kafkaBrokers,
    mongoUri: infra.mongoUri,
    dbName: ns.dbName,
    topicPrefix: ns.topic(""),
    topicPartitions: 3,
    auth: {
      secret: new TextEncoder().encode(TEST_SECRET),
      issuer: "hr-integration",
      audience: "hr-integration",
    },
    relay: { idleMs: 50 },
  });
}

export function token(roles: Role[], employeeId?: string): Promise<string> {
  return signToken(TEST_SECRET, { subject: "tester", roles, ...(employeeId ? { employeeId } : {}) });
}
