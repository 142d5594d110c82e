/**
 * The rules of an employee's skill profile (one stream per employee). decide is pure: the skill map
 * versions and today's date come in the command.
 *
 * Errors: malformed input (what the request schema refuses too: a field's shape, an unknown job type, a
 * missing basis detail) throws ValidationError naming the field; an unknown assessment/change id throws
 * NotFoundError; a refused rule throws RuleViolation with a code from skill-profile.reasons.ts, and so
 * does what only the skill map in force can tell (an unknown skill or role, a level off its scale).
 *
 * Rules beyond the brief, as an HR user would expect them (design):
 * - an assessment cannot be dated after today; job type changes, target roles and career tracks may be
 *   dated ahead (they are announced before 1 April) and count from their effective date;
 * - QUALIFICATION and OTHER need a basis detail (which qualification, what happened);
 * - a correction keeps what it does not name, and must leave the job type history valid (voiding works
 *   the same way: voiding B in A→B→A is refused, the later change must be voided first);
 * - target role and career track: a setting or clearing is not dated before the one in effect; the same
 *   value twice in a row, or a clearing with nothing to clear, is refused, also as the result of a
 *   correction or voiding (timeline.ts).
 */
import { CommandInput, type Decider, NotFoundError, RuleViolation, ValidationError } from "@hr/kit";
import {
  ASSESSOR_CAPABILITY,
  ASSESSOR_KINDS,
  type AssessorKind,
  BASES_REQUIRING_DETAIL,
  CAREER_TRACKS,
  type CareerTrack,
  JOB_TYPE_CHANGE_BASES,
  JOB_TYPES,
  type JobTypeChangeBasis,
  type RecordChangeReason,
} from "./code-lists";
import { checkJobTypeHistory } from "./job-type-history";
import { LIMITS } from "./limits";
import {
  type CatalogueRef,
  capabilityOf,
  catalogueFor,
  catalogueRefOf,
  findRole,
  findSkill,
  isLevelOnScale,
  levelScale,
  type SkillMap,
} from "./skill-map";
import type {
  ChangeJobType,
  ChooseCareerTrack,
  ClearCareerTrack,
  ClearTargetRole,
  CorrectAssessment,
  CorrectCareerTrackChoice,
  CorrectJobTypeChange,
  CorrectTargetRole,
  RecordAssessment,
  SetTargetRole,
  SkillProfileCommand,
  VoidAssessment,
  VoidCareerTrackChoice,
  VoidJobTypeChange,
  VoidTargetRole,
} from "./skill-profile.commands";
import type { JobTypeChangedData, SkillProfileEvent } from "./skill-profile.events";
import {
  ASSESSMENT_RULES,
  CAREER_TRACK_RULES,
  JOB_TYPE_RULES,
  PROFILE_RULES,
  TARGET_ROLE_RULES,
} from "./skill-profile.reasons";
import {
  type AssessmentRecord,
  activeJobTypeChanges,
  evolveSkillProfile,
  initialSkillProfileState,
  type JobTypeChangeRecord,
  type SkillProfileState,
} from "./skill-profile.state";
import {
  checkCorrectedStep,
  checkNewStep,
  checkVoidedStep,
  liveStep,
  type TimelineRules,
  type TimelineStep,
} from "./timeline";

const REASON = { required: true, multiline: true, max: LIMITS.reason };

export interface SkillProfileOptions {
  /** The job type codes accepted; defaults to JOB_TYPES. */
  jobTypes?: readonly string[];
}

export function makeSkillProfileDecider(
  options: SkillProfileOptions = {},
): Decider<SkillProfileCommand, SkillProfileEvent, SkillProfileState> {
  const jobTypes = options.jobTypes ?? Object.keys(JOB_TYPES);
  return {
    initialState: initialSkillProfileState,
    evolve: evolveSkillProfile,
    decide: (command, state) => {
      switch (command.type) {
        case "RecordAssessment":
          return recordAssessment(command, state);
        case "CorrectAssessment":
          return correctAssessment(command, state);
        case "VoidAssessment":
          return voidAssessment(command, state);
        case "SetTargetRole":
          return setTargetRole(command, state);
        case "ChangeJobType":
          return changeJobType(command, state, jobTypes);
        case "CorrectJobTypeChange":
          return correctJobTypeChange(command, state, jobTypes);
        case "VoidJobTypeChange":
          return voidJobTypeChange(command, state);
        case "ClearTargetRole":
          return clearTargetRole(command, state);
        case "CorrectTargetRole":
          return correctTargetRole(command, state);
        case "VoidTargetRole":
          return voidTargetRole(command, state);
        case "ChooseCareerTrack":
          return chooseCareerTrack(command, state);
        case "ClearCareerTrack":
          return clearCareerTrack(command, state);
        case "CorrectCareerTrackChoice":
          return correctCareerTrackChoice(command, state);
        case "VoidCareerTrackChoice":
          return voidCareerTrackChoice(command, state);
        default:
          throw ValidationError.field("type", "unknown command");
      }
    },
  };
}

