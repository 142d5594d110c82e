import { JOB_TYPES } from "../../../skills/src/domain/code-lists";
import { SHIPPED_SKILL_MAPS } from "./skill-map-roles";

/**
 * The one table of the names people read for codes the records keep: job types (`ELECTRICAL` → 電気, the
 * skills service's code list) and skills and skill-map roles (`cloud-infrastructure` → クラウド基盤, the
 * skill map versions it ships; a later version's name wins). A code with no name (a job type or skill
 * added since, a skill map loaded through `HR_SYNC_CLASSIFICATION`) is shown as the code.
 */
export type NameLang = "ja" | "en";
export type NamedCode = "jobType" | "skill" | "role";

type Names = Record<NameLang, Map<string, string>>;
const names = (entries: Iterable<[string, { ja: string; en: string }]>): Names => {
  const table: Names = { ja: new Map(), en: new Map() };
  for (const [code, { ja, en }] of entries) {
    table.ja.set(code, ja);
    table.en.set(code, en);
  }
  return table;
};

/** `CIVIL_ENGINEERING` → `Civil engineering`; short words are acronyms and stay (`ICT`). */
const englishOfCode = (code: string) =>
  code
    .split("_")
    .map((word, i) =>
      word.length <= 3 ? word : i ? word.toLowerCase() : word[0] + word.slice(1).toLowerCase(),
    )
    .join(" ");

const catalogueNames = (
  pick: (map: (typeof SHIPPED_SKILL_MAPS)[number]) => { id: string; name: string; nameJa: string }[],
) =>
  names(
    SHIPPED_SKILL_MAPS.flatMap((map) =>
      pick(map).map((e): [string, { ja: string; en: string }] => [e.id, { ja: e.nameJa, en: e.name }]),
    ),
  );

const TABLE: Record<NamedCode, Names> = {
  jobType: names(Object.entries(JOB_TYPES).map(([code, ja]) => [code, { ja, en: englishOfCode(code) }])),
  skill: catalogueNames((map) => map.skills),
  role: catalogueNames((map) => map.roles),
};

/** The name of a job type, skill or role in the language asked for; the code itself when none is known. */
export const displayName = (kind: NamedCode, code: string, lang: NameLang): string =>
  TABLE[kind][lang].get(code) ?? code;

/** Every named code of a kind, in the table's order (for lists to choose from). */
export const namedCodes = (kind: NamedCode): string[] => [...TABLE[kind].ja.keys()];
