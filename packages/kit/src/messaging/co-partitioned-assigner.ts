import { AssignerProtocol, type PartitionAssigner } from "kafkajs";

/**
 * Partition p of every topic to one member: members sorted by id, p to member p % members. Topics with
 * a shared key and partition count (an employee's events on partition p of each) then have one owner per
 * key across the group, so a projection keyed by that key keeps one writer even with several instances.
 * Topics whose partition counts differ cannot be co-partitioned: refused, since any assignment of them
 * would split some keys between members.
 */
export function coPartitionedAssignment(
  memberIds: readonly string[],
  partitionsByTopic: Readonly<Record<string, readonly number[]>>,
): Map<string, Record<string, number[]>> {
  const counts = new Set(Object.values(partitionsByTopic).map((p) => p.length));
  if (counts.size > 1) {
    const detail = Object.entries(partitionsByTopic)
      .map(([topic, p]) => `${topic}: ${p.length}`)
      .join(", ");
    throw new Error(`co-partitioned topics must have the same partition count (${detail})`);
  }
  const members = [...memberIds].sort();
  const assignment = new Map(members.map((m) => [m, {} as Record<string, number[]>]));
  for (const [topic, partitions] of Object.entries(partitionsByTopic)) {
    for (const p of partitions) {
      const mine = assignment.get(members[p % members.length]!)!;
      mine[topic] = [...(mine[topic] ?? []), p];
    }
  }
  return assignment;
}

/** KafkaJS assigner around `coPartitionedAssignment` (every member subscribes the same topics). */
export const CoPartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: "CoPartitionedAssigner",
  version: 1,
  async assign({ members, topics }) {
    const partitionsByTopic = Object.fromEntries(
      topics.map((topic) => [
        topic,
        cluster
          .findTopicPartitionMetadata(topic)
          .map((m) => m.partitionId)
          .sort((a, b) => a - b),
      ]),
    );
    const assignment = coPartitionedAssignment(
      members.map((m) => m.memberId),
      partitionsByTopic,
    );
    return [...assignment].map(([memberId, topicPartitions]) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({
        version: 1,
        assignment: topicPartitions,
        userData: Buffer.alloc(0),
      }),
    }));
  },
  protocol({ topics }) {
    return {
      name: "CoPartitionedAssigner",
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }),
    };
  },
});
