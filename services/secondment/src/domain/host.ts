/**
 * Host organisations (派遣先): reference data with history. Each change is a new version from its
 * effective date on; earlier versions stay, so a secondment agreed in 2023 keeps the name the host had
 * then. Pure rules; the application stores one document per version.
 */
import { CommandInput, RuleViolation } from "@hr/kit";
import { HOST_KINDS, type HostKind, LIMITS } from "./code-lists";
import { HOST_RULES } from "./secondment.reasons";

export interface HostVersion {
  /** 1 for the registration, then one more per change. */
  revision: number;
  effectiveDate: string;
  kind: HostKind;
  name: string;
}

export interface Host {
  hostId: string;
  kind: HostKind;
  name: string;
  /** Oldest first. */
  history: HostVersion[];
}

/** What a secondment records of its host: the values in force on the day that counts. */
export interface HostSnapshot {
  hostId: string;
  kind: HostKind;
  name: string;
}

export interface RegisterHost {
  hostId: string;
  kind: HostKind;
  name: string;
  effectiveDate: string;
}

export interface ChangeHost {
  hostId: string;
  kind?: HostKind;
  name?: string;
  effectiveDate: string;
}

/** Host ids: readable slugs such as `govtech-tokyo`. */
export const HOST_ID_PATTERN = "^[a-z0-9][a-z0-9-]{1,63}$";
const HOST_ID = new RegExp(HOST_ID_PATTERN);
const NAME = { required: true, max: LIMITS.text };

/** GovTech Tokyo and the Digital Agency exist from the start (registered by the service itself). */
export const DEFAULT_HOSTS: readonly RegisterHost[] = [
  {
    hostId: "govtech-tokyo",
    kind: "HOST_KIND_GOVTECH_TOKYO",
    name: "GovTech Tokyo",
    effectiveDate: "2023-07-01",
  },
  {
    hostId: "digital-agency",
    kind: "HOST_KIND_DIGITAL_AGENCY",
    name: "Digital Agency",
    effectiveDate: "2021-09-01",
  },
];

/** The first version of a new host; refused when the id is taken. */
export function registerHost(command: RegisterHost, existing: readonly HostVersion[]): HostVersion {
  new CommandInput()
    .id("hostId", command.hostId)
    .oneOf("kind", command.kind, HOST_KINDS)
    .text("name", command.name, NAME)
    .date("effectiveDate", command.effectiveDate)
    .check();
  if (!HOST_ID.test(command.hostId)) {
    new CommandInput()
      .fail(
        "hostId",
        "must be 2 to 64 lower-case letters, digits or hyphens, starting with a letter or digit",
      )
      .check();
  }
  if (existing.length > 0) {
    throw new RuleViolation(HOST_RULES.alreadyRegistered, `host ${command.hostId} is already registered`);
  }
  return { revision: 1, effectiveDate: command.effectiveDate, kind: command.kind, name: command.name.trim() };
}

/** The next version of a host: a new name and/or kind from a date after its latest version. */
export function changeHost(command: ChangeHost, existing: readonly HostVersion[]): HostVersion {
  const input = new CommandInput().date("effectiveDate", command.effectiveDate);
  if (command.kind !== undefined) input.oneOf("kind", command.kind, HOST_KINDS);
  if (command.name !== undefined) input.text("name", command.name, NAME);
  input.check();
  const latest = existing.at(-1);
  if (!latest) throw new RangeError(`host ${command.hostId} has no version to change`);
  const next = {
    revision: latest.revision + 1,
    effectiveDate: command.effectiveDate,
    kind: command.kind ?? latest.kind,
    name: command.name?.trim() ?? latest.name,
  };
  if (next.kind === latest.kind && next.name === latest.name) {
    throw new RuleViolation(HOST_RULES.changeChangesNothing, `host ${command.hostId} already reads so`);
  }
  if (command.effectiveDate <= latest.effectiveDate) {
    throw new RuleViolation(
      HOST_RULES.changePredatesLatest,
      `a change of host ${command.hostId} must take effect after its latest version (${latest.effectiveDate})`,
    );
  }
  return next;
}

export function hostOf(hostId: string, history: readonly HostVersion[]): Host {
  const latest = history.at(-1);
  if (!latest) throw new RangeError(`host ${hostId} has no version`);
  return { hostId, kind: latest.kind, name: latest.name, history: [...history] };
}

/** The host's values on `date`: the latest version in force then, or the first one before it existed. */
export function hostOn(host: Host, date: string): HostSnapshot {
  const inForce = host.history.filter((v) => v.effectiveDate <= date).at(-1) ?? host.history[0];
  if (!inForce) throw new RangeError(`host ${host.hostId} has no version`);
  return { hostId: host.hostId, kind: inForce.kind, name: inForce.name };
}
