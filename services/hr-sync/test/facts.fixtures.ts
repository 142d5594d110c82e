import type { Fact } from "../src/domain";

export const E = "E1001";
let clock = 0;

/**
 * A fact as hr-sync receives it; `recordedAt` and `sequence` advance with each call unless given. Without a
 * `streamId` it reads as an event published before `ce_streamid` existed.
 */
export function fact(
  type: string,
  data: Record<string, unknown>,
  options: {
    id?: string;
    recordedAt?: string;
    employeeId?: string;
    streamId?: string;
    sequence?: number;
  } = {},
): Fact {
  clock += 1;
  const employeeId = options.employeeId ?? E;
  return {
    id: options.id ?? `ev-${clock}`,
    type,
    employeeId,
    effectiveDate: String(data.effectiveDate),
    recordedAt: options.recordedAt ?? new Date(Date.UTC(2025, 0, 1) + clock * 1000).toISOString(),
    sequence: options.sequence ?? clock,
    ...(options.streamId ? { streamId: options.streamId } : {}),
    data: { employeeId, ...data },
  };
}

export const posting = (postingId: string, effectiveDate: string, extra: Record<string, unknown> = {}) =>
  fact("hr.postings.v1.PostingRecorded", {
    postingId,
    effectiveDate,
    department: "総務局 人事部",
    post: "主事",
    kind: "POSTING_KIND_REGULAR_TRANSFER",
    ...extra,
  });

export const completion = (completionId: string, effectiveDate: string, hours = 3) =>
  fact("hr.training.v1.TrainingCompleted", {
    completionId,
    effectiveDate,
    courseId: "dx-basics",
    courseTitle: "DX basics",
    form: "TRAINING_FORM_E_LEARNING",
    hours,
  });

export const assessed = (assessmentId: string, effectiveDate: string, skillId: string, level: number) =>
  fact("hr.skills.v1.SkillAssessed", { assessmentId, effectiveDate, skillId, level });

export const jobTypeChanged = (changeId: string, effectiveDate: string, to: string, from = "") =>
  fact("hr.skills.v1.JobTypeChanged", {
    changeId,
    effectiveDate,
    toJobType: to,
    ...(from ? { fromJobType: from } : {}),
    basis: from ? "JOB_TYPE_CHANGE_BASIS_PASSED_SELECTION" : "JOB_TYPE_CHANGE_BASIS_HIRING",
  });

export const secondmentStarted = (
  secondmentId: string,
  startsOn: string,
  plannedEndOn: string,
  hostKind = "HOST_KIND_GOVTECH_TOKYO",
) =>
  fact("hr.secondment.v1.SecondmentStarted", {
    secondmentId,
    effectiveDate: startsOn,
    startsOn,
    plannedEndOn,
    hostKind,
    hostName: "GovTech Tokyo",
    hostTitle: "deputy group leader",
    homeDepartment: "デジタルサービス局",
    homePost: "総務部付（派遣）",
  });

export const secondmentEnded = (secondmentId: string, endedOn: string) =>
  fact("hr.secondment.v1.SecondmentEnded", { secondmentId, effectiveDate: endedOn, endedOn });

/** A deterministic shuffle (seeded), so a failing order can be reproduced. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
