namespace EntityPlatform.Node.Scheduler;

/// <summary>
/// The node-level failure detector (issue 12, item 9): when this node last heard anything (a Raft batch or
/// an empty liveness probe) from each peer node, and which peers are therefore suspect. It exists because a
/// quiesced group sends no heartbeats, so Raft traffic alone cannot tell a dead or cut-off leader from an
/// idle one. Time is the scheduler's tick count (TickClock, a monotonic injected clock), never wall time.
/// Pure and single-threaded: only the scheduler loop touches it.
/// <para>
/// A peer is suspect once <see cref="SuspectAfterTicks"/> ticks passed with nothing heard from it. A peer
/// first tracked, and every peer after this node itself stalled (its loop did not observe the clock for
/// <see cref="StallGraceTicks"/> or more, as after a GC pause or SIGSTOP), starts with a full window: the
/// silence was ours, not theirs, and the messages they sent meanwhile may still be in our socket buffers.
/// </para>
/// </summary>
internal sealed class PeerLiveness
{
    private readonly Dictionary<ulong, long> lastHeardTick = [];
    private long lastObservedTick;

    public PeerLiveness(int suspectAfterTicks, long startTick)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(suspectAfterTicks, 2);
        SuspectAfterTicks = suspectAfterTicks;
        StallGraceTicks = Math.Max(1, suspectAfterTicks / 2);
        lastObservedTick = startTick;
    }

    /// <summary>Ticks of silence after which a peer is suspect (the election timeout).</summary>
    public int SuspectAfterTicks { get; }

    /// <summary>A gap of this many ticks between two observations means this node stalled; every peer then gets a fresh window.</summary>
    public int StallGraceTicks { get; }

    /// <summary>Records that something arrived from <paramref name="peer"/>; ignored for a peer not watched.</summary>
    public void Heard(ulong peer, long nowTick)
    {
        if (lastHeardTick.TryGetValue(peer, out var heard) && nowTick > heard)
        {
            lastHeardTick[peer] = nowTick;
        }
    }

    /// <summary>
    /// Moves the detector's clock to <paramref name="nowTick"/> and watches exactly <paramref name="peers"/>:
    /// a peer not watched before gets a full window from now, one no longer listed is forgotten. Call once per
    /// tick, before asking <see cref="IsSuspect"/>.
    /// </summary>
    public void Observe(long nowTick, IReadOnlyCollection<ulong> peers)
    {
        Invariant.Assert(nowTick >= lastObservedTick, "the tick clock is monotonic");
        var stalled = nowTick - lastObservedTick >= StallGraceTicks;
        lastObservedTick = nowTick;
        if (stalled)
        {
            foreach (var peer in lastHeardTick.Keys)
            {
                lastHeardTick[peer] = nowTick;
            }
        }

        foreach (var peer in peers)
        {
            Invariant.Assert(peer != 0, "node ids start at 1");
            lastHeardTick.TryAdd(peer, nowTick);
        }

        if (lastHeardTick.Count > peers.Count)
        {
            foreach (var gone in lastHeardTick.Keys.Where(peer => !peers.Contains(peer)).ToArray())
            {
                lastHeardTick.Remove(gone);
            }
        }
    }

    /// <summary>Whether nothing was heard from <paramref name="peer"/> for the suspect window; false for a peer not watched.</summary>
    public bool IsSuspect(ulong peer) =>
        lastHeardTick.TryGetValue(peer, out var heard) && lastObservedTick - heard >= SuspectAfterTicks;

    /// <summary>The peers suspect now, in id order.</summary>
    public ulong[] Suspects() => lastHeardTick.Keys.Where(IsSuspect).Order().ToArray();
}
