import { serviceOverrides, TEST_AUTH_SECRET, type TestNamespace } from "@hr/testing";
import { type Role, type RunningService, signToken, startEventSourcedService } from "../../src";
import { ledgerService } from "./posting-ledger";

/** The example service in-process: free ports, the spec file's own database and topics. */
export function startLedger(ns: TestNamespace): Promise<RunningService> {
  return startEventSourcedService(ledgerService, serviceOverrides(ns));
}

export function token(roles: Role[], employeeId?: string): Promise<string> {
  return signToken(TEST_AUTH_SECRET, { subject: "tester", roles, ...(employeeId ? { employeeId } : {}) });
}
