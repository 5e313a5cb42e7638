namespace EntityPlatform.Node.Scheduler;

public sealed partial class MultiRaftScheduler
{
    // While a drain holds, this node hands back any leadership it gains and does not take leadership back
    // through the preferred-leader rule. Touched only on the loop.
    private DrainHold? drainHold;

    private DrainHold Drain => drainHold ??= new DrainHold(options.Clock);

    /// <summary>Role and leader changes of this node's replicas, for topology watches (issue 19).</summary>
    public LeadershipChanges Leadership { get; } = new();

    /// <summary>
    /// Moves every leadership held here to another caught-up voter (before shutdown or an upgrade), and keeps
    /// refusing leadership for <paramref name="hold"/> (the default hold if null). Returns how many shards this
    /// node still leads; call again until 0 or the caller's deadline.
    /// </summary>
    public Task<int> DrainLeadershipAsync(TimeSpan? hold = null) => RunOnLoop(() =>
    {
        Drain.Begin(hold ?? DrainHold.DefaultHold);
        var leading = 0;
        foreach (var replica in replicas.Values.Where(replica => replica.IsLeader))
        {
            leading++;
            var others = replica.ConfState.Voters.Where(node => node != NodeId).ToArray();
            TransferToCaughtUpVoter(replica, others);
        }

        return leading;
    });

    /// <summary>
    /// Undoes a drain: the node may lead again. Its preferred leaderships come back through the leaders'
    /// preferred-leader rule, which each leader checks at most once per cooldown.
    /// </summary>
    public Task EndDrainAsync() => RunOnLoop(() =>
    {
        Drain.End();
        return true;
    });

    /// <summary>How much longer the current drain holds (zero when the node is not draining).</summary>
    public Task<TimeSpan> DrainRemainingAsync() => RunOnLoop(() => Drain.Remaining);
}
