using EntityPlatform.Node.Scheduler;

namespace EntityPlatform.Node.Health;

/// <summary>
/// What /readyz answers: ready when every wanted local replica has a leader that can serve. A leader known
/// by id but on a peer the failure detector suspects (MultiRaftScheduler.SuspectPeers: nothing heard from
/// it for the election timeout) does not count, since its quiesced followers may not have noticed yet
/// (issue 12, item 9). A replica the placement is moving away does not hold readiness back: it is about
/// to be removed.
/// </summary>
public static class ShardReadiness
{
    /// <summary>(ready, the text to answer with).</summary>
    /// <remarks>
    /// A faulted replica (docs/replica-faults.md) does not hold readiness back either: every replica of a
    /// poisoned shard faults, and taking every node out of service would stop all shards. It is never counted
    /// as led: it is named instead.
    /// </remarks>
    public static (bool Ready, string Text) Evaluate(IReadOnlyList<ShardReplicaStatus> replicas, IReadOnlyList<ulong> suspectPeers)
    {
        var working = replicas.Where(replica => replica.Fault is null).ToArray();
        var withoutLeader = working.Where(replica => replica.Wanted && replica.Raft.Leader == 0).Select(replica => replica.Shard.ToString()).ToArray();
        var leaderSuspect = working.Where(replica => replica.Wanted && replica.Raft.Leader != 0 && suspectPeers.Contains(replica.Raft.Leader))
            .Select(replica => $"{replica.Shard} (node {replica.Raft.Leader})").ToArray();
        var faulted = replicas.Where(replica => replica.Fault is not null).Select(replica => $"{replica.Shard} ({replica.Fault})").ToArray();
        var faultedText = faulted.Length == 0 ? "" : $"; {faulted.Length} FAULTED (serving nothing): {string.Join(", ", faulted)}";
        if (withoutLeader.Length == 0 && leaderSuspect.Length == 0)
        {
            return (true, faulted.Length == 0
                ? $"ready: {replicas.Count} shard replicas, all with a leader\n"
                : $"ready: {working.Length} of {replicas.Count} shard replicas working, all of them with a leader{faultedText}\n");
        }

        var reasons = new List<string>();
        if (withoutLeader.Length > 0)
        {
            reasons.Add($"no leader known for {string.Join(", ", withoutLeader)}");
        }

        if (leaderSuspect.Length > 0)
        {
            reasons.Add($"leader unreachable for {string.Join(", ", leaderSuspect)}");
        }

        return (false, $"not ready: {string.Join("; ", reasons)}{faultedText}\n");
    }
}
