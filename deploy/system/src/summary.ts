import type { Stack } from "@hr/local-stack";
import type { DemoLoaded } from "./demo";
import { EMPLOYEE } from "./hr-sync-records";
import type { RunningSystem } from "./up";

/** What `./run up` prints once everything runs: the records read back, then where to look. */
export function summary(system: RunningSystem, stack: Stack, demo: DemoLoaded): string {
  const first = system.services[0];
  const hrSync = system.services.find((s) => s.name === "hr-sync");
  const lines = system.services.map(
    (s) =>
      `  ${s.name.padEnd(11)} REST ${s.httpUrl}/v1  docs ${s.httpUrl}/docs  metrics ${s.httpUrl}/metrics  gRPC ${s.grpcAddress}`,
  );
  return [
    ...demo.records,
    "[up] the system is running:",
    ...lines,
    ...(hrSync
      ? [
          `  HR pages:   ${hrSync.httpUrl}/pages/sign-in   (paste a token from ./run -s token --roles hr-core)`,
        ]
      : []),
    ...(stack.zipkin
      ? [
          `  traces:     ${stack.zipkin.uiUrl}`,
          `              ${stack.zipkin.uiUrl}traces/${demo.traces.get(EMPLOYEE)}   (${EMPLOYEE}'s demo career: one trace through every service)`,
        ]
      : ["  traces:     (not collected)"]),
    `  Kafka:      ${stack.kafkaBrokers}    store: ${stack.mongoUri}`,
    "  a token:    ./run -s token --roles hr-core        (roles: hr-core, hr-admin, skills-admin, ..., employee)",
    ...(first
      ? [
          `  try:        curl -H "authorization: Bearer $(./run -s token --roles hr-core)" ${first.httpUrl}/v1/employees/E1001/profile`,
        ]
      : []),
    "  press Ctrl-C to stop everything",
  ].join("\n");
}
