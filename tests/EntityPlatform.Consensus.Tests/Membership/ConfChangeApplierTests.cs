using EntityPlatform.Consensus.Membership;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Tracking;

namespace EntityPlatform.Consensus.Tests.Membership;

public sealed class ConfChangeApplierTests
{
    private static readonly ConfChangeSingle V2 = new(ConfChangeType.AddNode, 2);
    private static readonly ConfChangeSingle V3 = new(ConfChangeType.AddNode, 3);

    [Fact]
    public void Single_auto_change_is_simple_several_enter_joint_with_autoleave()
    {
        var tracker = Bootstrapped();
        Assert.True(ConfChangeApplier.TryApply(tracker, ConfChange.Of(V2), 5, out var config, out _, out _));
        Assert.Equal("voters=(1 2)", config.ToString());

        Assert.True(ConfChangeApplier.TryApply(tracker, ConfChange.Of(V2, V3), 5, out config, out _, out _));
        Assert.Equal("voters=(1 2 3)&&(1) autoleave", config.ToString());
    }

    [Fact]
    public void Explicit_transitions_always_enter_joint_and_implicit_one_leaves_by_itself()
    {
        var tracker = Bootstrapped();
        Assert.True(ConfChangeApplier.TryApply(tracker, new ConfChange(ConfChangeTransition.JointExplicit, [V2]), 5, out var config, out _, out _));
        Assert.Equal("voters=(1 2)&&(1)", config.ToString());

        Assert.True(ConfChangeApplier.TryApply(tracker, new ConfChange(ConfChangeTransition.JointImplicit, [V2]), 5, out config, out _, out _));
        Assert.Equal("voters=(1 2)&&(1) autoleave", config.ToString());
    }

    [Fact]
    public void Empty_change_leaves_the_joint_config_and_is_refused_outside_one()
    {
        var tracker = Bootstrapped();
        Assert.False(ConfChangeApplier.TryApply(tracker, ConfChange.LeaveJoint, 5, out var config, out var progress, out var error));
        Assert.Equal("can't leave a non-joint config", error);
        Assert.Same(TrackerConfig.Empty, config);
        Assert.Equal(0, progress.Count);

        Assert.True(ConfChangeApplier.TryApply(tracker, ConfChange.Of(V2, V3), 5, out config, out progress, out _));
        tracker.Apply(config, progress);
        Assert.True(ConfChangeApplier.TryApply(tracker, ConfChange.LeaveJoint, 6, out config, out _, out error));
        Assert.Equal("voters=(1 2 3)", config.ToString());
        Assert.Equal("", error);
    }

    [Fact]
    public void Refused_change_leaves_the_tracker_untouched_and_node_zero_is_refused()
    {
        var tracker = Bootstrapped();
        var before = tracker.Config;
        Assert.False(ConfChangeApplier.TryApply(tracker, ConfChange.Of(new ConfChangeSingle(ConfChangeType.RemoveNode, 1)), 5, out _, out _, out var error));
        Assert.Equal("removed all voters", error);
        Assert.False(ConfChangeApplier.TryApply(tracker, ConfChange.Of(new ConfChangeSingle(ConfChangeType.AddNode, 0)), 5, out _, out _, out error));
        Assert.Contains("node 0", error);
        Assert.Same(before, tracker.Config);
        Assert.Equal([1UL], tracker.Progress.Ids);
    }

    [Fact]
    public void New_members_start_probing_at_the_last_index_and_count_as_active()
    {
        var tracker = Bootstrapped();
        Assert.True(ConfChangeApplier.TryApply(tracker, ConfChange.Of(V2), 42, out _, out var progress, out _));
        var added = progress[2];
        Assert.Equal(ProgressState.Probe, added.State);
        Assert.Equal(0UL, added.Match);
        Assert.Equal(42UL, added.Next);
        Assert.True(added.RecentActive);
        Assert.Equal(tracker.MaxInflightCount, added.Inflights.MaxCount);

        // The existing member's progress is a copy: changing it must not reach the live tracker.
        progress[1].Match = 99;
        Assert.Equal(0UL, tracker.Progress[1].Match);
    }

    private static ProgressTracker Bootstrapped()
    {
        var tracker = new ProgressTracker(maxInflightCount: 16, maxInflightBytes: 1 << 20);
        Assert.True(new ConfChanger(tracker, 0).TrySimple([new ConfChangeSingle(ConfChangeType.AddNode, 1)], out var config, out var progress, out _));
        tracker.Apply(config, progress);
        return tracker;
    }
}
