import { randomUUID } from "node:crypto";
import type { Actor, EventStore } from "@hr/kit";
import {
  ConflictError,
  DuplicateRequestError,
  fingerprintOf,
  RuleViolation,
  VersionConflictError,
} from "@hr/kit";
import type { Collection, Db } from "mongodb";
import { type SkillMap, type SkillMapRevisionLoaded, validateSkillMap } from "../domain";

/** RuleViolation reason of a skill map whose parts do not fit together. */
export const SKILL_MAP_INCONSISTENT = "SKILL_MAP_INCONSISTENT";

interface SkillMapDocument {
  /** `FY2024#3`: fiscal year and revision, so loading is an insert (race-safe without transactions). */
  _id: string;
  fiscalYear: number;
  revision: number;
  map: SkillMap;
  loadedAt: Date;
  loadedBy?: Actor;
  requestId: string;
  /** Hash of the map as loaded: a reused request id must come with the same map. */
  fingerprint?: string;
}

/** The stream of one fiscal year's revisions: their events go out keyed by it (see kit's subjectOf). */
export const skillMapStream = (fiscalYear: number) => `skill-map-FY${fiscalYear}`;

/**
 * The skill map catalogue: reference data with a version per fiscal year. Loading a map for a year
 * that has one adds a new revision (the latest revision is in force); earlier revisions stay, because
 * facts name the revision they were checked against. Each revision is published on hr.skills.v1
 * (SkillMapRevisionLoaded) through the event store's outbox: the document is written first, then the
 * event at the stream position revision − 1, so a retry, a replayed request or the next start publishes
 * what a crash left unpublished, and never twice.
 */
export class SkillMapStore {
  private readonly maps: Collection<SkillMapDocument>;
  /** `{_id: "catalogue", token}`: a new token at every load, so a cached catalogue is checked by `_id`. */
  private readonly marker: Collection<{ _id: string; token: string }>;
  private cache: { token: string; versions: SkillMap[] } | undefined;

  constructor(
    db: Db,
    private readonly events: EventStore,
    private readonly notifyOutbox: () => void = () => {},
  ) {
    this.maps = db.collection<SkillMapDocument>("skill_maps");
    this.marker = db.collection("skill_map_changes");
  }

  async init(defaults: readonly SkillMap[]): Promise<void> {
    await this.maps.createIndex({ requestId: 1 }, { unique: true, name: "requestId_unique" });
    await this.maps.createIndex({ fiscalYear: 1, revision: -1 }, { name: "latest_revision" });
    // First start: the default catalogue becomes revision 1 of its years. Concurrent starts race on
    // the same `_id`s, and a year someone already loaded keeps its maps.
    for (const map of defaults) {
      if (await this.maps.findOne({ fiscalYear: map.fiscalYear }, { projection: { _id: 1 } })) continue;
      await this.insert(map, 1, `default-FY${map.fiscalYear}`).catch(ignoreDuplicate);
    }
    // A small collection (a few revisions a year): publish whatever a crash left unpublished.
    for (const doc of await this.maps.find({}).sort({ fiscalYear: 1, revision: 1 }).toArray()) {
      await this.publish(doc);
    }
  }

  /**
   * Every revision of every loaded fiscal year, each with its `revision`, oldest first; the domain picks
   * the one in force (catalogueInForce) or the one a fact recorded (catalogueFor). Every command checks
   * against them, so they are kept in memory and re-read only when a load (by any instance) changed the
   * marker: one `_id` lookup per call instead of decoding every map.
   */
  async versions(): Promise<SkillMap[]> {
    const token = (await this.marker.findOne({ _id: "catalogue" }))?.token ?? "";
    if (this.cache?.token === token) return this.cache.versions;
    const versions = await this.readVersions();
    this.cache = { token, versions };
    return versions;
  }

  private async readVersions(): Promise<SkillMap[]> {
    const docs = await this.maps.find({}).sort({ fiscalYear: 1, revision: 1 }).toArray();
    return docs.map((doc) => ({ ...doc.map, revision: doc.revision }));
  }

