/**
 * How long a secondment may last, per host kind: configuration, not law (DOMAIN.md). Each kind may have a
 * standard limit (what is agreed at first, e.g. 1 year at a private firm) and a maximum (with every
 * extension, e.g. 2 years at a private firm, 5 years by law at a public-interest body). Each limit either
 * refuses a plan beyond it or lets it through with a warning that is recorded on the event.
 */
import { addDays, addMonths, RuleViolation, ValidationError } from "@hr/kit";
import { HOST_KINDS, type HostKind, type LengthLimit } from "./code-lists";
import { SECONDMENT_RULES } from "./secondment.reasons";

export type LimitAction = "REFUSE" | "WARN";

export interface Limit {
  months: number;
  action: LimitAction;
}

export interface KindPolicy {
  /** Applies to the length agreed (or started) at first. */
  standard?: Limit;
  /** Applies to the length after extensions and corrections as well. */
  maximum?: Limit;
}

export type LengthPolicy = Partial<Record<HostKind, KindPolicy>>;

/**
 * Public defaults (DOMAIN.md): private firms up to 1 year, extendable to 2; the Digital Agency 2 years in
 * principle; public-interest and affiliated bodies 3 years in principle, at most 5 by law. No public rule
 * is known for GovTech Tokyo, other public bodies or other hosts: no limit until one is configured.
 */
export const DEFAULT_LENGTH_POLICY: LengthPolicy = {
  HOST_KIND_PRIVATE_FIRM: {
    standard: { months: 12, action: "REFUSE" },
    maximum: { months: 24, action: "REFUSE" },
  },
  HOST_KIND_DIGITAL_AGENCY: { standard: { months: 24, action: "WARN" } },
  HOST_KIND_AFFILIATED_BODY: {
    standard: { months: 36, action: "WARN" },
    maximum: { months: 60, action: "REFUSE" },
  },
  HOST_KIND_PUBLIC_INTEREST_BODY: {
    standard: { months: 36, action: "WARN" },
    maximum: { months: 60, action: "REFUSE" },
  },
};

/**
 * Which limits refuse a plan: all at the agreement and the start (and in corrections of a secondment
 * never extended); after an extension only the maximum, since extending beyond the standard length is
 * what an extension is for. Warnings are derived from every limit each time, whatever the check.
 */
export type LengthCheck = "AS_AGREED" | "AFTER_EXTENSION";

/**
 * The last day of a period of `months` months from `startsOn` (its first day), as Japan's Civil Code
 * counts it (art. 143): the day before the same day `months` later, or the last day of that month when
 * it has no such day (from 29 February 2024, 12 months end on 28 February 2025, not the 27th).
 */
export function lastDayAfterMonths(startsOn: string, months: number): string {
  const sameDay = addMonths(startsOn, months);
  return sameDay.slice(8) === startsOn.slice(8) ? addDays(sameDay, -1) : sameDay;
}

/**
 * The warnings for a secondment from `startsOn` to `endsOn` (both days at the host) at a host of `kind`;
 * throws RuleViolation for a limit set to refuse.
 */
export function checkLength(
  policy: LengthPolicy,
  kind: HostKind,
  span: { startsOn: string; endsOn: string },
  check: LengthCheck,
): LengthLimit[] {
  const limits = policy[kind] ?? {};
  const warnings: LengthLimit[] = [];
  const apply = (limit: Limit | undefined, name: LengthLimit, reason: string) => {
    if (!limit) return;
    const lastDay = lastDayAfterMonths(span.startsOn, limit.months);
    if (span.endsOn <= lastDay) return;
    if (limit.action === "WARN") {
      warnings.push(name);
      return;
    }
    throw new RuleViolation(
      reason,
      `a secondment to a ${kind} host may last at most ${limit.months} months (to ${lastDay} from ${span.startsOn}); planned to ${span.endsOn}`,
    );
  };
  if (check === "AS_AGREED" || limits.standard?.action === "WARN") {
    apply(limits.standard, "LENGTH_LIMIT_STANDARD", SECONDMENT_RULES.longerThanStandard);
  }
  apply(limits.maximum, "LENGTH_LIMIT_MAXIMUM", SECONDMENT_RULES.longerThanMaximum);
  return warnings;
}

/**
 * Reads a policy from configuration (JSON such as `{"HOST_KIND_PRIVATE_FIRM": {"standard": {"months": 24,
 * "action": "WARN"}}}`); the kinds it names replace the defaults for those kinds.
 */
export function parseLengthPolicy(
  json: string,
  defaults: LengthPolicy = DEFAULT_LENGTH_POLICY,
): LengthPolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw ValidationError.field("lengthPolicy", `is not JSON: ${(error as Error).message}`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    throw ValidationError.field("lengthPolicy", "must be an object keyed by host kind");
  }
  const policy: LengthPolicy = { ...defaults };
  for (const [kind, limits] of Object.entries(raw as Record<string, unknown>)) {
    if (!(HOST_KINDS as readonly string[]).includes(kind)) {
      throw ValidationError.field(`lengthPolicy.${kind}`, `is not a host kind (${HOST_KINDS.join(", ")})`);
    }
    policy[kind as HostKind] = parseKindPolicy(`lengthPolicy.${kind}`, limits);
  }
  return policy;
}

function parseKindPolicy(field: string, value: unknown): KindPolicy {
  if (!value || typeof value !== "object") throw ValidationError.field(field, "must be an object");
  const out: KindPolicy = {};
  for (const [name, limit] of Object.entries(value as Record<string, unknown>)) {
    if (name !== "standard" && name !== "maximum") {
      throw ValidationError.field(`${field}.${name}`, "must be standard or maximum");
    }
    const { months, action } = (limit ?? {}) as Partial<Limit>;
    if (!Number.isInteger(months) || (months as number) < 1) {
      throw ValidationError.field(`${field}.${name}.months`, "must be a whole number of months, at least 1");
    }
    if (action !== "REFUSE" && action !== "WARN") {
      throw ValidationError.field(`${field}.${name}.action`, "must be REFUSE or WARN");
    }
    out[name] = { months: months as number, action };
  }
  return out;
}
