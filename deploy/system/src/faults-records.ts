// hr-sync's records after `./run faults`: counted per employee against the accepted commands, and every
// record compared with what a full rebuild (a replay of all four topics) makes of the same facts.
import { credentials, type ServiceError, status } from "@grpc/grpc-js";
import { syncV1 } from "@hr/proto";
import { inParallel } from "./faults-hostile";
import { unaryCaller } from "./grpc-call";

type Log = (line: string) => void;

/** hr-sync's counts per employee: postings in the rotation record, FY2024 completions in the evaluation record. */
export async function hrSyncCounts(
  grpcAddress: string,
  token: string,
  employees: { postings: string[]; completions: string[] },
  log: Log,
): Promise<Map<string, number>> {
  const client = new syncV1.HrSyncServiceClient(grpcAddress, credentials.createInsecure());
  const call = unaryCaller(client, token);
  const counts = new Map<string, number>();
  const readFailed = (employeeId: string) => (error: ServiceError) => {
    // No record yet: nothing of the employee projected so far.
    if (error.code !== status.NOT_FOUND)
      log(`hr-sync: reading ${employeeId}'s record: ${status[error.code]} ${error.details}`);
    return undefined;
  };
  try {
    for (const employeeId of employees.postings) {
      const reply = await call<syncV1.GetRotationRecordRequest, syncV1.GetRotationRecordResponse>(
        client.getRotationRecord,
        { employeeId, asOf: "" },
      ).catch(readFailed(employeeId));
      counts.set(employeeId, reply?.record?.assignments.length ?? 0);
    }
    for (const employeeId of employees.completions) {
      const reply = await call<syncV1.GetEvaluationRecordRequest, syncV1.GetEvaluationRecordResponse>(
        client.getEvaluationRecord,
        { employeeId, fiscalYear: 2024 },
      ).catch(readFailed(employeeId));
      counts.set(employeeId, reply?.record?.completionCount ?? 0);
    }
    return counts;
  } finally {
    client.close();
  }
}

/** The fiscal years whose evaluation records are compared: every year the demo and the load touch. */
const FISCAL_YEARS = Array.from({ length: 18 }, (_, i) => 2009 + i);
const REBUILD_BOUND_MS = 300_000;

/**
 * Reads every record of every employee (the rotation record as of `asOf`, the evaluation record of each
 * fiscal year), runs a rebuild, reads them all again: the number of records that differ, plus those the
 * rebuild itself reports as changed. Needs an `hr-admin` token.
 */
export async function rebuildDifferences(
  grpcAddress: string,
  token: string,
  employees: string[],
  asOf: string,
  log: Log,
): Promise<{ records: number; differ: number }> {
  const client = new syncV1.HrSyncServiceClient(grpcAddress, credentials.createInsecure());
  const call = unaryCaller(client, token);
  const absent = (error: ServiceError) =>
    error.code === status.NOT_FOUND ? undefined : Promise.reject(error);
  const readAll = async () => {
    const records = new Map<string, string>();
    await inParallel(employees, 8, async (employeeId) => {
      const rotation = await call<syncV1.GetRotationRecordRequest, syncV1.GetRotationRecordResponse>(
        client.getRotationRecord,
        { employeeId, asOf },
      ).catch(absent);
      if (rotation?.record)
        records.set(`rotation ${employeeId}`, JSON.stringify(syncV1.RotationRecord.toJSON(rotation.record)));
      for (const fiscalYear of FISCAL_YEARS) {
        const evaluation = await call<syncV1.GetEvaluationRecordRequest, syncV1.GetEvaluationRecordResponse>(
          client.getEvaluationRecord,
          { employeeId, fiscalYear },
        ).catch(absent);
        if (evaluation?.record)
          records.set(
            `evaluation ${employeeId} FY${fiscalYear}`,
            JSON.stringify(syncV1.EvaluationRecord.toJSON(evaluation.record)),
          );
      }
    });
    return records;
  };
  try {
    const live = await readAll();
    log(`rebuild: ${live.size} live records read; starting a rebuild`);
    await call<syncV1.StartRebuildRequest, syncV1.StartRebuildResponse>(client.startRebuild, {
      requestId: `faults-rebuild-${Date.now()}`,
    });
    const bound = Date.now() + REBUILD_BOUND_MS;
    let rebuild: syncV1.RebuildStatus | undefined;
    for (;;) {
      rebuild = (
        await call<syncV1.GetRebuildStatusRequest, syncV1.GetRebuildStatusResponse>(
          client.getRebuildStatus,
          {},
        )
      ).status;
      const state = rebuild?.state;
      if (state === syncV1.RebuildState.SWITCHED) break;
      if (state === syncV1.RebuildState.FAILED) throw new Error(`the rebuild failed: ${rebuild?.error}`);
      if (Date.now() > bound) throw new Error(`the rebuild did not switch within ${REBUILD_BOUND_MS} ms`);
      log(`rebuild: ${rebuild?.handled ?? 0} of ${rebuild?.total ?? "?"} messages replayed`);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    // Queries follow the switched generation within a second.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const rebuilt = await readAll();
    let differ = 0;
    for (const key of new Set([...live.keys(), ...rebuilt.keys()])) {
      if (live.get(key) === rebuilt.get(key)) continue;
      differ++;
      if (differ <= 10)
        log(`REBUILD DIFFERS: ${key}\n  live:    ${live.get(key)}\n  rebuilt: ${rebuilt.get(key)}`);
    }
    const changed = rebuild?.recordsChanged ?? 0;
    log(
      `rebuild: ${live.size} records compared with the rebuild's, ${differ} differ; the rebuild counted ${changed} changed`,
    );
    return { records: live.size, differ: Math.max(differ, changed) };
  } finally {
    client.close();
  }
}
