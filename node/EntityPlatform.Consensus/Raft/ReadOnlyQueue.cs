namespace EntityPlatform.Consensus.Raft;

/// <summary>
/// A leader's ReadIndex requests waiting for a heartbeat round to prove it still leads. Requests join the
/// open round; sealing the round sends its heartbeats. A quorum acknowledging round r (or any later round,
/// whose heartbeats left later) answers every request of rounds ≤ r. Bounded by the configured maximum.
/// </summary>
internal sealed class ReadOnlyQueue(int maxPending)
{
    private readonly List<PendingRead> pending = [];
    private readonly SortedDictionary<ulong, HashSet<ulong>> acksByRound = [];
    private ulong openRound = 1;

    /// <summary>A request: who asked (this replica or a follower), its context, and the commit index then.</summary>
    public readonly record struct PendingRead(ulong From, ulong Context, ulong Index, ulong Round);

    public int Count => pending.Count;

    public bool HasOpenRequests => pending.Count > 0 && pending[^1].Round == openRound;

    /// <summary>The newest sealed round that still has requests waiting; 0 when none.</summary>
    public ulong LatestSealedRound => pending.Count > 0 && pending[0].Round < openRound ? openRound - 1 : 0;

    public bool TryAdd(ulong from, ulong context, ulong index)
    {
        if (pending.Count >= maxPending)
        {
            return false;
        }

        pending.Add(new PendingRead(from, context, index, openRound));
        return true;
    }

    /// <summary>Closes the open round; its heartbeats carry the returned round number.</summary>
    public ulong SealRound()
    {
        var round = openRound;
        acksByRound[round] = [];
        openRound++;
        return round;
    }

    /// <summary>Records that <paramref name="from"/> acknowledged <paramref name="round"/> (and so every earlier one).</summary>
    public void Ack(ulong round, ulong from)
    {
        foreach (var (known, acks) in acksByRound)
        {
            if (known > round)
            {
                break;
            }

            acks.Add(from);
        }
    }

    /// <summary>The newest round whose acknowledgements satisfy <paramref name="isQuorum"/>; 0 if none.</summary>
    public ulong NewestConfirmedRound(Func<HashSet<ulong>, bool> isQuorum)
    {
        ulong confirmed = 0;
        foreach (var (round, acks) in acksByRound)
        {
            if (isQuorum(acks))
            {
                confirmed = round;
            }
        }

        return confirmed;
    }

    /// <summary>Removes and returns every request of rounds up to and including <paramref name="round"/>.</summary>
    public List<PendingRead> ReleaseThrough(ulong round)
    {
        var released = new List<PendingRead>();
        var kept = 0;
        for (var i = 0; i < pending.Count; i++)
        {
            if (pending[i].Round <= round)
            {
                released.Add(pending[i]);
            }
            else
            {
                pending[kept++] = pending[i];
            }
        }

        pending.RemoveRange(kept, pending.Count - kept);
        while (acksByRound.Count > 0 && acksByRound.First().Key <= round)
        {
            acksByRound.Remove(acksByRound.First().Key);
        }

        return released;
    }

    public void Clear()
    {
        pending.Clear();
        acksByRound.Clear();
    }
}
