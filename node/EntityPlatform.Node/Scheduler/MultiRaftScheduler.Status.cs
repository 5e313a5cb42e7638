using EntityPlatform.Consensus.Raft;

namespace EntityPlatform.Node.Scheduler;

/// <summary>One shard replica as admin status and metrics report it. Wanted: the target placement keeps a replica here.</summary>
public sealed record ShardReplicaStatus(
    ShardId Shard, ulong GroupId, RaftStatus Raft, ulong AppliedIndex, ulong SnapshotIndex, ulong FirstLogIndex, int Entities, int QueuedCommands, int PendingReads, bool Wanted);

public sealed partial class MultiRaftScheduler
{
    /// <summary>Every local replica's status, taken on the loop thread so it is consistent.</summary>
    public Task<IReadOnlyList<ShardReplicaStatus>> StatusAsync() => RunOnLoop<IReadOnlyList<ShardReplicaStatus>>(() =>
        replicas.Values
            .OrderBy(replica => replica.GroupId)
            .Select(replica => new ShardReplicaStatus(
                replica.Shard, replica.GroupId, replica.Raft.Status(), replica.Machine.AppliedIndex, replica.SnapshotIndex, replica.Log.FirstIndex,
                replica.Machine.EntityCount, replica.QueuedCommands,
                replica.ReadsAwaitingIndex.Count + replica.ReadsAwaitingApply.Count,
                targetPlacement.Version == 0 || targetPlacement.ReplicasOf(replica.Shard).Contains(NodeId)))
            .ToArray());
}
