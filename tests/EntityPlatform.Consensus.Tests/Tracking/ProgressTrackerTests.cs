using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Quorum;
using EntityPlatform.Consensus.Tracking;
using static EntityPlatform.Consensus.Tests.Tracking.TrackerFixtures;

namespace EntityPlatform.Consensus.Tests.Tracking;

public sealed class ProgressTrackerTests
{
    [Fact]
    public void Committed_is_the_joint_quorum_over_voter_matches_and_ignores_learners()
    {
        var tracker = Tracker(incoming: [1, 2, 3], outgoing: [3, 4, 5], learners: [6]);
        SetMatches(tracker, (1, 10), (2, 10), (3, 4), (4, 6), (5, 2), (6, 100));

        // Incoming (1 2 3) has 10 on a majority; outgoing (3 4 5) only 4.
        Assert.Equal(4UL, tracker.Committed());
    }

    [Fact]
    public void Committed_of_an_empty_tracker_is_max_and_of_a_singleton_is_its_match()
    {
        Assert.Equal(ulong.MaxValue, new ProgressTracker(4, 0).Committed());
        var tracker = Tracker(incoming: [1]);
        SetMatches(tracker, (1, 7));
        Assert.True(tracker.IsSingleton());
        Assert.Equal(7UL, tracker.Committed());
        Assert.False(Tracker(incoming: [1], outgoing: [1, 2]).IsSingleton());
    }

    [Fact]
    public void QuorumActive_needs_a_majority_of_recently_active_voters_in_both_halves()
    {
        var tracker = Tracker(incoming: [1, 2, 3], outgoing: [1, 4, 5], learners: [6]);
        SetActive(tracker, 1, 2, 6);
        Assert.False(tracker.QuorumActive()); // outgoing half has only voter 1 active

        SetActive(tracker, 1, 2, 4);
        Assert.True(tracker.QuorumActive());

        SetActive(tracker, 1, 6);
        Assert.False(tracker.QuorumActive()); // an active learner does not count
    }

    [Fact]
    public void First_vote_per_voter_counts_and_tally_ignores_learners_and_strangers()
    {
        var tracker = Tracker(incoming: [1, 2, 3, 4, 5], learners: [6]);
        tracker.RecordVote(1, true);
        tracker.RecordVote(1, false); // a changed mind is ignored
        tracker.RecordVote(2, false);
        tracker.RecordVote(6, true); // learner
        tracker.RecordVote(9, true); // not a member
        Assert.Equal((1, 1, VoteResult.Pending), tracker.TallyVotes());

        tracker.RecordVote(3, true);
        tracker.RecordVote(4, true);
        Assert.Equal((3, 1, VoteResult.Won), tracker.TallyVotes());

        tracker.ResetVotes();
        tracker.RecordVote(1, false);
        tracker.RecordVote(2, false);
        tracker.RecordVote(3, false);
        Assert.Equal((0, 3, VoteResult.Lost), tracker.TallyVotes());
    }

    [Fact]
    public void Ids_and_conf_state_reflect_the_configuration()
    {
        var tracker = Tracker(incoming: [3, 1, 2], outgoing: [2, 4], learners: [7, 6]);
        Assert.Equal([1UL, 2, 3, 4], tracker.VoterIds());
        Assert.Equal([6UL, 7], tracker.LearnerIds());
        Assert.Equal(new ConfState([1, 2, 3], [6, 7], [2, 4], [], autoLeave: false), tracker.ToConfState());
        Assert.Equal("voters=(1 2 3)&&(2 4) learners=(6 7)", tracker.Config.ToString());
    }

    [Fact]
    public void Apply_refuses_a_progress_map_that_does_not_match_the_configuration()
    {
        var tracker = new ProgressTracker(4, 0);
        var config = new TrackerConfig(new JointConfig(new MajorityConfig([1, 2])), [], [], AutoLeave: false);
        var progress = new ProgressMap();
        progress.Add(1, new Progress(1, tracker.NewInflights()));
        Assert.Throws<InvariantViolationException>(() => tracker.Apply(config, progress));

        progress.Add(2, new Progress(1, tracker.NewInflights()));
        progress.Add(3, new Progress(1, tracker.NewInflights()));
        Assert.Throws<InvariantViolationException>(() => tracker.Apply(config, progress));
    }

    [Fact]
    public void Tracker_config_text_form_matches_etcd()
    {
        var voters = new JointConfig(new MajorityConfig([1, 2, 3]), new MajorityConfig([1, 2]));
        var config = new TrackerConfig(voters, [4], [3], AutoLeave: true);
        Assert.Equal("voters=(1 2 3)&&(1 2) learners=(4) learners_next=(3) autoleave", config.ToString());
        Assert.Equal("voters=()", TrackerConfig.Empty.ToString());
        Assert.Equal(config, new TrackerConfig(voters, [4, 4], [3], AutoLeave: true));
        Assert.Equal([1UL, 2], (config with { Learners = [2, 1, 2] }).Learners);
    }

    private static void SetMatches(ProgressTracker tracker, params (ulong Id, ulong Match)[] matches)
    {
        foreach (var (id, match) in matches)
        {
            tracker.Progress[id].Match = match;
            tracker.Progress[id].Next = match + 1;
        }
    }

    private static void SetActive(ProgressTracker tracker, params ulong[] active)
    {
        foreach (var (id, progress) in tracker.Progress)
        {
            progress.RecentActive = active.Contains(id);
        }
    }
}
