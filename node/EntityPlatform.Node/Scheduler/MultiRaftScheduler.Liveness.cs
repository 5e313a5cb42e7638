namespace EntityPlatform.Node.Scheduler;

/// <summary>
/// Node-level failure detection (issue 12, item 9; docs/architecture.md, "Failure detection"). Quiesced
/// groups exchange no heartbeats, so a leader whose process is alive but not serving (its loop stopped, or
/// it is cut off while idle) would never be noticed. Instead, every HeartbeatTicks this loop sends each peer
/// node an empty liveness probe (one tiny frame per peer, not per group), and <see cref="PeerLiveness"/>
/// records when anything last arrived from each peer. The probe is sent from this loop, not from a timer, so
/// a node whose loop stalled or died stops probing and looks dead even though its sockets are open.
/// When a peer turns suspect, the quiesced followers it leads are woken, at most
/// <see cref="MaxWakesPerTick"/> per tick so thousands of groups do not campaign in one burst; their normal
/// election timeout and pre-vote then elect a new leader (a quiesced leader holds no lease, Raft.Quiesce.cs).
/// Per group only the first voter in line wakes at once; the others wake two election timeouts later if still
/// asleep, so the survivors do not split the vote.
/// </summary>
public sealed partial class MultiRaftScheduler
{
    private sealed record WakeShardInput(ShardId Shard);

    /// <summary>Quiesced followers woken per tick at most; the rest wait in <see cref="wakeQueue"/> (10 ms each at the default tick).</summary>
    internal const int MaxWakesPerTick = 128;

    private PeerLiveness? liveness;
    private ulong[] probeTargets = [];
    // Far enough in the past that the first tick probes and lists targets, near enough that "now - it" cannot overflow.
    private const long LongAgoTick = long.MinValue / 4;
    private long lastProbeTick = LongAgoTick;
    private long lastTargetsTick = LongAgoTick;
    private ulong[] suspectPeers = [];
    private readonly Queue<ulong> wakeQueue = new();
    private readonly HashSet<ulong> wakeQueued = [];

    // Followers not first in line to replace a suspect leader wake this many ticks later (two election
    // timeouts), and only if the group is still asleep: by then the first follower's campaign has normally
    // woken them with its pre-vote. Waking every follower at once would make them campaign together and split
    // the vote. Ordered by due tick, since every entry waits the same time.
    private readonly Queue<(long DueTick, ulong GroupId)> deferredWakes = new();
    private readonly HashSet<ulong> wakeDeferred = [];

    private PeerLiveness Liveness => liveness ??= new PeerLiveness(options.ElectionTicks, tickClock.TicksTaken);

    /// <summary>
    /// Peer nodes this node has heard nothing from (no Raft message, no probe) for the election timeout, in
    /// id order. Safe to read from any thread; readiness reports a shard led by one of them as unled.
    /// </summary>
    public IReadOnlyList<ulong> SuspectPeers => Volatile.Read(ref suspectPeers);

    /// <summary>
    /// A forward of a client request to <paramref name="shard"/>'s leader failed: wake the local replica if it
    /// is a quiesced follower, so that a dead leader is replaced instead of waited on. Safe from any thread.
    /// </summary>
    public void WakeShard(ShardId shard) => Post(new WakeShardInput(shard));

    /// <summary>Something arrived from <paramref name="peer"/> (a Raft batch, possibly empty: a probe).</summary>
    private void HeardFromPeer(ulong peer) => Liveness.Heard(peer, tickClock.TicksTaken);

