namespace EntityPlatform.Node.Scheduler;

public sealed partial class MultiRaftScheduler
{
    private bool rejoinReported;

    /// <summary>
    /// Upkeep of a node started rejoining: once no replica is rejoining any more, tell the host (once), so that a
    /// later restart opens its replicas normally. Until then a restart rejoins again, which is only slower.
    /// </summary>
    private void MaybeReportRejoinFinished()
    {
        // With no replica yet (a node whose replicas arrive by message), there is nothing to have caught up.
        if (rejoinReported || !(options.Rejoin || options.RejoinStoredReplicas) || options.RejoinFinished is null || replicas.Count == 0)
        {
            return;
        }

        foreach (var replica in replicas.Values)
        {
            if (replica.Raft.IsRejoining)
            {
                return;
            }
        }

        rejoinReported = true;
        options.RejoinFinished();
    }
}
