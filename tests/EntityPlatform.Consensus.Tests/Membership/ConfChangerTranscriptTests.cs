namespace EntityPlatform.Consensus.Tests.Membership;

/// <summary>Conf change scenarios as transcripts; see <see cref="ConfChangeTranscript"/> for the format.</summary>
public sealed class ConfChangerTranscriptTests
{
    [Fact]
    public void Simple_changes_move_at_most_one_voter_and_never_remove_all_voters() => ConfChangeTranscript.Run("""
        simple
        l1
        ----
        removed all voters

        simple
        v1
        ----
        voters=(1)
        1: StateProbe match=0 next=1

        # Learners are free; one voter added.
        simple
        v2 l3
        ----
        voters=(1 2) learners=(3)
        1: StateProbe match=0 next=1
        2: StateProbe match=0 next=2
        3: StateProbe match=0 next=2 learner

        simple
        r1 v5
        ----
        more than one voter changed without entering joint config

        simple
        r1 r2
        ----
        removed all voters

        simple
        v3 v4
        ----
        more than one voter changed without entering joint config

        # Demoting 1 and adding 5 moves two voters.
        simple
        l1 v5
        ----
        more than one voter changed without entering joint config

        simple
        l1 l2
        ----
        removed all voters

        simple
        l2 l3 l4 l5
        ----
        voters=(1) learners=(2 3 4 5)
        1: StateProbe match=0 next=1
        2: StateProbe match=0 next=2 learner
        3: StateProbe match=0 next=2 learner
        4: StateProbe match=0 next=8 learner
        5: StateProbe match=0 next=8 learner

        simple
        r1
        ----
        removed all voters

        simple
        r2 r3 r4 r5
        ----
        voters=(1)
        1: StateProbe match=0 next=1
        """);

    [Fact]
    public void Simple_changes_are_idempotent() => ConfChangeTranscript.Run("""
        simple
        v1
        ----
        voters=(1)
        1: StateProbe match=0 next=1

        simple
        v1
        ----
        voters=(1)
        1: StateProbe match=0 next=1

        simple
        v2
        ----
        voters=(1 2)
        1: StateProbe match=0 next=1
        2: StateProbe match=0 next=2

        simple
        l1
        ----
        voters=(2) learners=(1)
        1: StateProbe match=0 next=1 learner
        2: StateProbe match=0 next=2

        simple
        l1
        ----
        voters=(2) learners=(1)
        1: StateProbe match=0 next=1 learner
        2: StateProbe match=0 next=2

        simple
        r1
        ----
        voters=(2)
        2: StateProbe match=0 next=2

        simple
        r1
        ----
        voters=(2)
        2: StateProbe match=0 next=2

        # Removing a node that was never a member is a no-op.
        simple
        r4
        ----
        voters=(2)
        2: StateProbe match=0 next=2
        """);

    [Fact]
    public void Promotion_and_demotion_keep_the_member_progress() => ConfChangeTranscript.Run("""
        simple
        v1
        ----
        voters=(1)
        1: StateProbe match=0 next=1

        simple
        v2
        ----
        voters=(1 2)
        1: StateProbe match=0 next=1
        2: StateProbe match=0 next=1

        simple
        v3
        ----
        voters=(1 2 3)
        1: StateProbe match=0 next=1
        2: StateProbe match=0 next=1
        3: StateProbe match=0 next=2

        # Demote and promote in one change: pointless, but the net voter change is zero.
        simple
        l1 v1
        ----
        voters=(1 2 3)
        1: StateProbe match=0 next=1
        2: StateProbe match=0 next=1
        3: StateProbe match=0 next=2

        simple
        l2
        ----
        voters=(1 3) learners=(2)
        1: StateProbe match=0 next=1
        2: StateProbe match=0 next=1 learner
        3: StateProbe match=0 next=2

        simple
        v2 l2
        ----
        voters=(1 3) learners=(2)
        1: StateProbe match=0 next=1
        2: StateProbe match=0 next=1 learner
        3: StateProbe match=0 next=2

        # Promoting the learner keeps next=1, the progress it had since step 2.
        simple
        v2
        ----
        voters=(1 2 3)
        1: StateProbe match=0 next=1
        2: StateProbe match=0 next=1
        3: StateProbe match=0 next=2
        """);

