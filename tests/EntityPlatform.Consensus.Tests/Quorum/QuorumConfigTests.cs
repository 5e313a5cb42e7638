using EntityPlatform.Consensus.Quorum;

namespace EntityPlatform.Consensus.Tests.Quorum;

public sealed class QuorumConfigTests
{
    [Fact]
    public void Majority_config_sorts_and_deduplicates_ids_and_prints_them_ascending()
    {
        var config = new MajorityConfig([3, 1, 2, 3]);
        Assert.Equal([1UL, 2, 3], config.Ids);
        Assert.Equal(3, config.Count);
        Assert.True(config.Contains(2));
        Assert.False(config.Contains(4));
        Assert.Equal("(1 2 3)", config.ToString());
        Assert.Equal("()", MajorityConfig.Empty.ToString());
    }

    [Fact]
    public void Empty_majority_commits_everything_and_wins_every_vote_so_an_empty_joint_half_is_neutral()
    {
        var acks = new TestAcks(new Dictionary<ulong, ulong> { [1] = 7 });
        Assert.Equal(ulong.MaxValue, MajorityConfig.Empty.CommittedIndex(acks));
        Assert.Equal(VoteResult.Won, MajorityConfig.Empty.GetVoteResult(new Dictionary<ulong, bool>()));
        Assert.Equal(7UL, new JointConfig(new MajorityConfig([1])).CommittedIndex(acks));
    }

    [Fact]
    public void Voters_without_an_acknowledgement_count_as_zero()
    {
        var config = new MajorityConfig([1, 2, 3]);
        Assert.Equal(0UL, config.CommittedIndex(new TestAcks(new() { [1] = 5 })));
        Assert.Equal(4UL, config.CommittedIndex(new TestAcks(new() { [1] = 5, [3] = 4 })));
    }

    [Fact]
    public void Joint_config_is_the_minimum_of_both_halves_and_prints_both()
    {
        var joint = new JointConfig(new MajorityConfig([1, 2, 3]), new MajorityConfig([3, 4, 5]));
        Assert.True(joint.IsJoint);
        Assert.Equal([1UL, 2, 3, 4, 5], joint.Ids);
        Assert.Equal("(1 2 3)&&(3 4 5)", joint.ToString());

        // The incoming half has committed 9 (voters 1, 2), the outgoing half only 3 (voters 3, 4).
        var acks = new TestAcks(new() { [1] = 9, [2] = 9, [3] = 3, [4] = 3, [5] = 1 });
        Assert.Equal(3UL, joint.CommittedIndex(acks));
    }

    [Fact]
    public void Joint_vote_needs_both_halves_and_a_loss_in_either_loses()
    {
        var joint = new JointConfig(new MajorityConfig([1, 2, 3]), new MajorityConfig([4, 5, 6]));
        Assert.Equal(VoteResult.Pending, joint.GetVoteResult(new Dictionary<ulong, bool> { [1] = true, [2] = true }));
        Assert.Equal(VoteResult.Won, joint.GetVoteResult(new Dictionary<ulong, bool> { [1] = true, [2] = true, [4] = true, [5] = true }));
        Assert.Equal(VoteResult.Lost, joint.GetVoteResult(new Dictionary<ulong, bool> { [1] = true, [2] = true, [4] = false, [5] = false }));
    }

    [Fact]
    public void Describe_draws_one_bar_per_voter_with_equal_bars_for_equal_indexes()
    {
        var config = new MajorityConfig([1, 2, 3, 4]);
        var text = config.Describe(new TestAcks(new() { [1] = 100, [2] = 101, [3] = 100 }));
        var expected =
            "        idx\n" +
            "x>      100    (id=1)\n" +
            "xxx>    101    (id=2)\n" +
            "x>      100    (id=3)\n" +
            "?         0    (id=4)\n";
        Assert.Equal(expected, text);
        Assert.Equal("<empty majority quorum>", MajorityConfig.Empty.Describe(new TestAcks([])));
    }

    [Fact]
    public void Configs_with_the_same_ids_are_equal()
    {
        Assert.Equal(new MajorityConfig([2, 1]), new MajorityConfig([1, 2]));
        Assert.Equal(new JointConfig(new MajorityConfig([1])), new JointConfig(new MajorityConfig([1]), MajorityConfig.Empty));
        Assert.NotEqual(new JointConfig(new MajorityConfig([1])), new JointConfig(new MajorityConfig([1]), new MajorityConfig([1])));
    }
}
