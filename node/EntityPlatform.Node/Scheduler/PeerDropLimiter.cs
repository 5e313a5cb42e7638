namespace EntityPlatform.Node.Scheduler;

/// <summary>
/// Counts peer messages the loop drops (malformed or impossible) and rations the warnings about them: at
/// most one log line per peer per <see cref="Interval"/>, carrying how many drops it stood for. A broken or
/// hostile peer sending thousands of bad messages a second then costs a counter increment each, not a log
/// line each. Time comes from the injected clock's monotonic timestamp. Bounded: at most
/// <see cref="MaxPeersTracked"/> peers are remembered (the table starts over when full, which can only
/// make one extra line per peer). Thread-safe (the transport's inbound processors share one per stream).
/// </summary>
internal sealed class PeerDropLimiter(TimeProvider clock, TimeSpan interval)
{
    public const int MaxPeersTracked = 1024;

    private readonly Dictionary<ulong, (long LoggedAt, long Suppressed)> peers = [];
    private readonly Lock gate = new();
    private long dropped;

    public TimeSpan Interval { get; } = interval;

    /// <summary>How many peers the table remembers now (at most <see cref="MaxPeersTracked"/>).</summary>
    public int TrackedPeers
    {
        get
        {
            lock (gate)
            {
                return peers.Count;
            }
        }
    }

    /// <summary>Every drop so far (the counter metric).</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>
    /// Records one drop from <paramref name="peer"/>. True when a line should be logged now; then
    /// <paramref name="suppressed"/> is how many drops from that peer went unlogged since its last line.
    /// </summary>
    public bool Drop(ulong peer, out long suppressed)
    {
        Interlocked.Increment(ref dropped);
        var now = clock.GetTimestamp();
        lock (gate)
        {
            return DropLocked(peer, now, out suppressed);
        }
    }

    private bool DropLocked(ulong peer, long now, out long suppressed)
    {
        if (peers.TryGetValue(peer, out var state) && clock.GetElapsedTime(state.LoggedAt, now) < Interval)
        {
            peers[peer] = state with { Suppressed = state.Suppressed + 1 };
            suppressed = 0;
            return false;
        }

        if (peers.Count >= MaxPeersTracked && !peers.ContainsKey(peer))
        {
            peers.Clear();
        }

        suppressed = state.Suppressed;
        peers[peer] = (now, 0);
        return true;
    }
}
