import { type Logger, RuleViolation } from "@hr/kit";
import type { syncV1 } from "@hr/proto";
import {
  type CandidateQuery,
  type Classification,
  candidateEntry,
  candidateOrder,
  compareKeys,
  departmentOn,
  dueEntry,
  dueForRotationCsv,
  dueOrder,
  type PlanningFilter,
  type PlanningProfile,
  requirementsOf,
  rotationFacts,
  type SortKey,
  skillMapInForce,
} from "../domain";
import { RosterCache, type RosterShard, type RosterSnapshot } from "./planning.roster";
import { type Generations, JAPANESE_ORDER, META_MAX_AGE_MS } from "./record-store";
import { DEFAULT_PAGE_SIZE } from "./records.queries";

/** Page tokens are the order key of the page's last entry, opaque to callers. */
const encodeToken = (key: SortKey) => Buffer.from(JSON.stringify(key), "utf8").toString("base64url");

function decodeToken(token: string): SortKey | undefined {
  if (!token) return undefined;
  try {
    const key = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(key) && key.every((k) => typeof k === "string" || typeof k === "number")) return key;
  } catch {
    // falls through to the refusal below
  }
  // Any string is a well-formed token; one this list did not issue is refused by rule (422), not as bad input.
  throw new RuleViolation("PAGE_TOKEN_NOT_ISSUED", "pageToken: is not a nextPageToken of this list");
}

/**
 * A list over the roster: an employee's entry from their profile and its facts on 1 April of the year (the
 * facts computed when not given), its order, and a key naming everything the entry depends on.
 */
interface List<T> {
  key: string;
  fiscalYear: number;
  entryOf: (p: PlanningProfile, facts?: syncV1.RotationFacts) => T | undefined;
  order: (entry: T) => SortKey;
}

/**
 * The employees a list holds with their order keys, in order, computed from the roster (evidence left
 * out). Each shard's part is kept with the shard (see `RosterCache`), as are its facts of the year: a
 * question asked again recomputes only the shards that changed.
 */
function ordered<T>(roster: RosterSnapshot, list: List<T>, c: Classification) {
  return roster.shards
    .flatMap((shard) =>
      shard.derived(`list:${list.key}`, () => {
        const facts = factsOf(shard, list.fiscalYear, c);
        return shard.entries.flatMap((p, i) => {
          const entry = list.entryOf(p, facts[i]);
          return entry === undefined ? [] : [{ id: p.employeeId, key: list.order(entry) }];
        });
      }),
    )
    .sort((a, b) => compareKeys(a.key, b.key));
}

/** A shard's employees' rotation facts on 1 April of the year, kept with the shard. */
const factsOf = (shard: RosterShard, fiscalYear: number, c: Classification) =>
  shard.derived(`facts:${fiscalYear}`, () => shard.entries.map((p) => rotationFacts(p, fiscalYear, c)));

/**
 * One page of a list, its entries computed again from their full profiles (kept, or read by `_id`), so
 * each carries the events behind its facts.
 */
async function pageOf<T>(
  roster: RosterSnapshot,
  list: List<T>,
  c: Classification,
  pageSize: number,
  pageToken: string,
) {
  const after = decodeToken(pageToken);
  const all = ordered(roster, list, c);
  const rest = after ? all.filter((e) => compareKeys(e.key, after) > 0) : all;
  const page = rest.slice(0, pageSize || DEFAULT_PAGE_SIZE);
  const entries = (await roster.profiles(page.map((e) => e.id))).flatMap((p) => {
    const entry = list.entryOf(p);
    return entry === undefined ? [] : [entry];
  });
  const last = page.at(-1);
  return {
    entries,
    nextPageToken: rest.length > page.length && last ? encodeToken(last.key) : "",
    totalSize: all.length,
  };
}

export interface DueQuery {
  fiscalYear: number;
  department: string;
  minYearsInPost: number;
}

/** Transfer planning's questions, answered from the roster and profiles of the generation queries read. */
export class PlanningQueries {
  private cache: { roster: RosterCache; loaded: Promise<RosterSnapshot> } | undefined;

  constructor(
    private readonly generations: Generations,
    private readonly classification: Classification,
  ) {}

  /**
   * The roster of the generation queries read, kept in memory. Another generation starts a new one and
   * its load; a question asked meanwhile waits for that load (see `RosterCache.snapshot`).
   */
  private async current() {
    const store = await this.generations.active();
    if (this.cache?.roster.store.generation !== store.generation) {
      const roster = new RosterCache(store);
      this.cache = { roster, loaded: roster.snapshot() };
      // A failed load is loaded again by the next `load()` (or question).
      const failed = this.cache;
      failed.loaded.catch(() => {
        if (this.cache === failed) this.cache = undefined;
      });
    }
    return this.cache;
  }

