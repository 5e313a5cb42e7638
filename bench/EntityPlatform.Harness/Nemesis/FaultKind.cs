namespace EntityPlatform.Harness.Nemesis;

public enum FaultKind
{
    /// <summary>SIGKILL the leader of the group holding key k0, restart it after the hold.</summary>
    KillLeader,

    /// <summary>SIGKILL a random member, restart it after the hold.</summary>
    KillRandom,

    /// <summary>
    /// SIGSTOP the leader for the hold, then SIGCONT. With lease probes, lease reads go straight to it just before
    /// and right after SIGCONT, while it may still believe it holds its lease.
    /// </summary>
    PauseLeader,

    /// <summary>SIGKILL the leader, wipe its data directory, restart it (platform: --rejoin; etcd: member remove + add).</summary>
    WipeRestartLeader,

    /// <summary>
    /// Hold the load back until the cluster is idle long enough to quiesce (every group's heartbeats and
    /// election clocks stopped), then SIGKILL k0's leader and resume the load; restart it after the hold. The
    /// followers must notice a dead leader without the heartbeats they no longer expect.
    /// </summary>
    KillQuiescedLeader,

    /// <summary>--netns only: cut every link of k0's leader (clients and peers) for the hold: the leader is the minority.</summary>
    IsolateLeader,

    /// <summary>
    /// --netns only: cut every link of one random member that does not lead k0's group. With 3 members this is
    /// the 1 | 2 minority/majority split with the majority keeping k0's leader (the other split, leader in the
    /// minority, is <see cref="IsolateLeader"/>).
    /// </summary>
    IsolateMinority,

    /// <summary>--netns only: drop every packet arriving at k0's leader (iptables INPUT) for the hold.</summary>
    DropLeaderInbound,

    /// <summary>--netns only: drop every packet k0's leader sends (iptables OUTPUT) for the hold.</summary>
    DropLeaderOutbound,

    /// <summary>
    /// SIGTERM the leader: a graceful stop, as a rolling update or a drained pod gets. Our node transfers its
    /// leaderships (MsgTimeoutNow) before it exits; etcd's server transfers its leadership on a graceful stop
    /// too. Restart it after the hold. The downtime measured is what a planned restart costs clients.
    /// </summary>
    DrainLeader,
}