    /// <summary>Once per tick: refresh whom to watch, probe, find newly suspect peers, wake a bounded number of followers.</summary>
    private void LivenessTick()
    {
        var now = tickClock.TicksTaken;
        if (now - lastTargetsTick >= UpkeepEveryTicks)
        {
            lastTargetsTick = now;
            probeTargets = PeersSharingAGroup();
        }

        Liveness.Observe(now, probeTargets);
        if (now - lastProbeTick >= options.HeartbeatTicks)
        {
            lastProbeTick = now;
            foreach (var peer in probeTargets)
            {
                transport.Probe(peer);
            }
        }

        var suspects = Liveness.Suspects();
        var upkeepDue = now == lastTargetsTick;
        foreach (var peer in suspects)
        {
            // A newly suspect peer is acted on at once; a still-suspect one is looked at again every upkeep,
            // for followers that were busy (not quiesced) when it turned suspect and quiesced since.
            var isNew = Array.BinarySearch(suspectPeers, peer) < 0;
            if (upkeepDue || isNew)
            {
                var queued = QueueWakesOfFollowersLedBy(peer);
                if (isNew)
                {
                    LogMessages.PeerSuspect(logger, peer, Liveness.SuspectAfterTicks, queued);
                }
            }
        }

        foreach (var peer in suspectPeers)
        {
            if (Array.BinarySearch(suspects, peer) < 0)
            {
                LogMessages.PeerRecovered(logger, peer);
            }
        }

        Volatile.Write(ref suspectPeers, suspects);
        while (deferredWakes.TryPeek(out var deferred) && deferred.DueTick <= now)
        {
            deferredWakes.Dequeue();
            wakeDeferred.Remove(deferred.GroupId);
            // Only while its leader is still suspect: a suspicion that cleared meanwhile was a false alarm.
            if (replicas.TryGetValue(deferred.GroupId, out var replica) && Liveness.IsSuspect(replica.Raft.Leader))
            {
                QueueWake(deferred.GroupId);
            }
        }

        WakeQueuedFollowers();
    }

    private ulong[] PeersSharingAGroup()
    {
        var peers = new HashSet<ulong>();
        foreach (var replica in replicas.Values)
        {
            foreach (var member in replica.ConfState.AllMembers)
            {
                if (member != NodeId)
                {
                    peers.Add(member);
                }
            }
        }

        return peers.Order().ToArray();
    }

    private int QueueWakesOfFollowersLedBy(ulong peer)
    {
        var queued = 0;
        foreach (var replica in replicas.Values)
        {
            if (replica.Raft.Leader != peer || !replica.Raft.IsQuiesced)
            {
                continue;
            }

            if (FirstInLineToReplace(replica, peer))
            {
                QueueWake(replica.GroupId);
            }
            else if (wakeDeferred.Add(replica.GroupId))
            {
                deferredWakes.Enqueue((tickClock.TicksTaken + (2L * options.ElectionTicks), replica.GroupId));
            }

            queued++;
        }

        return queued;
    }

    /// <summary>
    /// Whether this node is the voter that should campaign first when <paramref name="suspect"/>, the group's
    /// leader, is suspect: the lowest-id voter that is neither the leader nor suspect here. Every follower
    /// computes the same answer from the same configuration unless their suspicions differ, and then the
    /// deferred wake is the fallback.
    /// </summary>
    private bool FirstInLineToReplace(ShardReplica replica, ulong suspect)
    {
        var first = ulong.MaxValue;
        foreach (var voter in replica.ConfState.Voters)
        {
            if (voter != suspect && voter < first && (voter == NodeId || !Liveness.IsSuspect(voter)))
            {
                first = voter;
            }
        }

        return first == NodeId;
    }

    private void QueueWake(ulong groupId)
    {
        if (wakeQueued.Add(groupId))
        {
            wakeQueue.Enqueue(groupId);
        }
    }

    private void WakeQueuedFollowers()
    {
        for (var woken = 0; woken < MaxWakesPerTick && wakeQueue.TryDequeue(out var groupId);)
        {
            wakeQueued.Remove(groupId);
            // Still worth waking? It may have been woken by traffic, removed, or become the leader meanwhile.
            if (replicas.TryGetValue(groupId, out var replica) && replica.Raft.IsQuiesced && !replica.IsLeader)
            {
                replica.Raft.Wake();
                active.Add(replica);
                woken++;
            }
        }
    }

    private void OnWakeShard(ShardId shard)
    {
        if (catalog.Hosts(shard.EntityType))
        {
            QueueWake(catalog.GroupIdOf(shard));
        }
    }
}
