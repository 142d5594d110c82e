import { type Actor, NotFoundError } from "@hr/kit";
import type { Collection, Db } from "mongodb";
import {
  type ChangeHost,
  changeHost,
  DEFAULT_HOSTS,
  type Host,
  type HostSnapshot,
  type HostVersion,
  hostOf,
  hostOn,
  type RegisterHost,
  registerHost,
} from "../domain";

interface HostVersionDocument extends HostVersion {
  /** `govtech-tokyo#2`: host and revision, so a change is an insert (race-safe without transactions). */
  _id: string;
  hostId: string;
  requestId: string;
  recordedAt: Date;
  recordedBy?: Actor;
}

/**
 * The host registry: one document per version of a host, read by `_id` (`<host>#1`, `#2`, ... until one
 * is missing). A repeated request id returns the host as the first request left it. Listing scans the
 * collection, which holds reference data (a few hosts, a few versions each), not history of people.
 */
export class HostRegistry {
  private readonly versions: Collection<HostVersionDocument>;

  constructor(db: Db) {
    this.versions = db.collection<HostVersionDocument>("hosts");
  }

  /** GovTech Tokyo and the Digital Agency exist from the first start; concurrent starts race harmlessly. */
  async init(): Promise<void> {
    await this.versions.createIndex({ requestId: 1 }, { unique: true, name: "requestId_unique" });
    for (const host of DEFAULT_HOSTS) {
      if ((await this.history(host.hostId)).length > 0) continue;
      await this.insert(host.hostId, registerHost(host, []), `default-host-${host.hostId}`).catch(
        ignoreDuplicate,
      );
    }
  }

  async register(command: RegisterHost, requestId: string, actor: Actor): Promise<Host> {
    return this.record(command.hostId, requestId, actor, (history) => registerHost(command, history));
  }

  async change(command: ChangeHost, requestId: string, actor: Actor): Promise<Host> {
    return this.record(command.hostId, requestId, actor, async (history) => {
      if (history.length === 0) throw new NotFoundError(`no host ${command.hostId}`);
      return changeHost(command, history);
    });
  }

  async get(hostId: string): Promise<Host> {
    const history = await this.history(hostId);
    if (history.length === 0) throw new NotFoundError(`no host ${hostId}; see GET /v1/hosts`);
    return hostOf(hostId, history);
  }

  /** The host's name and kind in force on `date`. */
  async snapshotOn(hostId: string, date: string): Promise<HostSnapshot> {
    return hostOn(await this.get(hostId), date);
  }

  async list(): Promise<Host[]> {
    const byHost = new Map<string, HostVersion[]>();
    for (const doc of await this.versions.find({}).toArray()) {
      byHost.set(doc.hostId, [...(byHost.get(doc.hostId) ?? []), versionOf(doc)]);
    }
    return [...byHost]
      .map(([hostId, history]) =>
        hostOf(
          hostId,
          history.sort((a, b) => a.revision - b.revision),
        ),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private async record(
    hostId: string,
    requestId: string,
    actor: Actor,
    decide: (history: HostVersion[]) => HostVersion | Promise<HostVersion>,
  ): Promise<Host> {
    for (;;) {
      const earlier = await this.versions.findOne({ requestId });
      if (earlier) return hostOf(earlier.hostId, await this.history(earlier.hostId, earlier.revision));
      const history = await this.history(hostId);
      const next = await decide(history);
      try {
        await this.insert(hostId, next, requestId, actor);
        return hostOf(hostId, [...history, next]);
      } catch (error) {
        // Its twin request or another change took this revision: look again.
        if ((error as { code?: number }).code !== 11000) throw error;
      }
    }
  }

  /** Versions oldest first, each read by `_id`; up to `through` when given. */
  private async history(hostId: string, through = Number.POSITIVE_INFINITY): Promise<HostVersion[]> {
    const history: HostVersion[] = [];
    for (let revision = 1; revision <= through; revision++) {
      const doc = await this.versions.findOne({ _id: `${hostId}#${revision}` });
      if (!doc) break;
      history.push(versionOf(doc));
    }
    return history;
  }

  private insert(hostId: string, version: HostVersion, requestId: string, actor?: Actor) {
    return this.versions.insertOne({
      _id: `${hostId}#${version.revision}`,
      hostId,
      ...version,
      requestId,
      recordedAt: new Date(),
      ...(actor ? { recordedBy: actor } : {}),
    });
  }
}

function versionOf(doc: HostVersionDocument): HostVersion {
  return { revision: doc.revision, effectiveDate: doc.effectiveDate, kind: doc.kind, name: doc.name };
}

function ignoreDuplicate(error: unknown): void {
  if ((error as { code?: number }).code !== 11000) throw error;
}
