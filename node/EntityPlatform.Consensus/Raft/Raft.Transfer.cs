using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Consensus.Raft;

internal sealed partial class Raft
{
    // The replica leadership is being handed to; None when no transfer is under way.
    private ulong leadTransferee;

    public ulong LeadTransferee => leadTransferee;

    /// <summary>Leader: hand leadership to <paramref name="target"/> (a local request or one forwarded by a follower).</summary>
    private void StartLeaderTransfer(ulong target)
    {
        if (!Tracker.Progress.TryGetValue(target, out var progress) || progress.IsLearner)
        {
            // Learners cannot lead, and non-members are not candidates at all.
            return;
        }

        if (target == Id || target == leadTransferee)
        {
            return;
        }

        if (leadTransferee != None)
        {
            AbortLeaderTransfer();
        }

        leadTransferee = target;
        // The transfer must finish within one election timeout, counted from now.
        electionElapsed = 0;
        if (progress.Match == Log.LastIndex)
        {
            SendTimeoutNow(target);
        }
        else
        {
            // A lagging target first catches up; the append response that shows it is current triggers TimeoutNow.
            SendAppend(target);
        }
    }

    private void SendTimeoutNow(ulong target)
    {
        leaseRevoked = true;
        Send(new Message { Type = MessageType.TimeoutNow, To = target });
    }

    private void AbortLeaderTransfer() => leadTransferee = None;

    /// <summary>Public entry: on a follower the request goes to the leader.</summary>
    public void RequestLeaderTransfer(ulong target)
    {
        if (Role == StateRole.Leader)
        {
            StartLeaderTransfer(target);
        }
        else if (Leader != None)
        {
            Send(new Message { Type = MessageType.TransferLeader, To = Leader, Context = target });
        }
    }
}