export const skillProfileDecider = makeSkillProfileDecider();

function recordAssessment(command: RecordAssessment, state: SkillProfileState): SkillProfileEvent[] {
  new CommandInput()
    .employeeId("employeeId", command.employeeId)
    .id("assessmentId", command.assessmentId)
    .id("skillId", command.skillId)
    .wholeNumber("level", command.level)
    .oneOf("assessor", command.assessor, ASSESSOR_KINDS)
    .date("assessedOn", command.assessedOn)
    .date("today", command.today)
    .text("note", command.note, { multiline: true, max: LIMITS.note })
    .check();
  const catalogue = inForce(command.catalogues, command.assessedOn);
  checkSkillAndLevel(catalogue, command.skillId, command.level, command.assessor);
  if (state.assessments.some((a) => a.assessmentId === command.assessmentId)) {
    throw new RuleViolation(
      ASSESSMENT_RULES.idAlreadyUsed,
      `assessment ${command.assessmentId} already exists`,
    );
  }
  if (command.assessedOn > command.today) {
    throw new RuleViolation(
      ASSESSMENT_RULES.dateInFuture,
      `an assessment cannot be dated ${command.assessedOn}, after today (${command.today})`,
    );
  }
  const data = {
    employeeId: command.employeeId,
    effectiveDate: command.assessedOn,
    assessmentId: command.assessmentId,
    skillId: command.skillId,
    level: command.level,
    assessor: command.assessor,
    ...catalogueRefOf(catalogue),
  };
  return [
    { type: "SkillAssessed", data: command.note === undefined ? data : { ...data, note: command.note } },
  ];
}

function correctAssessment(command: CorrectAssessment, state: SkillProfileState): SkillProfileEvent[] {
  const input = new CommandInput()
    .employeeId("employeeId", command.employeeId)
    .id("assessmentId", command.assessmentId);
  if (command.skillId !== undefined) input.id("skillId", command.skillId);
  if (command.level !== undefined) input.wholeNumber("level", command.level);
  input.text("reason", command.reason, REASON).check();
  const assessment = liveAssessment(state, command.assessmentId);
  const skillId = command.skillId ?? assessment.skillId;
  const level = command.level ?? assessment.level;
  if (skillId === assessment.skillId && level === assessment.level) {
    throw new RuleViolation(
      PROFILE_RULES.correctionChangesNothing,
      `assessment ${command.assessmentId} already reads ${skillId} level ${level}`,
    );
  }
  // The map the assessment was checked against, not a later revision of its year.
  const catalogue = inForce(command.catalogues, assessment.assessedOn, assessment);
  checkSkillAndLevel(catalogue, skillId, level, assessment.assessor);
  return [
    {
      type: "SkillAssessmentCorrected",
      data: {
        employeeId: command.employeeId,
        effectiveDate: assessment.assessedOn,
        assessmentId: command.assessmentId,
        skillId,
        level,
        ...catalogueRefOf(catalogue),
        ...reasonOf(command),
      },
    },
  ];
}

function voidAssessment(command: VoidAssessment, state: SkillProfileState): SkillProfileEvent[] {
  new CommandInput()
    .employeeId("employeeId", command.employeeId)
    .id("assessmentId", command.assessmentId)
    .text("reason", command.reason, REASON)
    .check();
  const assessment = liveAssessment(state, command.assessmentId);
  return [
    {
      type: "SkillAssessmentVoided",
      data: {
        employeeId: command.employeeId,
        effectiveDate: assessment.assessedOn,
        assessmentId: command.assessmentId,
        ...reasonOf(command),
      },
    },
  ];
}

