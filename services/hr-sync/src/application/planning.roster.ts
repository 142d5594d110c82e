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

/** A roster shard as last read: the stamp it carried (absent before stamps, or no shard) and its entries. */
interface ReadShard {
  stamp: string | undefined;
  entries: PlanningProfile[];
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

/** An employee's full profile as last read, and the stamp of their shard read before it. */
interface ReadProfile {
  stamp: string | undefined;
  profile: PlanningProfile | undefined;
}

/** Full profiles kept (the pages' employees, most recently used): a bound on memory. */
export const CACHED_PROFILES = 5_000;

/** What one question reads: the roster as it stood when the question began (or later), and full profiles. */
export interface RosterSnapshot {
  /** Every shard: together, every employee's profile without evidence. */
  shards: RosterShard[];
  /** These employees' profiles with their evidence, in the order given (the absent left out). */
  profiles(employeeIds: readonly string[]): Promise<PlanningProfile[]>;
}

/**
 * One generation's roster, kept in memory by a query-serving instance, with the full profiles of the
 * employees its pages showed. Reading every shard per question moves the whole roster (13.7 MB with
 * 10,000 employees: seconds on FerretDB), and a page's profiles are a round trip each; a question instead
 * reads the partitions' stamps (a few small documents by `_id`) and re-reads only the shards, and the
 * profiles of shards, whose stamp changed.
 *
 * Never older than the store when the question began, for every employee whose roster write had ended
 * by then: the projector writes the profile, then sets the shard's new stamp, then writes the shard (the
 * last two in one ordered bulk write), and a stamp is never reused. So the stamps a question reads name
 * every such write, and differ from the stamp any older copy was kept with. A shard is kept with the
 * stamp it carries itself (read while its stamp is ahead of it, it is read again next time); a profile
 * with the stamp read before it. A generation has its own cache: a switch starts empty.
 */
export class RosterCache {
  private readonly shards = new Map<string, ReadShard>();
  private readonly fullProfiles = new Map<string, ReadProfile>();

  constructor(readonly store: RecordStore) {}

  async snapshot(): Promise<RosterSnapshot> {
    const { partitions, roster, rosterStamps } = this.store;
    const stamps = await Promise.all(
      Array.from({ length: partitions }, (_, p) => rosterStamps.findOne({ _id: rosterStampsKey(p) })),
    );
    const stampOf = (partition: number, bucket: number) => stamps[partition]?.[rosterStampField(bucket)];
    const shards = await Promise.all(
      Array.from({ length: partitions * ROSTER_BUCKETS }, async (_, i) => {
        const partition = Math.floor(i / ROSTER_BUCKETS);
        const bucket = i % ROSTER_BUCKETS;
        const _id = rosterKey(partition, bucket);
        const cached = this.shards.get(_id);
        if (cached && cached.stamp === stampOf(partition, bucket)) return shardView(cached);
        const doc = await roster.findOne({ _id });
        const read = { stamp: doc?.stamp, entries: doc?.entries ?? [], derived: new Map() };
        this.shards.set(_id, read);
        return shardView(read);
      }),
    );
    const profileStamp = (employeeId: string) =>
      stampOf(partitionOf(employeeId, partitions), rosterBucketOf(employeeId));
    return {
      shards,
      profiles: async (employeeIds) => {
        const profiles = await Promise.all(employeeIds.map((id) => this.profile(id, profileStamp(id))));
        return profiles.filter((p): p is PlanningProfile => p !== undefined);
      },
    };
  }

  /** An employee's full profile: kept while their shard's stamp is the one read before it, else read. */
  private async profile(employeeId: string, stamp: string | undefined) {
    const cached = this.fullProfiles.get(employeeId);
    const read =
      cached && cached.stamp === stamp
        ? cached
        : { stamp, profile: (await this.store.planning.findOne({ _id: employeeId }))?.profile };
    keepRecent(this.fullProfiles, employeeId, read, CACHED_PROFILES);
    return read.profile;
  }
}

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
