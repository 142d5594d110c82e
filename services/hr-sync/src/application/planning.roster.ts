import { randomUUID } from "node:crypto";
import { bulkWriteBounded, partitionOf } from "@hr/kit";
import type { PlanningProfile } from "../domain";
import { KeyedLock } from "./keyed-lock";
import {
  type RecordStore,
  ROSTER_BUCKETS,
  type RosterDocument,
  rosterBucketOf,
  rosterKey,
  rosterStampField,
  rosterStampsKey,
} from "./record-store";

/** A roster shard as last read: the stamp it carried (absent before stamps, or no shard) and its profiles. */
interface ReadShard {
  stamp: string | undefined;
  /** Every employee's profile, the full ones and those of the old shape (without evidence). */
  entries: PlanningProfile[];
  /** The full profiles (with evidence) by employee id: every one but those of the old shape. */
  full: Map<string, PlanningProfile>;
  /** Values computed from the entries (facts of a year, a question's list), kept as long as the shard. */
  derived: Map<string, unknown>;
}

/** Values kept per shard, most recently used: a bound on memory. */
export const DERIVED_PER_SHARD = 32;

/** One roster shard as a question sees it. */
export interface RosterShard {
  entries: readonly PlanningProfile[];
  /** A value computed from the entries, kept with this content of the shard under `key`. */
  derived<T>(key: string, compute: () => T): T;
}

/** An old-shape entry's full profile as last read by `_id`, and the stamp of its shard read before it. */
interface ReadProfile {
  stamp: string | undefined;
  profile: PlanningProfile | undefined;
}

/** Full profiles of old-shape entries kept (the pages' employees, most recently used): a bound on memory. */
export const CACHED_PROFILES = 5_000;

/** What one question reads: the roster as it stood when the question began (or later), and full profiles. */
export interface RosterSnapshot {
  /** Every shard: together, every employee's profile. */
  shards: RosterShard[];
  /** These employees' profiles with their evidence, in the order given (the absent left out). */
  profiles(employeeIds: readonly string[]): Promise<PlanningProfile[]>;
}

/**
 * One generation's roster, kept in memory by a query-serving instance: every employee's profile with its
 * evidence. Reading every shard per question moves the whole roster (tens of MB with 10,000 employees:
 * seconds on FerretDB); a question instead reads the partitions' stamps (a few small documents by `_id`)
 * and re-reads only the shards whose stamp changed. A page takes its profiles from the shards; only an
 * entry of the old shape (written before shards carried the evidence) is read by `_id`.
 *
 * Never older than the store when the question began, for every employee whose roster write had ended
 * by then: the projector sets the shard's new stamp, then writes the shard (one ordered bulk write), and
 * a stamp is never reused. So the stamps a question reads name every such write, and differ from the
 * stamp any older copy was kept with. A shard is kept with the stamp it carries itself (read while its
 * stamp is ahead of it, it is read again next time); an old-shape profile with the stamp read before it.
 * Refreshes run one at a time: questions arriving while one runs (it may have read the stamps before
 * they began) share the next, so the whole roster is read once however many questions wait for it. A
 * generation has its own cache: a switch starts empty.
 */
export class RosterCache {
  private readonly shards = new Map<string, ReadShard>();
  private readonly oldShapeProfiles = new Map<string, ReadProfile>();
  private running: Promise<RosterSnapshot> | undefined;
  private next: Promise<RosterSnapshot> | undefined;

  constructor(readonly store: RecordStore) {}

