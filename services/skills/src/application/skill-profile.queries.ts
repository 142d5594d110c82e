import {
  CommandInput,
  domainEvents,
  type EventStore,
  fold,
  NotFoundError,
  RuleViolation,
  todayInJapan,
} from "@hr/kit";
import {
  type AssessorKind,
  type CatalogueRef,
  capabilityBalance,
  catalogueFor,
  catalogueInForce,
  type GapReport,
  gapReport,
  heldLevels,
  type ProfileView,
  profileView,
  type RoleCoverage,
  roleCoverage,
  type SkillMap,
  type SkillProfileEvent,
  skillProfileDecider,
} from "../domain";

import type { SkillMapStore } from "./skill-map.store";
import { profileStream } from "./skill-profile.handlers";
import type { SkillProfileReadModel } from "./skill-profile.read-model";

/**
 * Queries over skill profiles. A profile is folded from its own stream on demand (read by `_id`); role
 * coverage folds the read model's one document per employee, never the event collection.
 */
export class SkillProfileQueries {
  constructor(
    private readonly store: EventStore,
    private readonly skillMaps: SkillMapStore,
    private readonly readModel: SkillProfileReadModel,
  ) {}

  async profile(
    employeeId: string,
    asOf = todayInJapan(),
  ): Promise<{ profile: ProfileView; streamVersion: number }> {
    const { version, events } = await this.store.readStream<SkillProfileEvent>(profileStream(employeeId));
    if (version === 0) throw new NotFoundError(`no skill profile for employee ${employeeId}`);
    const state = fold(skillProfileDecider, domainEvents(events));
    const profile = profileView(state, checkedDate("asOf", asOf), employeeId);
    const catalogue = catalogueInForce(await this.skillMaps.versions(), profile.asOf);
    if (catalogue) profile.capabilityBalance = capabilityBalance(heldLevels(profile), catalogue);
    return { profile, streamVersion: version };
  }

  async gapReport(
    employeeId: string,
    options: { roleId?: string; asOf?: string; assessors?: AssessorKind[] },
  ): Promise<GapReport> {
    const asOf = checkedDate("asOf", options.asOf ?? todayInJapan());
    const { profile } = await this.profile(employeeId, asOf);
    const roleId = options.roleId ?? profile.targetRole?.roleId;
    if (!roleId) {
      throw new RuleViolation("NO_TARGET_ROLE", `employee ${employeeId} has no target role; name a role_id`);
    }
    // Against the target role, the map its setting was checked against: a later revision of that year
    // does not change a report about the past.
    const target = profile.targetRole?.roleId === roleId ? profile.targetRole : undefined;
    const catalogue = await this.catalogueAt(asOf, target);
    return gapReport(profile, catalogue, roleId, options.assessors ? { assessors: options.assessors } : {});
  }

  async roleCoverage(options: {
    asOf?: string;
    jobType?: string;
    assessors?: AssessorKind[];
  }): Promise<RoleCoverage & { asOf: string; catalogueFiscalYear: number }> {
    const asOf = checkedDate("asOf", options.asOf ?? todayInJapan());
    const catalogue = await this.catalogueAt(asOf);
    const profiles: ProfileView[] = [];
    for (const document of await this.readModel.all()) {
      const state = fold(skillProfileDecider, document.events);
      const profile = profileView(state, asOf, document._id);
      if (options.jobType && profile.jobType?.jobType !== options.jobType) continue;
      profiles.push(profile);
    }
    const coverage = roleCoverage(
      profiles,
      catalogue,
      options.assessors ? { assessors: options.assessors } : {},
    );
    return { ...coverage, asOf, catalogueFiscalYear: catalogue.fiscalYear };
  }

  async skillMap(fiscalYear?: number): Promise<{ skillMap: SkillMap; loadedFiscalYears: number[] }> {
    const versions = await this.skillMaps.versions();
    const loadedFiscalYears = [...new Set(versions.map((v) => v.fiscalYear))];
    const skillMap =
      fiscalYear === undefined
        ? catalogueInForce(versions, todayInJapan())
        : catalogueInForce(versions, `${fiscalYear}-04-01`);
    if (!skillMap) {
      throw new NotFoundError(
        `no skill map is in force${fiscalYear ? ` in FY${fiscalYear}` : ""}; loaded years: ${loadedFiscalYears.join(", ") || "none"}`,
      );
    }
    return { skillMap, loadedFiscalYears };
  }

  private async catalogueAt(date: string, recorded?: CatalogueRef): Promise<SkillMap> {
    const catalogue = catalogueFor(await this.skillMaps.versions(), date, recorded);
    if (!catalogue) throw new RuleViolation("NO_SKILL_MAP_IN_FORCE", `no skill map is in force on ${date}`);
    return catalogue;
  }
}

function checkedDate(field: string, value: string): string {
  new CommandInput().date(field, value).check();
  return value;
}
