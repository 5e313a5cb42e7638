using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Raft;
using EntityPlatform.Node.Shards;

namespace EntityPlatform.Node.Scheduler;

public sealed partial class MultiRaftScheduler
{
    private NodePlacement targetPlacement = new(0, new Dictionary<ShardId, IReadOnlyList<ulong>>());

    /// <summary>
    /// Opens the replicas this node holds: recovered from storage, or bootstrapped when the group is new.
    /// Only the founding placement (version 1) bootstraps groups: its members all start from the same
    /// membership at index 0. A node that joins later gets its replicas from the leaders (a snapshot), so
    /// it opens nothing here that it does not already store.
    /// </summary>
    private void OpenReplicas(NodePlacement placement)
    {
        FaultRefusedGroups(placement);
        var batch = engine.NewBatch();
        var fresh = new List<ShardId>();
        foreach (var shard in placement.ShardsOn(NodeId))
        {
            var groupId = catalog.GroupIdOf(shard);
            if (!engine.Contains(groupId) && !faultedReplicas.ContainsKey(groupId) && (placement.Version == 1 || options.Rejoin))
            {
                batch.Bootstrap(groupId, ConfState.OfVoters([.. placement.ReplicasOf(shard)]));
                fresh.Add(shard);
            }
        }

        if (batch.OperationCount > 0)
        {
            engine.Commit(batch);
        }

        foreach (var shard in placement.ShardsOn(NodeId).Where(shard => engine.Contains(catalog.GroupIdOf(shard))))
        {
            if (TryOpenReplica(shard, rejoining: options.RejoinStoredReplicas || (options.Rejoin && fresh.Contains(shard))) is not { } replica)
            {
                continue;
            }

            if (fresh.Contains(shard) && !options.Rejoin && !options.RejoinStoredReplicas && placement.ReplicasOf(shard)[0] == NodeId)
            {
                // The preferred leader of a brand-new group campaigns at once instead of waiting a timeout.
                replica.Raft.Campaign();
            }
        }
    }

    private ShardReplica OpenReplica(ShardId shard, bool rejoining = false)
    {
        var groupId = catalog.GroupIdOf(shard);
        var log = engine.Group(groupId);
        var machine = new ShardStateMachine(shard.Shard, types, options.MaxSessionsPerShard);
        log.TryGetSnapshot(out var stored);
        if (stored.Metadata.Index > 0)
        {
            using var reader = snapshots.OpenRead(groupId, stored.Metadata.Index, stored.Metadata.Term);
            machine.RestoreSnapshot(new ChunkStream(reader.ReadChunks()));
        }

        var raft = new RaftNode(NewRaftConfig(groupId, log, machine.AppliedIndex, rejoining));
        var replica = new ShardReplica(shard, groupId, raft, log, machine)
        {
            ConfState = log.InitialState().ConfState,
            SnapshotIndex = stored.Metadata.Index,
            // A replica just opened has not heard from a leader yet; count its silence from now, not from ever.
            LeaderContactTimestamp = options.Clock.GetTimestamp(),
        };
        OpenEventLog(replica);
        replicas[groupId] = replica;
        return replica;
    }

    private RaftConfig NewRaftConfig(ulong groupId, Consensus.Log.IRaftLogStorage log, ulong applied, bool rejoining) => new()
    {
        Id = NodeId,
        GroupId = groupId,
        Storage = log,
        Applied = applied,
        RandomSeed = (ulong)Environment.TickCount64 ^ (NodeId << 32),
        ElectionTicks = options.ElectionTicks,
        HeartbeatTicks = options.HeartbeatTicks,
        QuiesceAfterIdleTicks = options.QuiesceAfterIdleTicks,
        CheckQuorum = true,
        PreVote = true,
        Rejoining = rejoining,
        // The router forwards commands to the leader itself; a follower never proposes.
        DisableProposalForwarding = true,
    };

    /// <summary>
    /// A message for a group this node does not have: create an empty, rejoining replica if the target placement
    /// puts one here (it is being added as a learner and will receive a snapshot), else drop the message.
    /// </summary>
    private ShardReplica? MaybeCreateReplicaFor(Message message)
    {
        if (message.GroupId == 0 || (message.GroupId - 1) / ShardCatalog.MaxShardsPerType >= (ulong)catalog.Types.Count)
        {
            return null;
        }

        var shard = catalog.ShardOfGroup(message.GroupId);
        if (!targetPlacement.ReplicasOf(shard).Contains(NodeId))
        {
            return null;
        }

        var created = !engine.Contains(message.GroupId);
        if (created)
        {
            var batch = engine.NewBatch();
            batch.Bootstrap(message.GroupId, ConfState.Empty);
            engine.Commit(batch);
        }

        // A replica created empty here may be one this node held before it lost its disk, with votes and
        // acknowledgements it no longer remembers: it neither votes nor campaigns until caught up (issue 12, item 11).
        return TryOpenReplica(shard, rejoining: created);
    }

    private void OnRoleChanged(ShardReplica replica, SoftState softState)
    {
        var status = replica.Raft.Status();
        LogMessages.RoleChanged(logger, replica.Shard.ToString(), NodeId, softState.Role.ToString(), status.Term, softState.Leader);
        Leadership.Bump();
        if (softState.Role == StateRole.Leader)
        {
            // The no-op of this term is the last entry now; commands wait until it is applied.
            replica.TermStartIndex = status.LastIndex;
            replica.LeaderContactTimestamp = options.Clock.GetTimestamp();
        }
        else
        {
            replica.TermStartIndex = ulong.MaxValue;
            LoseLeadership(replica, softState.Leader);
        }
    }
}
