using EntityPlatform.Consensus.Raft;
using EntityPlatform.Entities.Serialization;
using EntityPlatform.Node.Scheduler.Requests;

namespace EntityPlatform.Node.Scheduler;

public sealed partial class MultiRaftScheduler
{
    // Reads waiting per shard before new ones are refused.
    private const int MaxPendingReadsPerShard = 10_000;

    private void AcceptQuery(QueryRequest query)
    {
        if (!replicas.TryGetValue(catalog.GroupIdOf(query.Shard), out var replica))
        {
            query.Complete(RequestResult.Fail(RequestStatus.NotLeader, $"node {NodeId} holds no replica of shard {query.Shard}", LeaderHintFor(query.Shard)));
            return;
        }

        switch (query.Consistency)
        {
            case ReadConsistency.BoundedStaleness:
                ServeBoundedStaleness(replica, query);
                return;
            case ReadConsistency.Lease when !replica.IsLeader:
                query.Complete(RequestResult.Fail(RequestStatus.NotLeader, $"lease reads are served by the leader of shard {query.Shard}", replica.Raft.Leader));
                return;
        }

        AcceptIndexedRead(replica, query, query.Consistency == ReadConsistency.Lease ? ReadMode.Lease : ReadMode.Safe);
    }

    /// <summary>A read served at a read index: at once under a valid lease, else after a quorum round (ReadIndex).</summary>
    private void AcceptIndexedRead(ShardReplica replica, QueryRequest query, ReadMode mode)
    {
        if (replica.ReadsAwaitingIndex.Count + replica.ReadsAwaitingApply.Count >= MaxPendingReadsPerShard)
        {
            query.Complete(RequestResult.Fail(RequestStatus.Overloaded, $"shard {query.Shard} has {MaxPendingReadsPerShard} reads waiting; retry with backoff"));
            return;
        }

        active.Add(replica);
        if (mode == ReadMode.Lease)
        {
            // The lease is judged by the leader's tick count: bring it up to the monotonic clock first, so that
            // time that passed in a stall since the last tick (while this request waited, say) counts.
            CatchUpTicks();
        }

        var context = ++nextReadContext;
        replica.Raft.Wake();
        var requestedAt = tickClock.Now();
        if (!replica.Raft.ReadIndex(context, mode))
        {
            query.Complete(RequestResult.Fail(RequestStatus.NotLeader, $"shard {query.Shard} has no known leader on node {NodeId}; retry", replica.Raft.Leader));
            return;
        }

        replica.ReadsAwaitingIndex[context] = query;
        replica.Freshness.OnRequested(context, requestedAt);
    }

    /// <summary>
    /// Bounded staleness: answer from local state when it is provably at most MaxStaleness old, else fall back
    /// to a read-index read (fresher than any bound; it also wakes a quiesced group, whose replicas have no
    /// recent contact to go by). Neither linearizable nor monotonic: two reads may see states out of order.
    /// </summary>
    private void ServeBoundedStaleness(ShardReplica replica, QueryRequest query)
    {
        if (IsFreshWithin(replica, query.MaxStaleness))
        {
            RunQuery(replica, query);
            return;
        }

        AcceptIndexedRead(replica, query, ReadMode.Safe);
    }

    /// <summary>
    /// A leader is fresh when it has applied its commit index and holds its lease, or a quorum acknowledged a
    /// heartbeat it sent within the bound. A follower is fresh when, within the bound, it sent a read-index
    /// request whose answer it has applied (see <see cref="FollowerFreshness"/>), and it has applied the
    /// newest commit index its leader reported (so a follower known to lag is never fresh).
    /// </summary>
    private bool IsFreshWithin(ShardReplica replica, TimeSpan maxStaleness)
    {
        var applied = replica.Machine.AppliedIndex;
        if (replica.IsLeader)
        {
            CatchUpTicks();
            if (!replica.IsLeader || applied < replica.Raft.LeaderCommit)
            {
                return false;
            }

            // The contact's heartbeat left up to one tick after the tick it carries: count that tick too.
            return replica.Raft.LeaseValid ||
                (replica.Raft.TicksSinceQuorumContact is { } ticks && (ticks + 1) * options.TickInterval <= maxStaleness);
        }

        return replica.Raft.Leader != 0 &&
            applied >= replica.Raft.LeaderCommit &&
            replica.Freshness.TryGetFreshAsOf(applied, out var freshAsOf) &&
            tickClock.Since(freshAsOf) <= maxStaleness;
    }

