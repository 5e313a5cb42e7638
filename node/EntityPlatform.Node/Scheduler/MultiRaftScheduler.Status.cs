using EntityPlatform.Consensus.Raft;

namespace EntityPlatform.Node.Scheduler;

/// <summary>
/// One shard replica as admin status and metrics report it. Wanted: the target placement keeps a replica here.
/// Fault: set when the replica is faulted (stopped on its own); its Raft status is then as it stopped, with no leader.
/// </summary>
public sealed record ShardReplicaStatus(
    ShardId Shard, ulong GroupId, RaftStatus Raft, ulong AppliedIndex, ulong SnapshotIndex, ulong FirstLogIndex, int Entities, int QueuedCommands, int PendingReads, bool Wanted,
    ReplicaFault? Fault = null);

public sealed partial class MultiRaftScheduler
{
    /// <summary>Every local replica's status, faulted ones included, taken on the loop thread so it is consistent.</summary>
    public Task<IReadOnlyList<ShardReplicaStatus>> StatusAsync() => RunOnLoop<IReadOnlyList<ShardReplicaStatus>>(() =>
        replicas.Values
            .Select(replica => new ShardReplicaStatus(
                replica.Shard, replica.GroupId, replica.Raft.Status(), replica.Machine.AppliedIndex, replica.SnapshotIndex, replica.Log.FirstIndex,
                replica.Machine.EntityCount, replica.QueuedCommands,
                replica.ReadsAwaitingIndex.Count + replica.ReadsAwaitingApply.Count,
                IsWanted(replica.Shard)))
            .Concat(faultedReplicas.Values.Select(faulted => new ShardReplicaStatus(
                faulted.Shard, faulted.GroupId, faulted.Raft, faulted.AppliedIndex, faulted.SnapshotIndex, faulted.FirstLogIndex,
                faulted.Entities, 0, 0, IsWanted(faulted.Shard), faulted.Fault)))
            .OrderBy(status => status.GroupId)
            .ToArray());

    private bool IsWanted(ShardId shard) => targetPlacement.Version == 0 || targetPlacement.ReplicasOf(shard).Contains(NodeId);
}
