using EntityPlatform.Consensus.Membership;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Tracking;

namespace EntityPlatform.Consensus.Tests.Membership;

public sealed class ConfStateRestorerTests
{
    [Fact]
    public void Restores_a_joint_state_with_staged_learners()
    {
        // Before the change the voters were (1 2 4 6); 4 is being demoted, 6 removed, 3 added.
        var state = new ConfState(voters: [1, 2, 3], learners: [5], votersOutgoing: [1, 2, 4, 6], learnersNext: [4], autoLeave: true);
        var (config, progress) = ConfStateRestorer.Restore(state, new ProgressTracker(8, 0), lastIndex: 10);
        Assert.Equal("voters=(1 2 3)&&(1 2 4 6) learners=(5) learners_next=(4) autoleave", config.ToString());
        Assert.Equal([1UL, 2, 3, 4, 5, 6], progress.Ids);
        Assert.True(progress[5].IsLearner);
        Assert.False(progress[4].IsLearner);
        Assert.Equal(10UL, progress[3].Next);
    }

    [Fact]
    public void Restores_the_empty_state_to_the_empty_config()
    {
        var (config, progress) = ConfStateRestorer.Restore(ConfState.Empty, new ProgressTracker(8, 0), lastIndex: 0);
        Assert.Equal(TrackerConfig.Empty, config);
        Assert.Equal(0, progress.Count);
    }

    [Theory]
    [InlineData(new ulong[] { 1 }, new ulong[] { 1 }, new ulong[0], new ulong[0], false, "Learners")]
    [InlineData(new ulong[] { 1 }, new ulong[] { 2 }, new ulong[] { 2 }, new ulong[0], false, "VotersOutgoing")]
    [InlineData(new ulong[] { 1 }, new ulong[0], new ulong[] { 1 }, new ulong[] { 3 }, false, "LearnersNext")]
    [InlineData(new ulong[] { 1 }, new ulong[0], new ulong[] { 1 }, new ulong[] { 1 }, false, "LearnersNext")]
    [InlineData(new ulong[] { 1 }, new ulong[0], new ulong[0], new ulong[0], true, "AutoLeave")]
    [InlineData(new ulong[0], new ulong[] { 2 }, new ulong[0], new ulong[0], false, "Voters")]
    [InlineData(new ulong[0], new ulong[0], new ulong[] { 1 }, new ulong[0], false, "Voters")]
    [InlineData(new ulong[] { 0 }, new ulong[0], new ulong[0], new ulong[0], false, "Voters")]
    public void Invalid_state_is_refused_naming_the_field(
        ulong[] voters, ulong[] learners, ulong[] outgoing, ulong[] learnersNext, bool autoLeave, string field)
    {
        var state = new ConfState(voters, learners, outgoing, learnersNext, autoLeave);
        var error = Assert.Throws<ArgumentException>(() => ConfStateRestorer.Restore(state, new ProgressTracker(8, 0), 1));
        Assert.Contains("ConfState." + field, error.Message);
        Assert.Equal("cs", error.ParamName);
    }

    [Fact]
    public void Random_valid_states_round_trip_through_restore()
    {
        for (var seed = 1; seed <= 3000; seed++)
        {
            var random = new Random(seed);
            var state = RandomValidState(random);
            var tracker = new ProgressTracker(4, 0);
            var (config, progress) = ConfStateRestorer.Restore(state, tracker, lastIndex: (ulong)random.Next(0, 100));
            tracker.Apply(config, progress);
            Assert.True(state.Equals(tracker.ToConfState()), $"seed {seed}: {state} restored as {tracker.ToConfState()}");
            Assert.True(state.AllMembers.SequenceEqual(progress.Ids), $"seed {seed}: members {string.Join(' ', progress.Ids)}");
            foreach (var (id, member) in progress)
            {
                Assert.True(member.IsLearner == state.Learners.Contains(id), $"seed {seed}: learner flag of {id}");
            }
        }
    }

    [Fact]
    public void Random_conf_change_sequences_keep_invariants_and_restore_to_the_same_config()
    {
        // Every accepted change is checked by the changer's invariant assertions; in addition, whatever
        // configuration it reaches must survive a ConfState round trip.
        for (var seed = 1; seed <= 1000; seed++)
        {
            var random = new Random(seed);
            var tracker = new ProgressTracker(4, 0);
            for (var step = 0; step < 30; step++)
            {
                var changes = Enumerable.Range(0, random.Next(0, 4))
                    .Select(_ => new ConfChangeSingle((ConfChangeType)random.Next(0, 3), (ulong)random.Next(1, 7)))
                    .ToArray();
                var changer = new ConfChanger(tracker, (ulong)step);
                var applied = random.Next(3) switch
                {
                    0 => changer.TrySimple(changes, out var config, out var progress, out _) && Apply(tracker, config, progress),
                    1 => changer.TryEnterJoint(random.Next(2) == 0, changes, out var config, out var progress, out _) && Apply(tracker, config, progress),
                    _ => changer.TryLeaveJoint(out var config, out var progress, out _) && Apply(tracker, config, progress),
                };

                var (restored, _) = ConfStateRestorer.Restore(tracker.ToConfState(), tracker, 1);
                Assert.True(restored.Equals(tracker.Config), $"seed {seed} step {step} (applied={applied}): {tracker.Config} restored as {restored}");
            }
        }
    }

    private static bool Apply(ProgressTracker tracker, TrackerConfig config, ProgressMap progress)
    {
        tracker.Apply(config, progress);
        return true;
    }

    private static ConfState RandomValidState(Random random)
    {
        // Each id 1..8 gets one role. Outgoing voters are drawn independently of incoming voters (they
        // overlap as they would in a real change); learners avoid both halves; staged learners are
        // outgoing voters that are not incoming voters.
        var ids = Enumerable.Range(1, 8).Select(id => (ulong)id).ToArray();
        var voters = ids.Where(_ => random.Next(3) == 0).ToList();
        var outgoing = random.Next(2) == 0 ? [] : ids.Where(_ => random.Next(3) == 0).ToList();
        if (voters.Count == 0 && (outgoing.Count > 0 || random.Next(2) == 0))
        {
            voters.Add(ids[random.Next(ids.Length)]);
        }

        var learners = voters.Count == 0 ? [] : ids.Where(id => !voters.Contains(id) && !outgoing.Contains(id) && random.Next(3) == 0).ToList();
        var learnersNext = outgoing.Where(id => !voters.Contains(id) && random.Next(2) == 0).ToList();
        var autoLeave = outgoing.Count > 0 && random.Next(2) == 0;
        return new ConfState([.. voters], [.. learners], [.. outgoing], [.. learnersNext], autoLeave);
    }
}
