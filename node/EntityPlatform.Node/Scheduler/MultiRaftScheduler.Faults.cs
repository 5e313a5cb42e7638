using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Raft;
using EntityPlatform.Node.Scheduler.Requests;
using EntityPlatform.Node.Shards;

namespace EntityPlatform.Node.Scheduler;

/// <summary>
/// Fault isolation (issue 12, item 7): an error that belongs to one replica (a bad entry, a snapshot that
/// does not restore, a group recovery refused, a Raft invariant raised by one message) stops that replica
/// only. It leaves <c>replicas</c>, so no loop path ticks, steps, persists, sends or applies for it again:
/// to its peers it is a crashed member, which Raft tolerates. Its waiting clients are answered at once,
/// later ones are told why, and Status and /metrics show it. Errors outside any replica (the shared
/// storage commit, the loop's own code) still end the loop and the process (item 8, fail fast).
/// </summary>
public sealed partial class MultiRaftScheduler
{
    /// <summary>What Status reports for a faulted replica: its state when it stopped, and why.</summary>
    private sealed record FaultedReplica(ShardId Shard, ulong GroupId, ReplicaFault Fault, RaftStatus Raft, ulong LastLeader,
        ulong AppliedIndex, ulong SnapshotIndex, ulong FirstLogIndex, int Entities);

    private readonly Dictionary<ulong, FaultedReplica> faultedReplicas = [];

    /// <summary>Stops <paramref name="replica"/> for good (until the node restarts); the rest of the node goes on.</summary>
    private void FaultReplica(ShardReplica replica, ReplicaFaultKind kind, Exception error)
    {
        // Removing from the dictionary while a caller enumerates its values is allowed (.NET Core 3.0+
        // Remove does not invalidate enumerators); callers that walk `active` check membership anyway.
        if (!replicas.Remove(replica.GroupId))
        {
            return;
        }

        var fault = new ReplicaFault(kind, ReplicaFault.Describe(error), options.Clock.GetUtcNow().UtcDateTime);
        RaftStatus status;
        try
        {
            status = replica.Raft.Status();
        }
        catch (Exception statusError) when (ReplicaFault.IsReplicaScoped(statusError))
        {
            status = EmptyStatus(replica.GroupId);
        }

        var lastLeader = status.Leader == NodeId ? 0 : status.Leader;
        // Reported as a follower that knows no leader: it serves nothing, and must not look led (/readyz).
        faultedReplicas[replica.GroupId] = new FaultedReplica(replica.Shard, replica.GroupId, fault,
            status with { Role = StateRole.Follower, Leader = 0, LeaseValid = false, Progress = [] }, lastLeader,
            replica.Machine.AppliedIndex, replica.SnapshotIndex, FirstIndexOrZero(replica), replica.Machine.EntityCount);
        pendingSnapshots.Remove(replica);
        deferredHardStates.Remove(replica.GroupId);
        // Its event log stops growing: closed, so subscribers move to another replica (kept on disk).
        EventLogs.Close(replica.Shard, replica.GroupId, delete: false);
        FailReplicaWaiters(replica, FaultedAnswer(replica.Shard, faultedReplicas[replica.GroupId]));
        LogMessages.ReplicaFaulted(logger, error, replica.Shard.ToString(), NodeId, fault.KindLabel, fault.Reason);
    }

    /// <summary>A replica that could not even be opened (recovery refused its group, or its snapshot did not restore).</summary>
    private void FaultAtOpen(ShardId shard, ulong groupId, string reason, Exception? error)
    {
        var fault = new ReplicaFault(ReplicaFaultKind.Recovery, reason, options.Clock.GetUtcNow().UtcDateTime);
        faultedReplicas[groupId] = new FaultedReplica(shard, groupId, fault, EmptyStatus(groupId), 0, 0, 0, 0, 0);
        LogMessages.ReplicaFaulted(logger, error, shard.ToString(), NodeId, fault.KindLabel, fault.Reason);
    }

    /// <summary>
    /// Before any replica opens: the groups of this node's shards that storage recovery refused (damage in
    /// their records) are faulted, never opened and never bootstrapped over (that would forget what the
    /// damaged group had acknowledged, and vote as if it had never existed).
    /// </summary>
    private void FaultRefusedGroups(NodePlacement placement)
    {
        var refused = engine.RefusedGroups;
        foreach (var shard in placement.ShardsOn(NodeId))
        {
            var groupId = catalog.GroupIdOf(shard);
            if (refused.TryGetValue(groupId, out var damage))
            {
                FaultAtOpen(shard, groupId, $"storage recovery refused group {groupId}: {damage}", error: null);
            }
        }
    }

