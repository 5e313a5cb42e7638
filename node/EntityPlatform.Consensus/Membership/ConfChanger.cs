using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Tracking;

namespace EntityPlatform.Consensus.Membership;

/// <summary>
/// Works out the configuration that a membership change leads to, without touching the tracker: each
/// method returns the new configuration and a copied progress map for
/// <see cref="ProgressTracker.Apply"/>, or a sentence saying why the change is refused.
/// By convention voter changes go to the incoming half; the outgoing half only ever preserves the old
/// voters while a joint configuration is active.
/// </summary>
public sealed partial class ConfChanger
{
    private readonly ProgressTracker tracker;
    private readonly ulong lastIndex;

    /// <param name="tracker">The tracker whose current configuration the change starts from.</param>
    /// <param name="lastIndex">The leader's last log index; new members are first probed there.</param>
    public ConfChanger(ProgressTracker tracker, ulong lastIndex)
    {
        this.tracker = tracker;
        this.lastIndex = lastIndex;
    }

    /// <summary>
    /// Enters a joint configuration: the current voters become the outgoing half, and the changes apply to
    /// the incoming half, giving C(new,old) in the terms of the Raft thesis (section 4.3). Any number of
    /// voters may change this way, because every decision needs a majority of both halves.
    /// </summary>
    public bool TryEnterJoint(
        bool autoLeave,
        IReadOnlyList<ConfChangeSingle> changes,
        out TrackerConfig config,
        out ProgressMap progress,
        out string error)
    {
        var draft = new ConfigDraft(tracker);
        if (draft.IsJoint)
        {
            return Refuse("config is already joint", out config, out progress, out error);
        }

        // An empty configuration may be filled by simple changes (bootstrap), but a joint configuration
        // with an empty outgoing half would not be joint at all.
        if (draft.Incoming.Count == 0)
        {
            return Refuse("can't make a zero-voter config joint", out config, out progress, out error);
        }

        foreach (var id in draft.Incoming.Items)
        {
            draft.Outgoing.Add(id);
        }

        if (!TryApplyChanges(draft, changes, out error))
        {
            return Refuse(error, out config, out progress, out error);
        }

        draft.AutoLeave = autoLeave;
        return Accept(draft, out config, out progress, out error);
    }

    /// <summary>
    /// Leaves a joint configuration: the incoming half alone decides from now on (C(new)), staged learners
    /// become learners, and outgoing voters that are no longer members lose their progress.
    /// </summary>
    public bool TryLeaveJoint(out TrackerConfig config, out ProgressMap progress, out string error)
    {
        var draft = new ConfigDraft(tracker);
        if (!draft.IsJoint)
        {
            return Refuse("can't leave a non-joint config", out config, out progress, out error);
        }

        foreach (var id in draft.LearnersNext.Items)
        {
            draft.Learners.Add(id);
            draft.Progress[id].IsLearner = true;
        }

        draft.LearnersNext.Clear();
        foreach (var id in draft.Outgoing.Items)
        {
            if (!draft.Incoming.Contains(id) && !draft.Learners.Contains(id))
            {
                draft.Progress.Remove(id);
            }
        }

        draft.Outgoing.Clear();
        draft.AutoLeave = false;
        return Accept(draft, out config, out progress, out error);
    }

    /// <summary>
    /// Applies changes directly, without a joint configuration. That is only safe when at most one voter
    /// is added or removed in total (any two majorities of the old and new voters then overlap), so a
    /// batch that changes more voters is refused. Learner changes are unrestricted.
    /// </summary>
    public bool TrySimple(
        IReadOnlyList<ConfChangeSingle> changes,
        out TrackerConfig config,
        out ProgressMap progress,
        out string error)
    {
        var draft = new ConfigDraft(tracker);
        if (draft.IsJoint)
        {
            return Refuse("can't apply simple config change in joint config", out config, out progress, out error);
        }

        if (!TryApplyChanges(draft, changes, out error))
        {
            return Refuse(error, out config, out progress, out error);
        }

        if (draft.Incoming.SymmetricDifference(tracker.Config.Voters.Incoming.Ids) > 1)
        {
            return Refuse("more than one voter changed without entering joint config", out config, out progress, out error);
        }

        return Accept(draft, out config, out progress, out error);
    }

    private static bool Accept(ConfigDraft draft, out TrackerConfig config, out ProgressMap progress, out string error)
    {
        config = draft.ToConfig();
        progress = draft.Progress;
        error = "";
        return true;
    }

    private static bool Refuse(string reason, out TrackerConfig config, out ProgressMap progress, out string error)
    {
        config = TrackerConfig.Empty;
        progress = new ProgressMap();
        error = reason;
        return false;
    }
}
