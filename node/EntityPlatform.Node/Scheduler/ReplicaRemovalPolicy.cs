using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Node.Scheduler;

/// <summary>
/// Decides whether a local replica may be wiped (issue 12, item 10). The rule: a replica that is a voter in its
/// own applied configuration is never wiped, however long it has been silent, because every follower of a
/// quiesced group is silent and its vote may be one of a quorum's. It goes only once it has applied a
/// configuration without itself (the leader's committed removal, learned by log, snapshot or vote rejection),
/// or when the placement dropped it and it is at most a learner, which never counts for a quorum.
/// </summary>
internal static class ReplicaRemovalPolicy
{
    /// <summary>
    /// A learner that the placement dropped is wiped after this much silence from its leader, so a placement
    /// that flaps back within it does not cost a snapshot; a dropped voter is woken after it.
    /// </summary>
    public static readonly TimeSpan SilenceGrace = TimeSpan.FromSeconds(10);

    /// <param name="nodeId">This node.</param>
    /// <param name="applied">The replica's applied configuration (from its log, its snapshot, or its bootstrap).</param>
    /// <param name="placementVersion">The target placement's version; 0 means none is known yet.</param>
    /// <param name="wantedByPlacement">Whether the target placement puts a replica of this shard here.</param>
    /// <param name="leaderSilence">How long since this replica last heard from its leader (or led), on the monotonic clock.</param>
    public static ReplicaRemoval Decide(ulong nodeId, ConfState applied, long placementVersion, bool wantedByPlacement, TimeSpan leaderSilence)
    {
        if (placementVersion == 0 || wantedByPlacement)
        {
            return ReplicaRemoval.Keep;
        }

        if (IsVoter(nodeId, applied))
        {
            // Woken only once silent for the grace: a voter that hears from its leader is not removed yet (or
            // will learn it from the next append), and waking a quiesced group at every scan would only churn.
            return leaderSilence > SilenceGrace ? ReplicaRemoval.KeepAndWake : ReplicaRemoval.Keep;
        }

        if (!applied.AllMembers.Contains(nodeId))
        {
            // Its own applied configuration no longer holds it: the group committed its removal.
            return ReplicaRemoval.Collect;
        }

        return leaderSilence > SilenceGrace ? ReplicaRemoval.Collect : ReplicaRemoval.Keep;
    }

    /// <summary>A voter of either half of a joint configuration (LearnersNext are still outgoing voters).</summary>
    public static bool IsVoter(ulong nodeId, ConfState applied) =>
        applied.Voters.Contains(nodeId) || applied.VotersOutgoing.Contains(nodeId);
}
