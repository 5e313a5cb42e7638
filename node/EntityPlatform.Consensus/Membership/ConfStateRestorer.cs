using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Tracking;

namespace EntityPlatform.Consensus.Membership;

/// <summary>
/// Rebuilds a tracker configuration from a persisted <see cref="ConfState"/> (at startup or when a
/// snapshot is installed). Rather than trusting the stored sets, it replays changes through
/// <see cref="ConfChanger"/>, so a restored configuration obeys exactly the rules a live one does.
/// </summary>
public static class ConfStateRestorer
{
    /// <summary>
    /// Replays <paramref name="cs"/> onto an empty configuration. For a joint state that means: add the
    /// outgoing voters one at a time as a simple configuration, then enter the joint configuration with
    /// changes that remove them, add the incoming voters and learners, and stage LearnersNext.
    /// Only <paramref name="tracker"/>'s inflight limits are used; the tracker itself is not modified.
    /// </summary>
    /// <exception cref="ArgumentException">The state breaks a <see cref="ConfState"/> invariant; the message names the field.</exception>
    public static (TrackerConfig Config, ProgressMap Progress) Restore(ConfState cs, ProgressTracker tracker, ulong lastIndex)
    {
        Validate(cs);
        var scratch = new ProgressTracker(tracker.MaxInflightCount, tracker.MaxInflightBytes);
        var incoming = IncomingChanges(cs);
        if (!cs.IsJoint)
        {
            foreach (var change in incoming)
            {
                ReplaySimple(scratch, lastIndex, change);
            }

            return (scratch.Config, scratch.Progress);
        }

        // Build the outgoing voters first, as a plain configuration, so that entering the joint
        // configuration rotates them into the outgoing half.
        foreach (var id in cs.VotersOutgoing)
        {
            ReplaySimple(scratch, lastIndex, new ConfChangeSingle(ConfChangeType.AddNode, id));
        }

        var entered = new ConfChanger(scratch, lastIndex)
            .TryEnterJoint(cs.AutoLeave, incoming, out var config, out var progress, out var error);
        Invariant.Assert(entered, error);
        scratch.Apply(config, progress);
        return (scratch.Config, scratch.Progress);
    }

    // The changes that, applied to a configuration whose voters are exactly the outgoing voters, yield
    // the incoming half. Learners are re-added as if new: whether one was a learner before the joint
    // configuration was entered cannot be told from a ConfState, and it does not matter.
    private static List<ConfChangeSingle> IncomingChanges(ConfState state)
    {
        var changes = new List<ConfChangeSingle>();
        foreach (var id in state.VotersOutgoing)
        {
            changes.Add(new ConfChangeSingle(ConfChangeType.RemoveNode, id));
        }

        foreach (var id in state.Voters)
        {
            changes.Add(new ConfChangeSingle(ConfChangeType.AddNode, id));
        }

        foreach (var id in state.Learners)
        {
            changes.Add(new ConfChangeSingle(ConfChangeType.AddLearnerNode, id));
        }

        // These are outgoing voters, so adding them as learners stages them in LearnersNext.
        foreach (var id in state.LearnersNext)
        {
            changes.Add(new ConfChangeSingle(ConfChangeType.AddLearnerNode, id));
        }

        return changes;
    }

    private static void ReplaySimple(ProgressTracker scratch, ulong lastIndex, ConfChangeSingle change)
    {
        // Validate() rules out every state the changer would refuse, so a refusal here is a bug.
        var applied = new ConfChanger(scratch, lastIndex).TrySimple([change], out var config, out var progress, out var error);
        Invariant.Assert(applied, error);
        scratch.Apply(config, progress);
    }

    private static void Validate(ConfState state)
    {
        RequireNoZero(state.Voters, nameof(ConfState.Voters));
        RequireNoZero(state.Learners, nameof(ConfState.Learners));
        RequireNoZero(state.VotersOutgoing, nameof(ConfState.VotersOutgoing));
        RequireNoZero(state.LearnersNext, nameof(ConfState.LearnersNext));
        RequireDisjoint(state.Learners, nameof(ConfState.Learners), state.Voters, nameof(ConfState.Voters));
        RequireDisjoint(state.Learners, nameof(ConfState.Learners), state.VotersOutgoing, nameof(ConfState.VotersOutgoing));
        RequireDisjoint(state.LearnersNext, nameof(ConfState.LearnersNext), state.Voters, nameof(ConfState.Voters));

        foreach (var id in state.LearnersNext)
        {
            if (!state.VotersOutgoing.Contains(id))
            {
                throw Invalid($"ConfState.LearnersNext contains {id}, which is not in ConfState.VotersOutgoing; only an outgoing voter can be a staged learner");
            }
        }

        if (state.AutoLeave && !state.IsJoint)
        {
            throw Invalid("ConfState.AutoLeave is set but ConfState.VotersOutgoing is empty; only a joint configuration can leave itself");
        }

        var hasMembers = state.Learners.Count > 0 || state.IsJoint;
        if (state.Voters.Count == 0 && hasMembers)
        {
            throw Invalid("ConfState.Voters is empty but the state has other members; a configuration needs at least one voter");
        }
    }

    private static void RequireNoZero(IReadOnlyList<ulong> ids, string field)
    {
        if (ids.Contains(0UL))
        {
            throw Invalid($"ConfState.{field} contains node id 0; node ids start at 1");
        }
    }

    private static void RequireDisjoint(IReadOnlyList<ulong> left, string leftField, IReadOnlyList<ulong> right, string rightField)
    {
        foreach (var id in left)
        {
            if (right.Contains(id))
            {
                throw Invalid($"ConfState.{leftField} and ConfState.{rightField} both contain {id}; a node has one role at a time");
            }
        }
    }

    private static ArgumentException Invalid(string message) => new(message, "cs");
}
