// After the demo data, `./run up` reads one rotation record and one evaluation record back from hr-sync
// over gRPC, as an HR core system would: proof that the facts of the other services reached HR.
import { credentials } from "@grpc/grpc-js";
import { signToken } from "@hr/kit";
import { syncV1 } from "@hr/proto";
import { unaryCaller } from "./grpc-call";

/** The demo employee and year shown. */
export const EMPLOYEE = "E1001";
const FISCAL_YEAR = 2024;

export async function hrSyncRecords(
  grpcAddress: string,
  secret: string,
  { withSecondments = false, timeoutMs = 90_000 } = {},
): Promise<string[]> {
  const client = new syncV1.HrSyncServiceClient(grpcAddress, credentials.createInsecure());
  const call = unaryCaller(
    client,
    await signToken(secret, { subject: "demo-reader", roles: ["hr-core"], ttl: "10m" }),
  );
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rotation = await call<syncV1.GetRotationRecordRequest, syncV1.GetRotationRecordResponse>(
        client.getRotationRecord,
        { employeeId: EMPLOYEE, asOf: "" },
      ).catch(() => undefined);
      const evaluation = await call<syncV1.GetEvaluationRecordRequest, syncV1.GetEvaluationRecordResponse>(
        client.getEvaluationRecord,
        { employeeId: EMPLOYEE, fiscalYear: FISCAL_YEAR },
      );
      const r = rotation?.record;
      // The demo gives E1001 two job types, three postings and (with the secondment service) a secondment.
      if (
        r &&
        r.jobTypeHistory.length >= 2 &&
        (!withSecondments || r.secondments.length >= 1) &&
        r.assignments.length >= 3 &&
        evaluation.record?.skillLevels.length
      ) {
        return [
          `[up] rotation record of ${EMPLOYEE} (gRPC hr.sync.v1.HrSyncService/GetRotationRecord):`,
          JSON.stringify(syncV1.RotationRecord.toJSON(r)),
          `[up] evaluation record of ${EMPLOYEE} for FY${FISCAL_YEAR} (gRPC hr.sync.v1.HrSyncService/GetEvaluationRecord):`,
          JSON.stringify(syncV1.EvaluationRecord.toJSON(evaluation.record)),
        ];
      }
      if (Date.now() > deadline)
        return [`[up] hr-sync had not projected ${EMPLOYEE}'s demo facts after ${timeoutMs} ms`];
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    client.close();
  }
}