    private void ServeAppliedReads(ShardReplica replica)
    {
        if (replica.ReadsAwaitingApply.Count == 0)
        {
            return;
        }

        var applied = replica.Machine.AppliedIndex;
        replica.ReadsAwaitingApply.RemoveAll(read =>
        {
            if (read.Index > applied)
            {
                return false;
            }

            RunQuery(replica, read.Request);
            return true;
        });
    }

    private void RunQuery(ShardReplica replica, QueryRequest query)
    {
        try
        {
            var runtime = types.Get(query.Shard.EntityType);
            var state = replica.Machine.StateOf(query.Shard.EntityType, query.EntityId);
            var result = runtime.Query(state, query.QueryName, query.Payload);
            query.Complete(new RequestResult(RequestStatus.Ok, QueryResult: result, AppliedIndex: replica.Machine.AppliedIndex));
        }
        catch (EntityPayloadException error)
        {
            query.Complete(RequestResult.Fail(RequestStatus.InvalidArgument, error.Message));
        }
        catch (Exception error) when (error is not InvariantViolationException)
        {
            query.Complete(RequestResult.Fail(RequestStatus.FailedPrecondition, $"query '{query.QueryName}' of {query.Shard.EntityType} failed: {error.Message}"));
        }
    }

    /// <summary>Requests past their deadline are answered DEADLINE_EXCEEDED (a dropped ReadIndex ends here too).</summary>
    private void ExpireDeadlines(DateTime now)
    {
        foreach (var replica in replicas.Values)
        {
            // Most replicas have no reads waiting; this runs every tick over every replica, so stay cheap.
            if (replica.ReadsAwaitingIndex.Count == 0 && replica.ReadsAwaitingApply.Count == 0)
            {
                continue;
            }

            foreach (var (context, query) in replica.ReadsAwaitingIndex.Where(pair => pair.Value.DeadlineUtc <= now).ToArray())
            {
                replica.ReadsAwaitingIndex.Remove(context);
                query.Complete(RequestResult.Fail(RequestStatus.DeadlineExceeded, $"read of shard {query.Shard} timed out waiting for its read index"));
            }

            replica.ReadsAwaitingApply.RemoveAll(read =>
            {
                if (read.Request.DeadlineUtc > now)
                {
                    return false;
                }

                read.Request.Complete(RequestResult.Fail(RequestStatus.DeadlineExceeded, $"read of shard {read.Request.Shard} timed out waiting to apply index {read.Index}"));
                return true;
            });
        }
    }

    private void FailAllWaiters(RequestResult result)
    {
        foreach (var replica in replicas.Values)
        {
            FailReplicaWaiters(replica, result);
        }

        while (inputs.TryDequeue(out var input))
        {
            (input as CommandRequest)?.Complete(result);
            (input as QueryRequest)?.Complete(result);
            // Admin work still answers (from the state as it is), so no caller waits forever.
            (input as LoopWork)?.Work();
        }
    }

    private static void FailReplicaWaiters(ShardReplica replica, RequestResult result)
    {
        foreach (var (_, (_, request)) in replica.Proposed)
        {
            request.Complete(result);
        }

        foreach (var request in replica.Mailboxes.Values.SelectMany(mailbox => mailbox))
        {
            request.Complete(result);
        }

        foreach (var query in replica.ReadsAwaitingIndex.Values.Concat(replica.ReadsAwaitingApply.Select(read => read.Request)))
        {
            query.Complete(result);
        }
    }
}
