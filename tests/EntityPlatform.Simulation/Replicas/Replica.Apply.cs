using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Raft;
using EntityPlatform.Simulation.Checking;
using EntityPlatform.Simulation.Coverage;

namespace EntityPlatform.Simulation.Replicas;

/// <summary>Applying committed entries: conf changes go to the core, writes to the state machine, and every step is checked.</summary>
public sealed partial class Replica
{
    private void ApplyCommitted(RaftNode node, Entry[] committed)
    {
        foreach (var entry in committed)
        {
            world.Checker.OnApplied(id, StateMachine.AppliedIndex, entry);
            if (entry.Type == EntryType.ConfChange)
            {
                ApplyConfChange(node, entry);
            }

            if (!StateMachine.Apply(entry))
            {
                throw new SafetyViolationException("entries arrive intact", $"n{id} applied {entry}, which is no valid write");
            }

            world.Checker.OnStateAt(id, entry.Index, StateMachine.Digest());
            world.Workload.OnApplied(this, entry);
        }
    }

    private void ApplyConfChange(RaftNode node, in Entry entry)
    {
        if (!ConfChangeCodec.TryDecode(entry.Data.Span, out var change, out var error))
        {
            throw new SafetyViolationException("entries arrive intact", $"n{id} cannot decode conf change {entry}: {error}");
        }

        var before = ConfState;
        ConfState = node.ApplyConfChange(change);
        CountMembershipMarks(before, ConfState);
        if (world.Trace.On)
        {
            world.Trace.Write($"n{id} applies conf change {change} at {entry.Index}: {before} -> {ConfState}");
        }
    }

    private void CountMembershipMarks(ConfState before, ConfState after)
    {
        var marks = world.Marks;
        if (!before.IsJoint && after.IsJoint)
        {
            marks.Hit(Mark.JointEntered);
        }

        if (before.IsJoint && !after.IsJoint)
        {
            marks.Hit(Mark.JointLeft);
        }

        foreach (var voter in after.Voters)
        {
            if (before.Learners.Contains(voter))
            {
                marks.Hit(Mark.LearnerPromoted);
            }
            else if (!before.Voters.Contains(voter) && !before.VotersOutgoing.Contains(voter))
            {
                marks.Hit(Mark.VoterAdded);
            }
        }

        foreach (var learner in after.Learners)
        {
            if (!before.Learners.Contains(learner))
            {
                marks.Hit(Mark.LearnerAdded);
            }
        }

        foreach (var member in before.AllMembers)
        {
            if (!after.AllMembers.Contains(member))
            {
                marks.Hit(Mark.MemberRemoved);
            }
        }
    }
}