  /**
   * Validates and stores a new version; a bad map is refused whole with every error listed. A repeated
   * request id returns the first answer; a request id reused for a different map is refused (ABORTED).
   */
  async load(
    input: unknown,
    requestId: string,
    actor: Actor,
  ): Promise<{ fiscalYear: number; replaced: boolean; revision: number }> {
    const validation = validateSkillMap(input);
    if (!validation.ok) {
      // The request schema has checked the map's shape, so what is left is how its parts refer to each
      // other (unknown or duplicate ids, levels off the scale): a rule about the content, not bad input.
      const problems = validation.errors.map((e) => `skillMap.${e.field}: ${e.message}`);
      throw new RuleViolation(
        SKILL_MAP_INCONSISTENT,
        `the skill map is inconsistent: ${problems.join("; ")}`,
      );
    }
    const map = validation.value;
    // The map as the domain reads it, so a default the API filled in (proto3) changes nothing.
    const fingerprint = fingerprintOf("LoadSkillMap", map);
    const earlier = await this.maps.findOne({ requestId });
    if (earlier) return this.replay(earlier, fingerprint);
    for (;;) {
      const latest = await this.maps.findOne({ fiscalYear: map.fiscalYear }, { sort: { revision: -1 } });
      const revision = (latest?.revision ?? 0) + 1;
      try {
        await this.insert(map, revision, requestId, actor, fingerprint);
        return { fiscalYear: map.fiscalYear, replaced: revision > 1, revision };
      } catch (error) {
        if (!isDuplicate(error)) throw error;
        const twin = await this.maps.findOne({ requestId });
        if (twin) return this.replay(twin, fingerprint);
        // Another administrator loaded the same year at the same moment: take the next revision.
      }
    }
  }

  /** The marker is written after the map itself, so a reader that sees the new token also finds the new map. */
  private async insert(
    map: SkillMap,
    revision: number,
    requestId: string,
    actor?: Actor,
    fingerprint?: string,
  ) {
    const doc: SkillMapDocument = {
      _id: `FY${map.fiscalYear}#${revision}`,
      fiscalYear: map.fiscalYear,
      revision,
      map,
      loadedAt: new Date(),
      requestId,
      ...(actor ? { loadedBy: actor } : {}),
      ...(fingerprint ? { fingerprint } : {}),
    };
    await this.maps.insertOne(doc);
    // Two first loads racing may both try to create it: either new token will do.
    await this.marker
      .replaceOne({ _id: "catalogue" }, { token: randomUUID() }, { upsert: true })
      .catch(ignoreDuplicate);
    await this.publish(doc);
  }

  /** Appends the revision's event unless it is there: its stream position and request id are the revision's. */
  private async publish(doc: SkillMapDocument): Promise<void> {
    const event: SkillMapRevisionLoaded = {
      type: "SkillMapRevisionLoaded",
      data: {
        employeeId: "",
        effectiveDate: `${doc.fiscalYear}-04-01`,
        fiscalYear: doc.fiscalYear,
        revision: doc.revision,
        skillMap: doc.map,
      },
    };
    try {
      await this.events.append(skillMapStream(doc.fiscalYear), doc.revision - 1, [event], {
        requestId: `skill-map-${doc._id}`,
        ...(doc.loadedBy ? { actor: doc.loadedBy } : {}),
      });
      this.notifyOutbox();
    } catch (error) {
      // Already published (this revision's request id or position is taken), or an earlier revision is
      // not yet: the start or a retry that publishes it will publish this one after it.
      if (!(error instanceof DuplicateRequestError || error instanceof VersionConflictError)) throw error;
    }
  }

  /** The first answer to a request id, if it came with the same map; publishes it if a crash kept it back. */
  private async replay(earlier: SkillMapDocument, fingerprint: string) {
    if (earlier.fingerprint !== undefined && earlier.fingerprint !== fingerprint) {
      throw new ConflictError(
        `request_id ${earlier.requestId} was already used to load a different skill map; use a new request_id`,
        { retryable: false },
      );
    }
    await this.publish(earlier);
    return { fiscalYear: earlier.fiscalYear, replaced: earlier.revision > 1, revision: earlier.revision };
  }
}

function isDuplicate(error: unknown): boolean {
  return (error as { code?: number }).code === 11000;
}

function ignoreDuplicate(error: unknown): void {
  if (!isDuplicate(error)) throw error;
}
