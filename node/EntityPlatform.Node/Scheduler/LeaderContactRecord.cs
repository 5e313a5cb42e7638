namespace EntityPlatform.Node.Scheduler;

/// <summary>
/// A follower's evidence for bounded-staleness reads: when it last heard from its leader, and the commit index
/// the leader reported then. The follower was as fresh as that contact once it has applied that far, so its
/// state is "fresh as of" the newest contact whose commit index it has applied. A contact it has not caught up
/// with yet stays pending; a lagging follower is therefore never fresh, however often it hears heartbeats.
/// Timestamps come from the scheduler's monotonic <see cref="TickClock"/>. Loop thread only.
/// </summary>
internal sealed class LeaderContactRecord
{
    private long pendingTimestamp;
    private ulong pendingCommit;
    private bool hasPending;
    private long freshTimestamp;
    private bool hasFresh;

    /// <summary>The leader's message arrived at <paramref name="timestamp"/> reporting <paramref name="leaderCommit"/>.</summary>
    public void OnLeaderContact(long timestamp, ulong leaderCommit, ulong applied)
    {
        // Settle the previous contact first, so a caught-up contact is not lost behind a newer pending one.
        Settle(applied);
        pendingTimestamp = timestamp;
        pendingCommit = leaderCommit;
        hasPending = true;
        Settle(applied);
    }

    /// <summary>The timestamp this replica's applied state is known fresh as of; false when it has none.</summary>
    public bool TryGetFreshAsOf(ulong applied, out long timestamp)
    {
        Settle(applied);
        timestamp = freshTimestamp;
        return hasFresh;
    }

    private void Settle(ulong applied)
    {
        if (hasPending && applied >= pendingCommit)
        {
            freshTimestamp = pendingTimestamp;
            hasFresh = true;
            hasPending = false;
        }
    }
}