function setTargetRole(command: SetTargetRole, state: SkillProfileState): SkillProfileEvent[] {
  new CommandInput()
    .employeeId("employeeId", command.employeeId)
    .id("targetRoleId", command.targetRoleId)
    .id("roleId", command.roleId)
    .date("effectiveDate", command.effectiveDate)
    .check();
  const catalogue = roleCatalogue(command.catalogues, command.roleId, command.effectiveDate);
  const step = { id: command.targetRoleId, value: command.roleId, effectiveDate: command.effectiveDate };
  checkNewStep(targetRoleSteps(state), step, TARGET_ROLE_RULES);
  return [
    {
      type: "TargetRoleSet",
      data: {
        employeeId: command.employeeId,
        effectiveDate: command.effectiveDate,
        targetRoleId: command.targetRoleId,
        roleId: command.roleId,
        ...catalogueRefOf(catalogue),
      },
    },
  ];
}

function clearTargetRole(command: ClearTargetRole, state: SkillProfileState): SkillProfileEvent[] {
  const { employeeId, effectiveDate, targetRoleId } = command;
  checkClearing(employeeId, "targetRoleId", targetRoleId, effectiveDate);
  const step = { id: targetRoleId, value: undefined, effectiveDate };
  checkNewStep(targetRoleSteps(state), step, TARGET_ROLE_RULES);
  return [{ type: "TargetRoleCleared", data: { employeeId, effectiveDate, targetRoleId } }];
}

function correctTargetRole(command: CorrectTargetRole, state: SkillProfileState): SkillProfileEvent[] {
  const input = checkRecordChange(command, "targetRoleId", command.targetRoleId);
  if (command.roleId !== undefined) input.id("roleId", command.roleId);
  if (command.effectiveDate !== undefined) input.date("effectiveDate", command.effectiveDate);
  input.check();
  const steps = targetRoleSteps(state);
  const original = liveStepOrNotFound(steps, command.targetRoleId, TARGET_ROLE_RULES);
  const corrected = {
    id: original.id,
    value: command.roleId ?? original.value,
    effectiveDate: command.effectiveDate ?? original.effectiveDate,
  };
  checkCorrectedStep(steps, original, corrected, TARGET_ROLE_RULES);
  const catalogue =
    corrected.value === undefined
      ? undefined
      : roleCatalogue(
          command.catalogues,
          corrected.value,
          corrected.effectiveDate,
          recordedRef(state, original.id),
        );
  return [
    {
      type: "TargetRoleCorrected",
      data: {
        employeeId: command.employeeId,
        effectiveDate: corrected.effectiveDate,
        targetRoleId: original.id,
        ...(corrected.value === undefined ? {} : { roleId: corrected.value }),
        ...(catalogue ? catalogueRefOf(catalogue) : {}),
        ...reasonOf(command),
        replacedEffectiveDate: original.effectiveDate,
        ...(original.value === undefined ? {} : { replacedRoleId: original.value }),
      },
    },
  ];
}

function voidTargetRole(command: VoidTargetRole, state: SkillProfileState): SkillProfileEvent[] {
  checkRecordChange(command, "targetRoleId", command.targetRoleId).check();
  const steps = targetRoleSteps(state);
  const step = liveStepOrNotFound(steps, command.targetRoleId, TARGET_ROLE_RULES);
  checkVoidedStep(steps, step.id, TARGET_ROLE_RULES);
  return [
    {
      type: "TargetRoleVoided",
      data: {
        employeeId: command.employeeId,
        effectiveDate: step.effectiveDate,
        targetRoleId: step.id,
        ...reasonOf(command),
      },
    },
  ];
}

function changeJobType(command: ChangeJobType, state: SkillProfileState, jobTypes: readonly string[]) {
  checkJobTypeChangeInput(command, jobTypes);
  // The request names both fields, so this is bad input (the request schema says it too).
  if (lacksBasisDetail(command)) {
    throw ValidationError.field("basisDetail", `is required when the basis is ${command.basis}`);
  }
  if (state.jobTypeChanges.some((c) => c.changeId === command.changeId)) {
    throw new RuleViolation(
      JOB_TYPE_RULES.idAlreadyUsed,
      `job type change ${command.changeId} already exists`,
    );
  }
  const history = activeJobTypeChanges(state);
  checkJobTypeHistory([...history, command]);
  const fromJobType = history.at(-1)?.toJobType;
  const data: JobTypeChangedData = {
    employeeId: command.employeeId,
    effectiveDate: command.effectiveDate,
    changeId: command.changeId,
    toJobType: command.toJobType,
    basis: command.basis,
  };
  if (fromJobType !== undefined) data.fromJobType = fromJobType;
  if (command.basisDetail !== undefined) data.basisDetail = command.basisDetail;
  return [{ type: "JobTypeChanged", data } satisfies SkillProfileEvent];
}

