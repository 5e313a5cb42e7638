using EntityPlatform.Consensus.Membership;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Tracking;

namespace EntityPlatform.Consensus.Raft;

internal sealed partial class Raft
{
    /// <summary>Follower: a snapshot from the leader replaces our log when it is ahead of it.</summary>
    private void HandleSnapshot(Message message)
    {
        var snapshot = message.Snapshot!;
        if (Restore(snapshot))
        {
            Send(new Message { Type = MessageType.AppResp, To = message.From, Index = Log.LastIndex });
        }
        else
        {
            Send(new Message { Type = MessageType.AppResp, To = message.From, Index = Log.Committed });
        }
    }

    /// <summary>
    /// Installs a snapshot. Returns false when it brings nothing new: it is not past our commit index, or
    /// our log already holds its last entry (then we only fast-forward the commit index).
    /// </summary>
    private bool Restore(Snapshot snapshot)
    {
        var metadata = snapshot.Metadata;
        if (metadata.Index <= Log.Committed)
        {
            return false;
        }

        // Snapshots reach here only from StepFollower, or from StepCandidate after it became a follower;
        // StepLeader never handles them.
        Invariant.Assert(Role == StateRole.Follower, "only a follower installs a snapshot");

        var confState = metadata.ConfState;
        var isMember = confState.Voters.Contains(Id) || confState.Learners.Contains(Id) ||
            confState.VotersOutgoing.Contains(Id) || confState.LearnersNext.Contains(Id);
        if (!isMember)
        {
            // A snapshot from a configuration that does not include us: applying it would leave this
            // replica unable to tell which group it belongs to.
            return false;
        }

        if (Log.MatchTerm(metadata.Index, metadata.Term))
        {
            Log.CommitTo(metadata.Index);
            return false;
        }

        Log.Restore(snapshot);
        // Membership comes from the snapshot alone: start from an empty tracker, as on a restart.
        Tracker = new ProgressTracker(config.MaxInflightMessages, config.MaxInflightBytes);
        var (trackerConfig, progress) = ConfStateRestorer.Restore(confState, Tracker, Log.LastIndex);
        SwitchToConfig(trackerConfig, progress);
        return true;
    }
}
