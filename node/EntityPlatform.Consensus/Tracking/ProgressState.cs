namespace EntityPlatform.Consensus.Tracking;

/// <summary>How the leader replicates to one follower.</summary>
public enum ProgressState
{
    /// <summary>
    /// The leader does not know where the follower's log ends. It sends at most one append per heartbeat
    /// interval and walks back on rejections until it finds the match point.
    /// </summary>
    Probe,

    /// <summary>
    /// The follower is known to be in sync, so the leader streams appends optimistically, bounded by the
    /// inflight window.
    /// </summary>
    Replicate,

    /// <summary>The follower needs a snapshot; appends stop until the snapshot lands or fails.</summary>
    Snapshot,
}
