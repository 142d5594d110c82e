/**
 * Certifications (資格) the service knows: code -> name. Configuration, not code: the default list
 * (`catalogue/certifications.json`: IPA's national examinations, common cloud certifications) or the
 * file `CERTIFICATION_CATALOGUE_FILE` names, read at start. The application passes it in the commands
 * that need it, so the decider stays pure.
 */
import { CommandInput } from "@hr/kit";

export type CertificationCatalogue = Readonly<Record<string, string>>;

/** The catalogue of a configuration document `{ certifications: [{ code, name }] }`, checked whole. */
export function certificationCatalogue(document: unknown): CertificationCatalogue {
  const list = (document as { certifications?: unknown } | null)?.certifications;
  const input = new CommandInput();
  if (!Array.isArray(list) || list.length === 0) input.fail("certifications", "must list at least one");
  const entries = (Array.isArray(list) ? list : []).map((entry: unknown, i) => {
    const { code, name } = (entry ?? {}) as { code?: unknown; name?: unknown };
    input
      .id(`certifications[${i}].code`, code as string)
      .text(`certifications[${i}].name`, name, { required: true, max: 200 });
    return [code as string, name as string] as const;
  });
  const codes = entries.map(([code]) => code);
  codes.forEach((code, i) => {
    if (codes.indexOf(code) !== i) input.fail(`certifications[${i}].code`, `${code} is listed twice`);
  });
  input.check();
  return Object.freeze(Object.fromEntries(entries));
}
