import type { syncV1 } from "@hr/proto";

/**
 * CSV of a department's evaluation records for HR staff who open it in a spreadsheet: UTF-8 with a byte
 * order mark (so Excel shows Japanese text), CRLF line ends, RFC 4180 quoting, one row per employee.
 * The columns are a public contract (services/hr-sync/README.md): add new ones at the end only.
 */
export const EVALUATION_CSV_COLUMNS = [
  "employee_id",
  "fiscal_year",
  "department",
  "rank",
  "completions",
  "training_hours",
  "certifications",
  "certification_codes",
  "subsidies",
  "survey_results",
  "average_survey_change",
  "skills_raised",
  "skill_level_changes",
  "secondment_months",
  "secondment_months_by_host_kind",
  "overseas_training_steps",
  "job_type_changes",
  "evaluations_at_transfer_due",
  "target_role",
  "meets_target_role",
  "target_role_skills_short",
] as const;

const BOM = "\uFEFF";

/**
 * A text cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab or CR first: OWASP's CSV
 * injection advice) gets a leading `'`, so it shows as text and runs nothing. Numbers are written as numbers.
 */
export function neutralised(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cell(value: string | number): string {
  const text = typeof value === "number" ? String(value) : neutralised(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function row(r: syncV1.EvaluationRecord): Array<string | number> {
  const surveys = r.surveyEffects;
  return [
    r.employeeId,
    r.fiscalYear,
    r.department,
    r.rank,
    r.completionCount,
    r.trainingHours,
    r.certificationList.length,
    r.certificationList.map((c) => c.certificationCode).join(" "),
    r.subsidies.length,
    surveys.length,
    surveys.length
      ? Math.round((surveys.reduce((n, s) => n + s.change, 0) / surveys.length) * 100) / 100
      : "",
    r.skillLevels.filter((s) => s.change > 0).length,
    r.skillLevels.map((s) => `${s.skillId}:${s.levelAtStart}->${s.levelAtEnd}`).join(" "),
    r.secondmentMonths,
    r.secondmentMonthsByHostKind.map((s) => `${s.hostKind}:${s.months}`).join(" "),
    r.overseasTrainingSteps.map((s) => `${s.step}@${s.reachedOn}`).join(" "),
    r.jobTypeChanges
      .map((j) => `${j.fromJobType ? `${j.fromJobType}->` : ""}${j.toJobType}@${j.effectiveDate}`)
      .join(" "),
    r.evaluationsAtTransfer.map((e) => e.dueOn).join(" "),
    r.targetRole?.roleId ?? "",
    r.targetRole ? (r.targetRole.meetsAll ? "yes" : "no") : "",
    r.targetRole?.skillsShort.join(" ") ?? "",
  ];
}

/**
 * A CSV file for a spreadsheet: the BOM, the header, one line per row, every text cell neutralised and
 * quoted as RFC 4180 says. Every CSV hr-sync exports is written by this.
 */
export function csvFile(
  columns: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): string {
  const lines = [columns.join(","), ...rows.map((r) => r.map(cell).join(","))];
  return `${BOM}${lines.join("\r\n")}\r\n`;
}

export const evaluationRecordsCsv = (records: readonly syncV1.EvaluationRecord[]): string =>
  csvFile(EVALUATION_CSV_COLUMNS, records.map(row));
