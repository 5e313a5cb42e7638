using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Tracking;

namespace EntityPlatform.Consensus.Membership;

/// <summary>Turns one committed <see cref="ConfChange"/> into the configuration it leads to.</summary>
public static class ConfChangeApplier
{
    /// <summary>
    /// Dispatches on the kind of change: an empty change leaves the joint configuration; a change that
    /// needs joint consensus enters it; anything else is applied as a simple change. The tracker is not
    /// modified; pass the results to <see cref="ProgressTracker.Apply"/>.
    /// </summary>
    public static bool TryApply(
        ProgressTracker tracker,
        ConfChange change,
        ulong lastIndex,
        out TrackerConfig config,
        out ProgressMap progress,
        out string error)
    {
        var changer = new ConfChanger(tracker, lastIndex);
        if (change.IsLeaveJoint)
        {
            return changer.TryLeaveJoint(out config, out progress, out error);
        }

        var (usesJoint, autoLeave) = change.EnterJoint();
        return usesJoint
            ? changer.TryEnterJoint(autoLeave, change.Changes, out config, out progress, out error)
            : changer.TrySimple(change.Changes, out config, out progress, out error);
    }
}
