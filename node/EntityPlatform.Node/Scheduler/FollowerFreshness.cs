namespace EntityPlatform.Node.Scheduler;

/// <summary>
/// How fresh a replica's applied state is known to be, for bounded-staleness reads: "fresh as of" the moment
/// this replica SENT a read-index request whose answer it has applied. The leader confirmed its leadership
/// after receiving that request, so the index covers everything committed before it was sent, whatever the
/// delays on the way. (The moment a leader's heartbeat ARRIVES is no such anchor: a message that waited in a
/// socket buffer, say while the receiver was stopped, reports a commit index that may be long out of date.)
/// Timestamps come from the scheduler's monotonic <see cref="TickClock"/>. Bounded: at most
/// <see cref="MaxOutstanding"/> requests are remembered. Loop thread only.
/// </summary>
internal sealed class FollowerFreshness
{
    /// <summary>Read-index requests remembered while they wait for an answer; older ones are forgotten.</summary>
    public const int MaxOutstanding = 1024;

    private readonly Dictionary<ulong, long> requestedAt = [];
    private readonly Queue<ulong> requestOrder = new();
    private long pendingTimestamp;
    private ulong pendingIndex;
    private bool hasPending;
    private long freshTimestamp;
    private bool hasFresh;

    /// <summary>A read-index request with <paramref name="context"/> is about to be sent at <paramref name="timestamp"/>.</summary>
    public void OnRequested(ulong context, long timestamp)
    {
        while (requestOrder.Count >= MaxOutstanding)
        {
            requestedAt.Remove(requestOrder.Dequeue());
        }

        requestedAt[context] = timestamp;
        requestOrder.Enqueue(context);
    }

    /// <summary>The answer to <paramref name="context"/> arrived: state at <paramref name="index"/> is as fresh as the request.</summary>
    public void OnAnswered(ulong context, ulong index, ulong applied)
    {
        if (!requestedAt.Remove(context, out var timestamp))
        {
            return;
        }

        Settle(applied);
        if (!hasPending || timestamp > pendingTimestamp)
        {
            pendingTimestamp = timestamp;
            pendingIndex = index;
            hasPending = true;
        }

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
        if (hasPending && applied >= pendingIndex)
        {
            if (!hasFresh || pendingTimestamp > freshTimestamp)
            {
                freshTimestamp = pendingTimestamp;
                hasFresh = true;
            }

            hasPending = false;
        }
    }
}
