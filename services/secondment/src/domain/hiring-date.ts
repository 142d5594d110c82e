/**
 * The employee's hiring date as learnt from hr.skills.v1: the first job type recorded, i.e. the
 * `JobTypeChanged` without a previous job type, as corrected or voided later. Pure: the application
 * feeds it the skills events of one employee in order.
 */
export interface HiringDate {
  /** The job type change that recorded the hiring. */
  changeId: string;
  hiredOn: string;
}

/** What this service reads of a hr.skills.v1 event (other types and fields are ignored). */
export interface SkillsEvent {
  type: string;
  data: { changeId?: string; fromJobType?: string; effectiveDate: string };
}

export function hiringDateAfter(current: HiringDate | undefined, event: SkillsEvent): HiringDate | undefined {
  const { changeId, fromJobType, effectiveDate } = event.data;
  switch (event.type) {
    case "JobTypeChanged":
      if (fromJobType !== undefined || !changeId) return current;
      return current && current.changeId !== changeId ? current : { changeId, hiredOn: effectiveDate };
    case "JobTypeChangeCorrected":
      return current && current.changeId === changeId ? { ...current, hiredOn: effectiveDate } : current;
    case "JobTypeChangeVoided":
      return current?.changeId === changeId ? undefined : current;
    default:
      return current;
  }
}
