using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Tracking;

namespace EntityPlatform.Consensus.Membership;

/// <summary>The single-member steps that every kind of change is built from.</summary>
public sealed partial class ConfChanger
{
    private bool TryApplyChanges(ConfigDraft draft, IReadOnlyList<ConfChangeSingle> changes, out string error)
    {
        foreach (var change in changes)
        {
            if (change.NodeId == 0)
            {
                error = "conf change names node 0; node ids start at 1";
                return false;
            }

            switch (change.Type)
            {
                case ConfChangeType.AddNode:
                    MakeVoter(draft, change.NodeId);
                    break;
                case ConfChangeType.AddLearnerNode:
                    MakeLearner(draft, change.NodeId);
                    break;
                case ConfChangeType.RemoveNode:
                    Remove(draft, change.NodeId);
                    break;
                default:
                    error = $"conf change for node {change.NodeId} has unknown type {(byte)change.Type}; expected AddNode, RemoveNode or AddLearnerNode";
                    return false;
            }
        }

        if (draft.Incoming.Count == 0)
        {
            error = "removed all voters";
            return false;
        }

        error = "";
        return true;
    }

    /// <summary>Adds a voter to the incoming half, or promotes a learner (keeping its progress).</summary>
    private void MakeVoter(ConfigDraft draft, ulong id)
    {
        if (!draft.Progress.TryGetValue(id, out var progress))
        {
            AddMember(draft, id, isLearner: false);
            return;
        }

        progress.IsLearner = false;
        draft.Learners.Remove(id);
        draft.LearnersNext.Remove(id);
        draft.Incoming.Add(id);
    }

    /// <summary>
    /// Adds a learner or demotes a voter. A member that is still an outgoing voter cannot be a learner at
    /// the same time, so its demotion is staged in LearnersNext until the joint configuration is left.
    /// </summary>
    private void MakeLearner(ConfigDraft draft, ulong id)
    {
        if (!draft.Progress.TryGetValue(id, out var progress))
        {
            AddMember(draft, id, isLearner: true);
            return;
        }

        if (progress.IsLearner)
        {
            return;
        }

        // Leave the incoming half, but keep the progress: the member stays, only its role changes.
        draft.Incoming.Remove(id);
        draft.LearnersNext.Remove(id);
        if (draft.Outgoing.Contains(id))
        {
            draft.LearnersNext.Add(id);
        }
        else
        {
            progress.IsLearner = true;
            draft.Learners.Add(id);
        }
    }

    /// <summary>Removes a member from the incoming half; removing a non-member is a no-op.</summary>
    private static void Remove(ConfigDraft draft, ulong id)
    {
        if (!draft.Progress.Contains(id))
        {
            return;
        }

        draft.Incoming.Remove(id);
        draft.Learners.Remove(id);
        draft.LearnersNext.Remove(id);

        // An outgoing voter still votes until the joint configuration is left, so it keeps its progress.
        if (!draft.Outgoing.Contains(id))
        {
            draft.Progress.Remove(id);
        }
    }

    private void AddMember(ConfigDraft draft, ulong id, bool isLearner)
    {
        if (isLearner)
        {
            draft.Learners.Add(id);
        }
        else
        {
            draft.Incoming.Add(id);
        }

        // The new member is first probed at the leader's last index (a new member usually has an empty log
        // and will need a snapshot, which the probe's rejection reveals). It starts active so that
        // check-quorum does not depose the leader before the new member had a chance to answer.
        var progress = new Progress(next: Math.Max(lastIndex, 1), tracker.NewInflights(), isLearner)
        {
            RecentActive = true,
        };
        draft.Progress.Add(id, progress);
    }
}
