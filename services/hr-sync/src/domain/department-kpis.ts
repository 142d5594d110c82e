import type { secondmentV1, syncV1 } from "@hr/proto";

/**
 * A department's KPIs for a fiscal year from its members' evaluation records: outcomes (completions,
 * certifications, secondments, overseas trainees, skill gains, skill coverage against target roles, survey
 * effect), never study minutes alone.
 */
export function departmentKpis(
  department: string,
  fiscalYear: number,
  records: readonly syncV1.EvaluationRecord[],
): syncV1.DepartmentKpis {
  const byCode = new Map<string, number>();
  const byHostKind = new Map<secondmentV1.HostKind, number>();
  const surveys = records.flatMap((r) => r.surveyEffects);
  for (const r of records) {
    for (const c of r.certificationList)
      byCode.set(c.certificationCode, (byCode.get(c.certificationCode) ?? 0) + 1);
    for (const s of r.secondmentMonthsByHostKind.filter((s) => s.months > 0)) {
      byHostKind.set(s.hostKind, (byHostKind.get(s.hostKind) ?? 0) + 1);
    }
  }
  const sum = (f: (r: syncV1.EvaluationRecord) => number) => records.reduce((n, r) => n + f(r), 0);
  const count = (f: (r: syncV1.EvaluationRecord) => boolean) => records.filter(f).length;
  return {
    department,
    fiscalYear,
    employeeCount: records.length,
    completions: sum((r) => r.completionCount),
    trainingHours: sum((r) => r.trainingHours),
    certificationsByCode: [...byCode]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([code, n]) => ({ code, count: n })),
    certifications: sum((r) => r.certificationList.length),
    subsidies: sum((r) => r.subsidies.length),
    subsidyAmountYen: sum((r) => r.subsidies.reduce((n, s) => n + s.amountYen, 0)),
    secondmentsByHostKind: [...byHostKind].map(([hostKind, n]) => ({ hostKind, count: n })),
    overseasTrainees: count((r) => r.overseasTrainingSteps.some((s) => s.step === "COMPLETED")),
    employeesWithSkillGains: count((r) => r.skillLevels.some((s) => s.change > 0)),
    employeesWithAssessedSkills: count((r) => r.skillLevels.some((s) => s.levelAtEnd > 0)),
    averageSurveyChange: surveys.length
      ? Math.round((surveys.reduce((n, s) => n + s.change, 0) / surveys.length) * 100) / 100
      : 0,
    surveyResults: surveys.length,
    employeesWithTargetRole: count((r) => r.targetRole !== undefined),
    employeesMeetingTargetRole: count((r) => r.targetRole?.meetsAll === true),
  };
}
