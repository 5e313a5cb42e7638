using EntityPlatform.Consensus.Messages;
using EntityPlatform.Node.Scheduler;

namespace EntityPlatform.Node.Tests.Scheduler;

/// <summary>Issue 12, item 10: which local replicas the clean-up scan may wipe.</summary>
public sealed class ReplicaRemovalPolicyTests
{
    private const ulong Self = 3;
    private static readonly TimeSpan LongSilence = TimeSpan.FromMinutes(5);

    [Fact]
    public void A_silent_voter_dropped_by_the_placement_is_kept_and_woken_never_wiped() =>
        Assert.Equal(ReplicaRemoval.KeepAndWake,
            ReplicaRemovalPolicy.Decide(Self, ConfState.OfVoters(1, 2, 3), placementVersion: 2, wantedByPlacement: false, leaderSilence: LongSilence));

    [Fact]
    public void A_dropped_voter_that_hears_from_its_leader_is_kept_and_left_asleep() =>
        Assert.Equal(ReplicaRemoval.Keep,
            ReplicaRemovalPolicy.Decide(Self, ConfState.OfVoters(1, 2, 3), placementVersion: 2, wantedByPlacement: false, leaderSilence: TimeSpan.FromSeconds(1)));

    [Fact]
    public void An_outgoing_voter_of_a_joint_configuration_is_still_a_voter()
    {
        var joint = new ConfState([1, 2, 4], [], [1, 2, 3], [], autoLeave: true);
        Assert.Equal(ReplicaRemoval.KeepAndWake,
            ReplicaRemovalPolicy.Decide(Self, joint, placementVersion: 2, wantedByPlacement: false, leaderSilence: LongSilence));
    }

    [Fact]
    public void A_replica_whose_applied_configuration_no_longer_holds_it_is_collected_at_once() =>
        Assert.Equal(ReplicaRemoval.Collect,
            ReplicaRemovalPolicy.Decide(Self, ConfState.OfVoters(1, 2), placementVersion: 2, wantedByPlacement: false, leaderSilence: TimeSpan.Zero));

    [Fact]
    public void A_learner_dropped_by_the_placement_is_collected_only_after_the_grace()
    {
        var learner = new ConfState([1, 2], [3], [], [], autoLeave: false);
        Assert.Equal(ReplicaRemoval.Keep,
            ReplicaRemovalPolicy.Decide(Self, learner, placementVersion: 2, wantedByPlacement: false, leaderSilence: TimeSpan.FromSeconds(1)));
        Assert.Equal(ReplicaRemoval.Collect,
            ReplicaRemovalPolicy.Decide(Self, learner, placementVersion: 2, wantedByPlacement: false, leaderSilence: ReplicaRemovalPolicy.SilenceGrace + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Nothing_is_collected_while_wanted_or_before_any_placement_is_known()
    {
        Assert.Equal(ReplicaRemoval.Keep,
            ReplicaRemovalPolicy.Decide(Self, ConfState.OfVoters(1, 2), placementVersion: 2, wantedByPlacement: true, leaderSilence: LongSilence));
        Assert.Equal(ReplicaRemoval.Keep,
            ReplicaRemovalPolicy.Decide(Self, ConfState.Empty, placementVersion: 0, wantedByPlacement: false, leaderSilence: LongSilence));
    }
}