    [Fact]
    public void Joint_config_can_only_be_entered_from_a_non_empty_simple_config_and_left_once() => ConfChangeTranscript.Run("""
        leave-joint
        ----
        can't leave a non-joint config

        enter-joint
        ----
        can't make a zero-voter config joint

        enter-joint
        v1
        ----
        can't make a zero-voter config joint

        simple
        v1
        ----
        voters=(1)
        1: StateProbe match=0 next=3

        leave-joint
        ----
        can't leave a non-joint config

        # Entering with no changes is allowed.
        enter-joint
        ----
        voters=(1)&&(1)
        1: StateProbe match=0 next=3

        enter-joint
        ----
        config is already joint

        leave-joint
        ----
        voters=(1)
        1: StateProbe match=0 next=3

        leave-joint
        ----
        can't leave a non-joint config

        # Replace every voter at once; 1 keeps its progress while it is an outgoing voter.
        enter-joint
        r1 v2 v3 l4
        ----
        voters=(2 3)&&(1) learners=(4)
        1: StateProbe match=0 next=3
        2: StateProbe match=0 next=9
        3: StateProbe match=0 next=9
        4: StateProbe match=0 next=9 learner

        enter-joint
        v12
        ----
        config is already joint

        simple
        l15
        ----
        can't apply simple config change in joint config

        leave-joint
        ----
        voters=(2 3) learners=(4)
        2: StateProbe match=0 next=9
        3: StateProbe match=0 next=9
        4: StateProbe match=0 next=9 learner

        simple
        l9
        ----
        voters=(2 3) learners=(4 9)
        2: StateProbe match=0 next=9
        3: StateProbe match=0 next=9
        4: StateProbe match=0 next=9 learner
        9: StateProbe match=0 next=13 learner
        """);

    [Fact]
    public void Demoting_a_voter_in_a_joint_config_stages_it_in_learners_next() => ConfChangeTranscript.Run("""
        simple
        v1
        ----
        voters=(1)
        1: StateProbe match=0 next=1

        # 1 is still an outgoing voter, so it cannot be a learner yet.
        enter-joint
        v2 l1
        ----
        voters=(2)&&(1) learners_next=(1)
        1: StateProbe match=0 next=1
        2: StateProbe match=0 next=1

        leave-joint
        ----
        voters=(2) learners=(1)
        1: StateProbe match=0 next=1 learner
        2: StateProbe match=0 next=1
        """);

    [Fact]
    public void Joint_changes_are_idempotent_and_autoleave_is_passed_through() => ConfChangeTranscript.Run("""
        simple
        v1
        ----
        voters=(1)
        1: StateProbe match=0 next=1

        enter-joint autoleave=true
        r1 r2 r9 v2 v3 v4 v2 v3 v4 l2 l2 r4 r4 l1 l1
        ----
        voters=(3)&&(1) learners=(2) learners_next=(1) autoleave
        1: StateProbe match=0 next=1
        2: StateProbe match=0 next=1 learner
        3: StateProbe match=0 next=1

        leave-joint
        ----
        voters=(3) learners=(1 2)
        1: StateProbe match=0 next=1 learner
        2: StateProbe match=0 next=1 learner
        3: StateProbe match=0 next=1
        """);

    [Fact]
    public void Transcript_runner_reports_a_wrong_expectation()
    {
        var error = Assert.ThrowsAny<Exception>(() => ConfChangeTranscript.Run("simple\nv1\n----\nvoters=(2)\n"));
        Assert.Contains("voters=(1)", error.Message);
    }
}