    /// <summary>Opens one replica, or faults it (kind Recovery) when its stored state cannot be read.</summary>
    private ShardReplica? TryOpenReplica(ShardId shard, bool rejoining = false)
    {
        var groupId = catalog.GroupIdOf(shard);
        if (faultedReplicas.ContainsKey(groupId))
        {
            return null;
        }

        try
        {
            return OpenReplica(shard, rejoining);
        }
        catch (Exception error) when (ReplicaFault.IsReplicaScoped(error) && error is not Storage.Engine.StorageUsageException)
        {
            replicas.Remove(groupId);
            FaultAtOpen(shard, groupId, $"opening the replica failed: {ReplicaFault.Describe(error)}", error);
            return null;
        }
    }

    /// <summary>The answer for a request on a faulted replica: NotLeader naming the shard and the fault, pointing at the last leader it knew.</summary>
    private RequestResult? FaultedAnswer(ShardId shard) =>
        faultedReplicas.TryGetValue(catalog.GroupIdOf(shard), out var faulted) ? FaultedAnswer(shard, faulted) : null;

    private RequestResult FaultedAnswer(ShardId shard, FaultedReplica faulted) => RequestResult.Fail(RequestStatus.NotLeader,
        $"shard {shard} is unavailable on node {NodeId}: its replica here is faulted ({faulted.Fault}); " +
        "the node's other shards are unaffected, and other replicas of this shard may still serve it", faulted.LastLeader);

    private void TickOrFault(ShardReplica replica, int elapsedTicks)
    {
        try
        {
            replica.Raft.Tick(elapsedTicks);
            active.Add(replica);
        }
        catch (Exception error) when (ReplicaFault.IsReplicaScoped(error))
        {
            FaultReplica(replica, ReplicaFaultKind.Raft, error);
        }
    }

    private Ready? GetReadyOrFault(ShardReplica replica)
    {
        try
        {
            return replica.Raft.HasReady() ? replica.Raft.GetReady() : null;
        }
        catch (Exception error) when (ReplicaFault.IsReplicaScoped(error))
        {
            FaultReplica(replica, ReplicaFaultKind.Raft, error);
            return null;
        }
    }

    /// <summary>Steps 6–7 for one replica (apply, advance, serve reads, maybe snapshot); an error faults this replica only.</summary>
    private void FinishReadyOrFault(ShardReplica replica, Ready ready)
    {
        applyingIndex = 0;
        try
        {
            ApplyReady(replica, ready);
            applyingIndex = 0;
            replica.Raft.Advance();
            ServeAppliedReads(replica);
            MaybeScheduleSnapshot(replica);
        }
        catch (Exception error) when (ReplicaFault.IsReplicaScoped(error))
        {
            FaultReplica(replica, FaultKindOf(replica, ready), error);
        }
    }

    // The index of the command entry being applied (0 when none): tells an apply fault from the others.
    private ulong applyingIndex;

    /// <summary>Which step of a Ready failed: a command's apply, the snapshot restore (ApplyReady records the snapshot only after restoring it), or else the core.</summary>
    private ReplicaFaultKind FaultKindOf(ShardReplica replica, Ready ready)
    {
        if (applyingIndex != 0)
        {
            return ReplicaFaultKind.Apply;
        }

        return ready.Snapshot is { } snapshot && replica.SnapshotIndex != snapshot.Metadata.Index ? ReplicaFaultKind.Snapshot : ReplicaFaultKind.Raft;
    }

    /// <summary>
    /// Called before a command entry is applied: records which one (for the fault kind), and TEST ONLY
    /// (SchedulerOptions.TestApplyFaultEntityId) throws for that entity, as a poison entry would.
    /// </summary>
    private void BeginApply(ShardReplica replica, Entry entry)
    {
        applyingIndex = entry.Index;
        if (options.TestApplyFaultEntityId is { } poison && ShardEntryCodec.Decode(entry.Data.Span).EntityId == poison)
        {
            throw new InvalidOperationException($"injected apply fault on shard {replica.Shard} entry {entry.Index} (EP_TEST_APPLY_FAULT_ON_ENTITY={poison})");
        }
    }

    private RaftStatus EmptyStatus(ulong groupId) =>
        new(NodeId, groupId, StateRole.Follower, 0, 0, 0, 0, 0, 0, 0, Quiesced: false, LeaseValid: false, ConfState.Empty, []);

    private static ulong FirstIndexOrZero(ShardReplica replica)
    {
        try
        {
            return replica.Log.FirstIndex;
        }
        catch (Exception error) when (ReplicaFault.IsReplicaScoped(error))
        {
            return 0;
        }
    }
}
