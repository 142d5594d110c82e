import type { ReceivedEvent } from "@hr/kit";
import type { Db } from "mongodb";
import type { Classification } from "../domain";
import type { ChangeLog } from "./change-log";
import { Projector } from "./projector";
import { type Generations, RecordStore } from "./record-store";

export interface LiveProjectionOptions {
  db: Db;
  partitions: number;
  classification: Classification;
  generations: Generations;
  changes: ChangeLog;
}

/**
 * What the live consumer writes to, resolved from `hr_sync_meta` for every event (cached at most
 * `META_MAX_AGE_MS`): the active generation, whose changes are logged, and while a rebuild runs the one
 * being built. So every instance, even one started during the rebuild or one that missed the switch,
 * writes where the others do. One Projector per generation in the process: the replay of a rebuild
 * running here and the live consumer share it, so they never write the same employee at once.
 */
export class LiveProjection {
  private readonly projectors = new Map<number, Projector>();
  /** Rebuilds this instance told it wrote to their generation while they replayed. */
  private readonly marked = new Set<string>();
  /** The generation a rebuild in this process is filling (its replay is no other writer). */
  private buildingHere: number | undefined;

  constructor(private readonly options: LiveProjectionOptions) {}

  handle = (received: ReceivedEvent): Promise<void> => this.handleBatch([received]);

  /** A fetched batch of one partition, projected a batch at a time into each target generation. */
  handleBatch = async (events: readonly ReceivedEvent[]): Promise<void> => {
    const { generations, changes } = this.options;
    const { active, building } = await generations.targets();
    for (const generation of this.projectors.keys()) {
      if (generation < active) this.projectors.delete(generation); // switched away from: dropped soon
    }
    const primary = this.projector(active);
    primary.logChangesTo(changes);
    await primary.handleBatch(events);
    if (!building || building.generation === active) return;
    const mirror = this.projector(building.generation);
    mirror.logChangesTo(undefined);
    // A second writer of an employee beside the replay could lose a fact in the new generation: say so,
    // and the rebuilder refuses to switch.
    const { generation, rebuild, replaying } = building;
    if (replaying && generation !== this.buildingHere && !this.marked.has(rebuild)) {
      await generations.markMirrored(rebuild);
      this.marked.add(rebuild);
    }
    await mirror.handleBatch(events);
  };

  /** The process's one Projector of a generation. */
  projector(generation: number): Projector {
    let projector = this.projectors.get(generation);
    if (!projector) {
      const { db, partitions, classification } = this.options;
      projector = new Projector(new RecordStore(db, generation, partitions), classification);
      this.projectors.set(generation, projector);
    }
    return projector;
  }

  /** A rebuild in this process fills `generation` (or none any more). */
  buildHere(generation: number | undefined) {
    this.buildingHere = generation;
  }
}