function correctJobTypeChange(
  command: CorrectJobTypeChange,
  state: SkillProfileState,
  jobTypes: readonly string[],
): SkillProfileEvent[] {
  new CommandInput().id("changeId", command.changeId).text("reason", command.reason, REASON).check();
  const change = liveJobTypeChange(state, command.changeId);
  // An empty basisDetail clears it.
  const basisDetail = command.basisDetail ?? change.basisDetail;
  const corrected = {
    employeeId: command.employeeId,
    changeId: command.changeId,
    toJobType: command.toJobType ?? change.toJobType,
    effectiveDate: command.effectiveDate ?? change.effectiveDate,
    basis: command.basis ?? change.basis,
    basisDetail: basisDetail === "" ? undefined : basisDetail,
  };
  checkJobTypeChangeInput(corrected, jobTypes);
  // A correction may change the basis alone: whether a detail is missing depends on the recorded change.
  if (lacksBasisDetail(corrected)) {
    throw new RuleViolation(
      JOB_TYPE_RULES.basisDetailRequired,
      `basisDetail: the corrected change has basis ${corrected.basis}, which needs a basis detail`,
    );
  }
  if (
    corrected.toJobType === change.toJobType &&
    corrected.effectiveDate === change.effectiveDate &&
    corrected.basis === change.basis &&
    corrected.basisDetail === change.basisDetail
  ) {
    throw new RuleViolation(
      PROFILE_RULES.correctionChangesNothing,
      `job type change ${command.changeId} already reads like that`,
    );
  }
  const before = activeJobTypeChanges(state);
  const history = before.map((c) => (c.changeId === change.changeId ? corrected : c));
  checkJobTypeHistory(history);
  const fromJobType = history[history.indexOf(corrected) - 1]?.toJobType;
  const replacedFromJobType = before[before.indexOf(change) - 1]?.toJobType;
  const { basisDetail: detail, ...rest } = corrected;
  return [
    {
      type: "JobTypeChangeCorrected",
      data: {
        ...rest,
        ...(fromJobType === undefined ? {} : { fromJobType }),
        ...(detail === undefined ? {} : { basisDetail: detail }),
        ...reasonOf(command),
        replacedEffectiveDate: change.effectiveDate,
        ...(replacedFromJobType === undefined ? {} : { replacedFromJobType }),
        replacedToJobType: change.toJobType,
        replacedBasis: change.basis,
        ...(change.basisDetail === undefined ? {} : { replacedBasisDetail: change.basisDetail }),
      },
    },
  ];
}

function voidJobTypeChange(command: VoidJobTypeChange, state: SkillProfileState): SkillProfileEvent[] {
  new CommandInput()
    .employeeId("employeeId", command.employeeId)
    .id("changeId", command.changeId)
    .text("reason", command.reason, REASON)
    .check();
  const change = liveJobTypeChange(state, command.changeId);
  checkJobTypeHistory(activeJobTypeChanges(state).filter((c) => c.changeId !== change.changeId));
  return [
    {
      type: "JobTypeChangeVoided",
      data: {
        employeeId: command.employeeId,
        effectiveDate: change.effectiveDate,
        changeId: command.changeId,
        ...reasonOf(command),
      },
    },
  ];
}

function chooseCareerTrack(command: ChooseCareerTrack, state: SkillProfileState): SkillProfileEvent[] {
  const { employeeId, choiceId, track, effectiveDate } = command;
  new CommandInput()
    .employeeId("employeeId", employeeId)
    .id("choiceId", choiceId)
    .oneOf("track", track, CAREER_TRACKS)
    .date("effectiveDate", effectiveDate)
    .check();
  checkNewStep(careerTrackSteps(state), { id: choiceId, value: track, effectiveDate }, CAREER_TRACK_RULES);
  return [{ type: "CareerTrackChosen", data: { employeeId, effectiveDate, choiceId, track } }];
}

