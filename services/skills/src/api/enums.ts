import { skillsV1 } from "@hr/proto";

/**
 * The one place where domain codes (`SELF`, `PASSED_SELECTION`, `SPECIALIST`) meet the proto enum
 * names the wire and REST use (`ASSESSOR_KIND_SELF`, ...). Fields are recognised by name, at any depth.
 */
const ENUM_FIELDS: Record<string, Record<string, string>> = {
  assessor: skillsV1.AssessorKind,
  assessors: skillsV1.AssessorKind,
  basis: skillsV1.JobTypeChangeBasis,
  replacedBasis: skillsV1.JobTypeChangeBasis,
  replacedTrack: skillsV1.CareerTrack,
  track: skillsV1.CareerTrack,
  capability: skillsV1.Capability,
  reasonCode: skillsV1.RecordChangeReason,
};

/** Domain value -> proto value, e.g. for replies and published events. */
export function toProtoEnums<T>(value: T): T {
  return mapEnums(value, (values, code) => values[code] ?? code) as T;
}

/** Proto value -> domain value; an unknown value passes through for the domain to refuse by field. */
export function fromProtoEnums<T>(value: T): T {
  return mapEnums(
    value,
    (values, name) => Object.keys(values).find((code) => values[code] === name) ?? name,
  ) as T;
}

function mapEnums(
  value: unknown,
  convert: (values: Record<string, string>, v: string) => string,
  key?: string,
): unknown {
  const values = key === undefined ? undefined : ENUM_FIELDS[key];
  if (values && typeof value === "string") return convert(values, value);
  if (Array.isArray(value)) return value.map((v) => mapEnums(v, convert, key));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapEnums(v, convert, k)]));
  }
  return value;
}
