using EntityPlatform.Consensus.Quorum;
using EntityPlatform.Consensus.Tracking;

namespace EntityPlatform.Consensus.Tests.Tracking;

/// <summary>Builds trackers in a given configuration directly, for tests of the tracker's own queries.</summary>
internal static class TrackerFixtures
{
    public static ProgressTracker Tracker(ulong[] incoming, ulong[]? outgoing = null, ulong[]? learners = null)
    {
        var tracker = new ProgressTracker(maxInflightCount: 8, maxInflightBytes: 0);
        var voters = new JointConfig(new MajorityConfig(incoming), new MajorityConfig(outgoing ?? []));
        var config = new TrackerConfig(voters, learners ?? [], [], AutoLeave: false);
        var progress = new ProgressMap();
        foreach (var id in voters.Ids)
        {
            progress.Add(id, new Progress(1, tracker.NewInflights()));
        }

        foreach (var id in config.Learners)
        {
            progress.Add(id, new Progress(1, tracker.NewInflights(), isLearner: true));
        }

        tracker.Apply(config, progress);
        return tracker;
    }
}