function clearCareerTrack(command: ClearCareerTrack, state: SkillProfileState): SkillProfileEvent[] {
  const { employeeId, effectiveDate, choiceId } = command;
  checkClearing(employeeId, "choiceId", choiceId, effectiveDate);
  const step = { id: choiceId, value: undefined, effectiveDate };
  checkNewStep(careerTrackSteps(state), step, CAREER_TRACK_RULES);
  return [{ type: "CareerTrackCleared", data: { employeeId, effectiveDate, choiceId } }];
}

function correctCareerTrackChoice(
  command: CorrectCareerTrackChoice,
  state: SkillProfileState,
): SkillProfileEvent[] {
  const input = checkRecordChange(command, "choiceId", command.choiceId);
  if (command.track !== undefined) input.oneOf("track", command.track, CAREER_TRACKS);
  if (command.effectiveDate !== undefined) input.date("effectiveDate", command.effectiveDate);
  input.check();
  const steps = careerTrackSteps(state);
  const original = liveStepOrNotFound(steps, command.choiceId, CAREER_TRACK_RULES);
  const corrected = {
    id: original.id,
    value: command.track ?? original.value,
    effectiveDate: command.effectiveDate ?? original.effectiveDate,
  };
  checkCorrectedStep(steps, original, corrected, CAREER_TRACK_RULES);
  return [
    {
      type: "CareerTrackChoiceCorrected",
      data: {
        employeeId: command.employeeId,
        effectiveDate: corrected.effectiveDate,
        choiceId: original.id,
        ...(corrected.value === undefined ? {} : { track: corrected.value as CareerTrack }),
        ...reasonOf(command),
        replacedEffectiveDate: original.effectiveDate,
        ...(original.value === undefined ? {} : { replacedTrack: original.value as CareerTrack }),
      },
    },
  ];
}

function voidCareerTrackChoice(
  command: VoidCareerTrackChoice,
  state: SkillProfileState,
): SkillProfileEvent[] {
  checkRecordChange(command, "choiceId", command.choiceId).check();
  const steps = careerTrackSteps(state);
  const step = liveStepOrNotFound(steps, command.choiceId, CAREER_TRACK_RULES);
  checkVoidedStep(steps, step.id, CAREER_TRACK_RULES);
  return [
    {
      type: "CareerTrackChoiceVoided",
      data: {
        employeeId: command.employeeId,
        effectiveDate: step.effectiveDate,
        choiceId: step.id,
        ...reasonOf(command),
      },
    },
  ];
}

function targetRoleSteps(state: SkillProfileState): TimelineStep[] {
  return state.targetRoles.map((r) => ({
    id: r.targetRoleId,
    value: r.roleId,
    effectiveDate: r.effectiveDate,
    ...(r.voided ? { voided: r.voided } : {}),
  }));
}

function careerTrackSteps(state: SkillProfileState): TimelineStep[] {
  return state.careerTracks.map((c) => ({
    id: c.choiceId,
    value: c.track,
    effectiveDate: c.effectiveDate,
    ...(c.voided ? { voided: c.voided } : {}),
  }));
}

function checkClearing(employeeId: string, idField: string, id: string, effectiveDate: string): void {
  new CommandInput()
    .employeeId("employeeId", employeeId)
    .id(idField, id)
    .date("effectiveDate", effectiveDate)
    .check();
}

/** The shape every correction and voiding shares: who, which record, why. Returns the input to extend. */
function checkRecordChange(command: { employeeId: string; reason: string }, idField: string, id: string) {
  return new CommandInput()
    .employeeId("employeeId", command.employeeId)
    .id(idField, id)
    .text("reason", command.reason, REASON);
}

function liveStepOrNotFound(steps: readonly TimelineStep[], id: string, rules: TimelineRules): TimelineStep {
  const step = liveStep(steps, id, rules);
  if (!step) throw new NotFoundError(`no ${rules.what} record ${id} for this employee`);
  return step;
}

/** The map a target role setting was checked against. */
function recordedRef(state: SkillProfileState, targetRoleId: string): CatalogueRef | undefined {
  return state.targetRoles.find((r) => r.targetRoleId === targetRoleId);
}

