namespace EntityPlatform.Consensus.Tracking;

/// <summary>
/// The consistency rules between a configuration and its progress map. Configurations are only built by
/// the membership code from validated input, so a broken rule is a bug and fails as an assertion.
/// Conf changes are rare, so checking every one in every build costs nothing that matters.
/// </summary>
internal static class TrackerInvariants
{
    public static void AssertConsistent(TrackerConfig config, ProgressMap progress)
    {
        var voters = config.Voters;
        foreach (var id in voters.Ids)
        {
            Invariant.Assert(progress.TryGetValue(id, out var voter), $"voter {id} has no progress");
            Invariant.Assert(!voter.IsLearner, $"voter {id} is marked as a learner");
        }

        foreach (var id in config.Learners)
        {
            Invariant.Assert(progress.TryGetValue(id, out var learner), $"learner {id} has no progress");
            Invariant.Assert(learner.IsLearner, $"learner {id} is not marked as a learner");
            Invariant.Assert(!voters.Contains(id), $"{id} is both a learner and a voter");
        }

        foreach (var id in config.LearnersNext)
        {
            // A staged learner is waiting for its outgoing voter seat to go away; it is still a voter now.
            Invariant.Assert(voters.Outgoing.Contains(id), $"{id} is in LearnersNext but not an outgoing voter");
            Invariant.Assert(!voters.Incoming.Contains(id), $"{id} is in LearnersNext and an incoming voter");
            Invariant.Assert(!progress[id].IsLearner, $"{id} is in LearnersNext but already marked as a learner");
        }

        // Progress is tracked for members only: a leftover would keep receiving appends and skew tallies.
        Invariant.Assert(progress.Count == voters.Ids.Count + config.Learners.Count,
            $"progress tracks {progress.Count} members; the configuration {config} has {voters.Ids.Count + config.Learners.Count}");

        if (!voters.IsJoint)
        {
            Invariant.Assert(config.LearnersNext.Count == 0, "LearnersNext must be empty outside a joint configuration");
            Invariant.Assert(!config.AutoLeave, "AutoLeave must be false outside a joint configuration");
        }
    }
}
