import { RuleViolation } from "@hr/kit";
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
  type SortKey,
  skillMapInForce,
} from "../domain";
import { type Generations, JAPANESE_ORDER, type RecordStore } from "./record-store";
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

/** Every employee's entry of a list, computed from the roster (evidence left out), in the list's order. */
async function ordered<T>(
  store: RecordStore,
  entryOf: (p: PlanningProfile) => T | undefined,
  order: (entry: T) => SortKey,
) {
  return (await store.rosterEntries())
    .flatMap((p) => {
      const entry = entryOf(p);
      return entry === undefined ? [] : [{ id: p.employeeId, key: order(entry), entry }];
    })
    .sort((a, b) => compareKeys(a.key, b.key));
}

/**
 * One page of a list, its entries computed again from their full profiles (each an `_id` read), so each
 * carries the events behind its facts.
 */
async function pageOf<T>(
  generations: Generations,
  entryOf: (p: PlanningProfile) => T | undefined,
  order: (entry: T) => SortKey,
  pageSize: number,
  pageToken: string,
) {
  const after = decodeToken(pageToken);
  const store = await generations.active();
  const all = await ordered(store, entryOf, order);
  const rest = after ? all.filter((e) => compareKeys(e.key, after) > 0) : all;
  const page = rest.slice(0, pageSize || DEFAULT_PAGE_SIZE);
  const entries = (await store.planningProfiles(page.map((e) => e.id))).flatMap((p) => {
    const entry = entryOf(p);
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
  constructor(
    private readonly generations: Generations,
    private readonly classification: Classification,
  ) {}

  /** The due list's entry of a profile, with the threshold applied (the configured one when 0). */
  private dueEntryOf(q: DueQuery) {
    const minYearsInPost = q.minYearsInPost || this.classification.planning.minYearsInPost;
    const filter: PlanningFilter = { department: q.department, jobType: "" };
    const entryOf = (p: PlanningProfile) =>
      dueEntry(p, q.fiscalYear, minYearsInPost, filter, this.classification);
    return { minYearsInPost, entryOf };
  }

  async dueForRotation(q: DueQuery, pageSize: number, pageToken: string) {
    const { minYearsInPost, entryOf } = this.dueEntryOf(q);
    const { entries, ...page } = await pageOf(this.generations, entryOf, dueOrder, pageSize, pageToken);
    return { employees: entries, ...page, minYearsInPost };
  }

  async candidates(q: CandidateQuery & PlanningFilter, pageSize: number, pageToken: string) {
    const requirements = requirementsOf(q, this.classification);
    const { entries, ...page } = await pageOf(
      this.generations,
      (p) => candidateEntry(p, q.fiscalYear, requirements, q, this.classification),
      candidateOrder,
      pageSize,
      pageToken,
    );
    return { candidates: entries, ...page };
  }

  /** The departments employees belong to on 1 April of the year: the pages' filter to choose from. */
  async departments(fiscalYear: number): Promise<string[]> {
    const roster = await (await this.generations.active()).rosterEntries();
    const names = new Set(roster.flatMap((p) => departmentOn(p, fiscalYear) || []));
    return [...names].sort(JAPANESE_ORDER.compare);
  }

  /** The roles of the skill map in force in the year, in its order (the roles a search may name). */
  skillMapRoles(fiscalYear: number): string[] {
    return skillMapInForce(this.classification.skillMaps, fiscalYear)?.roles.map((r) => r.id) ?? [];
  }

  /** The whole due list as CSV (no evidence in a CSV: computed from the roster alone). */
  async exportDueCsv(q: DueQuery) {
    const store = await this.generations.active();
    const rows = await ordered(store, this.dueEntryOf(q).entryOf, dueOrder);
    return {
      fileName: `due-for-rotation-FY${q.fiscalYear}.csv`,
      content: Buffer.from(dueForRotationCsv(rows.map((r) => r.entry)), "utf8"),
    };
  }
}
