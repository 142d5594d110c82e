import type { syncV1 } from "@hr/proto";
import { csvFile } from "./evaluation.csv";

/** Columns of the due-for-rotation CSV (services/hr-sync/README.md): add new ones at the end only. */
export const DUE_FOR_ROTATION_CSV_COLUMNS = [
  "employee_id",
  "department",
  "post",
  "rank",
  "in_post_since",
  "years_in_post",
  "on_secondment",
  "job_type",
  "years_of_service",
  "years_as_ict",
  "dq_months",
  "gq_months",
  "dq_percent",
  "capability_to_strengthen",
  "target_role",
  "target_role_skills_short",
  "secondment_years_by_host_kind",
  "certification_codes",
  "evaluation_at_transfer_due_on",
] as const;

function row(f: syncV1.RotationFacts): Array<string | number> {
  const post = f.post;
  const balance = f.capabilityBalance;
  return [
    f.employeeId,
    post?.department ?? "",
    post?.post ?? "",
    post?.rank ?? "",
    post?.inPostSince ?? "",
    post?.yearsInPost ?? "",
    post?.onSecondment ? "yes" : "no",
    f.jobType,
    f.yearsOfService,
    f.yearsAsIct,
    balance?.dqMonths ?? 0,
    balance?.gqMonths ?? 0,
    balance?.dqPercent ?? 0,
    f.capabilityToStrengthen,
    f.targetRoleId,
    f.targetRoleSkillsShort.join(" "),
    f.secondments.map((s) => `${s.hostKind}:${s.years}`).join(" "),
    f.certifications.map((c) => c.certificationCode).join(" "),
    f.evaluationAtTransferDueOn,
  ];
}

/** The due list for a spreadsheet: UTF-8 with BOM, formula cells neutralised (the evaluation CSV's writer). */
export const dueForRotationCsv = (rows: readonly syncV1.RotationFacts[]): string =>
  csvFile(DUE_FOR_ROTATION_CSV_COLUMNS, rows.map(row));
