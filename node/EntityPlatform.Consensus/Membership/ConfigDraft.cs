using EntityPlatform.Consensus.Quorum;
using EntityPlatform.Consensus.Tracking;

namespace EntityPlatform.Consensus.Membership;

/// <summary>
/// A mutable copy of a tracker's configuration and progress that a conf change is applied to. Working on
/// a copy means a change that turns out invalid halfway leaves the live tracker untouched.
/// </summary>
internal sealed class ConfigDraft
{
    public ConfigDraft(ProgressTracker tracker)
    {
        var config = tracker.Config;
        TrackerInvariants.AssertConsistent(config, tracker.Progress);
        Incoming = new IdList(config.Voters.Incoming.Ids);
        Outgoing = new IdList(config.Voters.Outgoing.Ids);
        Learners = new IdList(config.Learners);
        LearnersNext = new IdList(config.LearnersNext);
        AutoLeave = config.AutoLeave;
        Progress = tracker.Progress.Clone();
    }

    public IdList Incoming { get; }

    public IdList Outgoing { get; }

    public IdList Learners { get; }

    public IdList LearnersNext { get; }

    public bool AutoLeave { get; set; }

    public ProgressMap Progress { get; }

    public bool IsJoint => Outgoing.Count > 0;

    /// <summary>The finished configuration, checked against its progress map.</summary>
    public TrackerConfig ToConfig()
    {
        var voters = new JointConfig(new MajorityConfig(Incoming.Items), new MajorityConfig(Outgoing.Items));
        var config = new TrackerConfig(voters, Learners.ToArray(), LearnersNext.ToArray(), AutoLeave);
        TrackerInvariants.AssertConsistent(config, Progress);
        return config;
    }
}