  /** The roster as the store holds it now or later: a refresh begun after this call, shared. */
  snapshot(): Promise<RosterSnapshot> {
    if (!this.running) return this.refresh();
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.refresh();
      });
    return this.next;
  }

  private refresh(): Promise<RosterSnapshot> {
    const running = this.read().finally(() => {
      if (this.running === running) this.running = undefined;
    });
    this.running = running;
    return running;
  }

  private async read(): Promise<RosterSnapshot> {
    const { partitions, roster, rosterStamps } = this.store;
    const stamps = await Promise.all(
      Array.from({ length: partitions }, (_, p) => rosterStamps.findOne({ _id: rosterStampsKey(p) })),
    );
    const stampOf = (partition: number, bucket: number) => stamps[partition]?.[rosterStampField(bucket)];
    const read = await Promise.all(
      Array.from({ length: partitions * ROSTER_BUCKETS }, async (_, i) => {
        const partition = Math.floor(i / ROSTER_BUCKETS);
        const bucket = i % ROSTER_BUCKETS;
        const _id = rosterKey(partition, bucket);
        const cached = this.shards.get(_id);
        if (cached && cached.stamp === stampOf(partition, bucket)) return cached;
        const doc = await roster.findOne({ _id });
        const full = doc?.profiles ?? [];
        const entries = [...full, ...(doc?.entries ?? [])];
        const shard = { stamp: doc?.stamp, entries, full: byEmployee(full), derived: new Map() };
        this.shards.set(_id, shard);
        return shard;
      }),
    );
    const shardOf = (employeeId: string) =>
      read[partitionOf(employeeId, partitions) * ROSTER_BUCKETS + rosterBucketOf(employeeId)]!;
    const profileOf = (employeeId: string) => {
      const shard = shardOf(employeeId);
      return shard.full.get(employeeId) ?? this.oldShapeProfile(employeeId, shard.stamp);
    };
    return {
      shards: read.map(shardView),
      profiles: async (employeeIds) => {
        const profiles = await Promise.all(employeeIds.map(profileOf));
        return profiles.filter((p): p is PlanningProfile => p !== undefined);
      },
    };
  }

  /** An old-shape entry's full profile: kept while its shard's stamp is the one read before it, else read. */
  private async oldShapeProfile(employeeId: string, stamp: string | undefined) {
    const cached = this.oldShapeProfiles.get(employeeId);
    const read =
      cached && cached.stamp === stamp
        ? cached
        : { stamp, profile: (await this.store.planning.findOne({ _id: employeeId }))?.profile };
    keepRecent(this.oldShapeProfiles, employeeId, read, CACHED_PROFILES);
    return read.profile;
  }
}

const byEmployee = (profiles: readonly PlanningProfile[]) => new Map(profiles.map((p) => [p.employeeId, p]));

function shardView(shard: ReadShard): RosterShard {
  return {
    entries: shard.entries,
    derived<T>(key: string, compute: () => T): T {
      const value = shard.derived.has(key) ? (shard.derived.get(key) as T) : compute();
      keepRecent(shard.derived, key, value, DERIVED_PER_SHARD);
      return value;
    },
  };
}

/** Sets `key` as the most recently used of `map` (its order), dropping the least recently used past `max`. */
function keepRecent<V>(map: Map<string, V>, key: string, value: V, max: number) {
  map.delete(key);
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= max) break;
    map.delete(oldest);
  }
}

/** Serialises the writes of a partition's stamps document within the process (a generation's collection). */
const stampLocks = new KeyedLock();

/**
 * Writes roster shards, each with a new stamp: per partition one ordered bulk write, its stamps first (in
 * the partition's stamps document), then its shards. The stamps are one document per partition whose
 * fields concurrent updates could lose (no atomic update there): its one writer is the instance owning
 * the partition, and within it `stampLocks` keeps one write at a time.
 */
export async function writeRosterShards(
  store: RecordStore,
  shards: readonly Omit<RosterDocument, "_id" | "stamp">[],
): Promise<void> {
  const partitions = [...new Set(shards.map((s) => s.partition))];
  await Promise.all(
    partitions.map((partition) =>
      stampLocks.run(`${store.roster.collectionName}:${partition}`, () => {
        const stamped = shards
          .filter((s) => s.partition === partition)
          .map((shard) => ({ ...shard, stamp: randomUUID() }));
        const stamps = Object.fromEntries(stamped.map((s) => [rosterStampField(s.bucket), s.stamp]));
        return bulkWriteBounded(
          store.roster,
          [
            {
              updateOne: {
                filter: { _id: rosterStampsKey(partition) },
                update: { $set: stamps },
                upsert: true,
              },
            },
            ...stamped.map((shard) => ({
              replaceOne: {
                filter: { _id: rosterKey(partition, shard.bucket) },
                replacement: shard,
                upsert: true,
              },
            })),
          ],
          { ordered: true },
        );
      }),
    ),
  );
}