  private async roster(): Promise<RosterSnapshot> {
    return (await this.current()).roster.snapshot();
  }

  /**
   * Loads the roster of the generation queries read, unless loaded or loading: `RosterLoader` calls it at
   * start and every second, so the first question after a start or a switch finds it in memory.
   */
  async load(): Promise<{ generation: number; employees: number }> {
    const { roster, loaded } = await this.current();
    const { shards } = await loaded;
    return {
      generation: roster.store.generation,
      employees: shards.reduce((n, s) => n + s.entries.length, 0),
    };
  }

  /** The due list, with the threshold applied (the configured one when 0). */
  private dueList(q: DueQuery): List<syncV1.RotationFacts> & { minYearsInPost: number } {
    const { fiscalYear, department } = q;
    const minYearsInPost = q.minYearsInPost || this.classification.planning.minYearsInPost;
    const filter: PlanningFilter = { department, jobType: "" };
    return {
      key: JSON.stringify(["due", fiscalYear, minYearsInPost, department]),
      fiscalYear,
      entryOf: (p, facts) => dueEntry(p, fiscalYear, minYearsInPost, filter, this.classification, facts),
      order: dueOrder,
      minYearsInPost,
    };
  }

  async dueForRotation(q: DueQuery, pageSize: number, pageToken: string) {
    const list = this.dueList(q);
    const { entries, ...page } = await pageOf(
      await this.roster(),
      list,
      this.classification,
      pageSize,
      pageToken,
    );
    return { employees: entries, ...page, minYearsInPost: list.minYearsInPost };
  }

  async candidates(q: CandidateQuery & PlanningFilter, pageSize: number, pageToken: string) {
    const requirements = requirementsOf(q, this.classification);
    const { fiscalYear, department, jobType } = q;
    const list: List<syncV1.Candidate> = {
      key: JSON.stringify(["candidates", fiscalYear, requirements, department, jobType]),
      fiscalYear,
      entryOf: (p, facts) =>
        candidateEntry(p, fiscalYear, requirements, { department, jobType }, this.classification, facts),
      order: candidateOrder,
    };
    const { entries, ...page } = await pageOf(
      await this.roster(),
      list,
      this.classification,
      pageSize,
      pageToken,
    );
    return { candidates: entries, ...page };
  }

  /** The departments employees belong to on 1 April of the year: the pages' filter to choose from. */
  async departments(fiscalYear: number): Promise<string[]> {
    const { shards } = await this.roster();
    const names = new Set(shards.flatMap((s) => s.entries.flatMap((p) => departmentOn(p, fiscalYear) || [])));
    return [...names].sort(JAPANESE_ORDER.compare);
  }

  /** The roles of the skill map in force in the year, in its order (the roles a search may name). */
  skillMapRoles(fiscalYear: number): string[] {
    return skillMapInForce(this.classification.skillMaps, fiscalYear)?.roles.map((r) => r.id) ?? [];
  }

  /** The whole due list as CSV (no evidence in a CSV: computed from the roster alone). */
  async exportDueCsv(q: DueQuery) {
    const roster = await this.roster();
    const list = this.dueList(q);
    const entries = new Map(
      roster.shards.flatMap((shard) => {
        const facts = factsOf(shard, q.fiscalYear, this.classification);
        return shard.entries.map((p, i) => [p.employeeId, list.entryOf(p, facts[i])] as const);
      }),
    );
    const rows = ordered(roster, list, this.classification).map((r) => entries.get(r.id)!);
    return {
      fileName: `due-for-rotation-FY${q.fiscalYear}.csv`,
      content: Buffer.from(dueForRotationCsv(rows), "utf8"),
    };
  }
}

/**
 * Loads each generation's roster in the background (a service's background task): at start, and within
 * `META_MAX_AGE_MS` of a generation switch, when the instance sees it. Readiness does not wait for it:
 * the service's other reads and its projection need no roster, and a question asked during the load
 * waits for the one load in flight.
 */
export class RosterLoader {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private generation: number | undefined;

  constructor(
    private readonly planning: PlanningQueries,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    void this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async tick() {
    const started = Date.now();
    try {
      const { generation, employees } = await this.planning.load();
      if (generation !== this.generation)
        this.logger.info(
          { generation, employees, ms: Date.now() - started },
          "transfer-planning roster loaded",
        );
      this.generation = generation;
    } catch (error) {
      if (!this.stopped)
        this.logger.warn({ err: error }, "transfer-planning roster not loaded; trying again");
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), META_MAX_AGE_MS);
  }
}