/** The skill map for `date` (see catalogueFor), which must have role `roleId`. */
function roleCatalogue(
  catalogues: readonly SkillMap[],
  roleId: string,
  date: string,
  recorded?: CatalogueRef,
): SkillMap {
  const catalogue = inForce(catalogues, date, recorded);
  if (!findRole(catalogue, roleId)) {
    throw new RuleViolation(
      PROFILE_RULES.roleNotOnMap,
      `roleId: unknown role "${roleId}" in the FY${catalogue.fiscalYear} skill map`,
    );
  }
  return catalogue;
}

function checkJobTypeChangeInput(
  change: {
    employeeId: string;
    changeId: string;
    toJobType: string;
    effectiveDate: string;
    basis: JobTypeChangeBasis;
    basisDetail?: string | undefined;
  },
  jobTypes: readonly string[],
): void {
  const input = new CommandInput()
    .employeeId("employeeId", change.employeeId)
    .id("changeId", change.changeId)
    .oneOf("toJobType", change.toJobType, jobTypes)
    .date("effectiveDate", change.effectiveDate)
    .oneOf("basis", change.basis, JOB_TYPE_CHANGE_BASES)
    .text("basisDetail", change.basisDetail, { max: LIMITS.basisDetail });
  input.check();
}

/** QUALIFICATION and OTHER mean nothing without saying which qualification or what. */
function lacksBasisDetail(change: { basis: JobTypeChangeBasis; basisDetail?: string | undefined }): boolean {
  return BASES_REQUIRING_DETAIL.includes(change.basis) && !change.basisDetail?.trim();
}

/** The skill map version in force on `date`, or a RuleViolation when none is loaded for it. */
function inForce(catalogues: readonly SkillMap[], date: string, recorded?: CatalogueRef): SkillMap {
  const catalogue = catalogueFor(catalogues, date, recorded);
  if (!catalogue) {
    throw new RuleViolation(PROFILE_RULES.noCatalogueInForce, `no skill map version is in force on ${date}`);
  }
  return catalogue;
}

/**
 * Skill and level are well-formed (the schema said so); whether this skill map has them is a rule, and so
 * is whether the assessor speaks for the skill's capability (an expert for DQ, a career mentor for GQ).
 */
function checkSkillAndLevel(
  catalogue: SkillMap,
  skillId: string,
  level: number,
  assessor: AssessorKind,
): void {
  if (!findSkill(catalogue, skillId)) {
    throw new RuleViolation(
      ASSESSMENT_RULES.skillNotOnMap,
      `skillId: unknown skill "${skillId}" in the FY${catalogue.fiscalYear} skill map`,
    );
  }
  if (!isLevelOnScale(catalogue, level)) {
    const { min, max } = levelScale(catalogue);
    throw new RuleViolation(
      ASSESSMENT_RULES.levelNotOnScale,
      `level: must be between ${min} and ${max} on the FY${catalogue.fiscalYear} scale`,
    );
  }
  const speaksFor = ASSESSOR_CAPABILITY[assessor];
  const capability = capabilityOf(catalogue, skillId);
  if (speaksFor && capability !== speaksFor) {
    throw new RuleViolation(
      ASSESSMENT_RULES.assessorOutsideCapability,
      `assessor: ${assessor} assesses ${speaksFor} skills; ${skillId} is ${capability} capability`,
    );
  }
}

function liveAssessment(state: SkillProfileState, assessmentId: string): AssessmentRecord {
  const assessment = state.assessments.find((a) => a.assessmentId === assessmentId);
  if (!assessment) throw new NotFoundError(`no assessment ${assessmentId} for this employee`);
  if (assessment.voided) {
    throw new RuleViolation(ASSESSMENT_RULES.voided, `assessment ${assessmentId} was voided`);
  }
  return assessment;
}

function liveJobTypeChange(state: SkillProfileState, changeId: string): JobTypeChangeRecord {
  const change = state.jobTypeChanges.find((c) => c.changeId === changeId);
  if (!change) throw new NotFoundError(`no job type change ${changeId} for this employee`);
  if (change.voided) throw new RuleViolation(JOB_TYPE_RULES.voided, `job type change ${changeId} was voided`);
  return change;
}

/** The text for the service's own record, the code for the published event (default OTHER). */
function reasonOf(command: { reason: string; reasonCode?: RecordChangeReason }) {
  return { reason: command.reason, reasonCode: command.reasonCode ?? "OTHER" };
}
