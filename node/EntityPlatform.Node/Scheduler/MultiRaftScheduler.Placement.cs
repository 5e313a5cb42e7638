using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Raft;

namespace EntityPlatform.Node.Scheduler;

public sealed partial class MultiRaftScheduler
{
    // A learner counts as caught up when it is at most this many entries behind the leader's commit.
    private const ulong CaughtUpLagEntries = 16;

    // Preferred-leader moves are rate-limited per shard so a flaky preferred node cannot cause flapping.
    private static readonly TimeSpan PreferredLeaderCooldown = TimeSpan.FromSeconds(5);
    private readonly Dictionary<ulong, DateTime> lastPreferredTransfer = [];

    public long PlacementVersion => targetPlacement.Version;

    /// <summary>
    /// Adopts a newer target placement (older and equal versions are ignored). Returns the version in force.
    /// <paramref name="decided"/> runs on the loop right after the decision, with whether the placement was
    /// adopted, so that what must change only together with a newer version (peer addresses) changes
    /// atomically with it, even when calls race.
    /// </summary>
    public Task<long> ApplyPlacementAsync(NodePlacement placement, Action<bool>? decided = null) => RunOnLoop(() =>
    {
        Invariant.Assert(placement.Version > 0, $"placement version {placement.Version} is not positive");
        var adopted = placement.Version > targetPlacement.Version;
        if (adopted)
        {
            targetPlacement = placement;
        }

        decided?.Invoke(adopted);
        return targetPlacement.Version;
    });

    /// <summary>
    /// Leaders move their shard toward the target placement, one membership change per shard at a time:
    /// add a missing replica as a learner, promote it once caught up, then remove a replica that is no
    /// longer wanted (handing leadership away first if that replica is this node).
    /// </summary>
    private void ReconcileMembership(DateTime now)
    {
        foreach (var replica in replicas.Values)
        {
            if (!replica.IsLeader)
            {
                continue;
            }

            var target = targetPlacement.ReplicasOf(replica.Shard);
            if (target.Count == 0 || replica.ConfState.IsJoint)
            {
                continue;
            }

            if (Drain.IsActive)
            {
                // A node being drained hands back any leadership it gains (for instance by an election).
                TransferToCaughtUpVoter(replica, replica.ConfState.Voters.Where(node => node != NodeId).ToArray());
                continue;
            }

            var change = NextMembershipChange(replica, target);
            if (change is { } single)
            {
                var result = replica.Raft.ProposeConfChange(ConfChange.Of(single));
                if (result.Status == ProposeStatus.Rejected && result.Error is { } error && !error.Contains("not applied yet", StringComparison.Ordinal))
                {
                    LogMessages.MembershipChangeRefused(logger, replica.Shard.ToString(), error);
                }
            }
            else
            {
                MaybeMoveToPreferredLeader(replica, target, now);
            }
        }
    }

    private ConfChangeSingle? NextMembershipChange(ShardReplica replica, IReadOnlyList<ulong> target)
    {
        var voters = replica.ConfState.Voters;
        var learners = replica.ConfState.Learners;
        var missing = target.FirstOrDefault(node => !voters.Contains(node) && !learners.Contains(node));
        if (missing != 0)
        {
            return new ConfChangeSingle(ConfChangeType.AddLearnerNode, missing);
        }

        var status = replica.Raft.Status();
        foreach (var learner in learners.Where(target.Contains))
        {
            var progress = status.Progress.FirstOrDefault(p => p.Id == learner);
            if (progress.Id == learner && progress.Match + CaughtUpLagEntries >= status.Commit)
            {
                return new ConfChangeSingle(ConfChangeType.AddNode, learner);
            }
        }

        var unwanted = voters.Concat(learners).FirstOrDefault(node => !target.Contains(node));
        if (unwanted == 0 || target.Any(node => !voters.Contains(node)))
        {
            // Never remove a replica before every replacement is a voter.
            return null;
        }

        if (unwanted == NodeId)
        {
            TransferToCaughtUpVoter(replica, target);
            return null;
        }

        return new ConfChangeSingle(ConfChangeType.RemoveNode, unwanted);
    }

    private void MaybeMoveToPreferredLeader(ShardReplica replica, IReadOnlyList<ulong> target, DateTime now)
    {
        var preferred = target[0];
        if (preferred == NodeId || (lastPreferredTransfer.TryGetValue(replica.GroupId, out var last) && now - last < PreferredLeaderCooldown))
        {
            return;
        }

        // Checked at most once per cooldown per shard: Status() allocates, and this runs for every leader.
        lastPreferredTransfer[replica.GroupId] = now;
        var status = replica.Raft.Status();
        var progress = status.Progress.FirstOrDefault(p => p.Id == preferred);
        if (progress.Id == preferred && !progress.IsLearner && progress.RecentActive && progress.Match == status.LastIndex)
        {
            replica.Raft.TransferLeader(preferred);
        }
    }

    private static void TransferToCaughtUpVoter(ShardReplica replica, IReadOnlyList<ulong> target)
    {
        var status = replica.Raft.Status();
        var best = status.Progress.Where(p => p.Id != status.Id && target.Contains(p.Id) && !p.IsLearner && p.RecentActive)
            .OrderByDescending(p => p.Match).ThenBy(p => p.Id).FirstOrDefault();
        if (best.Id != 0)
        {
            replica.Raft.TransferLeader(best.Id);
        }
    }


    /// <summary>
    /// Deletes local replicas that are no longer wanted, by <see cref="ReplicaRemovalPolicy"/>: never one that is
    /// still a voter in its applied configuration. Their storage and snapshot files are wiped, so the node does
    /// not keep serving a shard it left. Silence is measured on the injected monotonic clock.
    /// </summary>
    private void CollectRemovedReplicas()
    {
        Interlocked.Increment(ref upkeepScans);
        foreach (var replica in replicas.Values.ToArray())
        {
            var silence = replica.IsLeader ? TimeSpan.Zero : options.Clock.GetElapsedTime(replica.LeaderContactTimestamp);
            var verdict = ReplicaRemovalPolicy.Decide(NodeId, replica.ConfState, targetPlacement.Version,
                targetPlacement.ReplicasOf(replica.Shard).Contains(NodeId), silence);
            if (verdict == ReplicaRemoval.KeepAndWake && replica.Raft.IsQuiesced)
            {
                replica.Raft.Wake();
                active.Add(replica);
            }

            if (verdict != ReplicaRemoval.Collect)
            {
                continue;
            }

            Invariant.Assert(!ReplicaRemovalPolicy.IsVoter(NodeId, replica.ConfState), "a voter of its applied configuration is never wiped");
            replicas.Remove(replica.GroupId);
            FailReplicaWaiters(replica, Requests.RequestResult.Fail(Requests.RequestStatus.NotLeader,
                $"node {NodeId} no longer holds shard {replica.Shard}", 0));
            engine.WipeGroup(replica.GroupId);
            snapshots.DeleteGroup(replica.GroupId);
            EventLogs.Close(replica.Shard, replica.GroupId, delete: true);
            Interlocked.Increment(ref replicasCollected);
        }
    }

    private long upkeepScans;
    private long replicasCollected;

    /// <summary>How many clean-up scans the loop has run (tests wait on it instead of sleeping).</summary>
    public long UpkeepScans => Interlocked.Read(ref upkeepScans);

    /// <summary>How many replicas this node has wiped because they left their group.</summary>
    public long ReplicasCollected => Interlocked.Read(ref replicasCollected);
}
