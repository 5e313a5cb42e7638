using EntityPlatform.Consensus.Messages;
using EntityPlatform.Entities.Runtime;
using EntityPlatform.Node.Scheduler.Requests;
using EntityPlatform.Node.Shards;

namespace EntityPlatform.Node.Scheduler;

public sealed partial class MultiRaftScheduler
{
    /// <summary>
    /// A command reaches its shard's mailbox for its entity, if this node leads the shard. Commands for one
    /// entity run one at a time; different entities pipeline.
    /// </summary>
    private void AcceptCommand(CommandRequest command)
    {
        if (!replicas.TryGetValue(catalog.GroupIdOf(command.Shard), out var replica))
        {
            command.Complete(RequestResult.Fail(RequestStatus.NotLeader, $"node {NodeId} holds no replica of shard {command.Shard}", LeaderHintFor(command.Shard)));
            return;
        }

        if (!replica.IsLeader)
        {
            command.Complete(RequestResult.Fail(RequestStatus.NotLeader, $"node {NodeId} is not the leader of shard {command.Shard}", replica.Raft.Leader));
            return;
        }

        if (replica.QueuedCommands >= options.MaxQueuedCommandsPerShard)
        {
            command.Complete(RequestResult.Fail(RequestStatus.Overloaded, $"shard {command.Shard} has {replica.QueuedCommands} commands waiting; retry with backoff"));
            return;
        }

        if (!replica.Mailboxes.TryGetValue(command.EntityId, out var mailbox))
        {
            replica.Mailboxes[command.EntityId] = mailbox = new Queue<CommandRequest>();
        }

        mailbox.Enqueue(command);
        replica.QueuedCommands++;
        replica.Raft.Wake();
        active.Add(replica);
    }

    /// <summary>Decides the next command of every entity that has none in flight, on shards ready to decide.</summary>
    private void DecideQueuedCommands()
    {
        foreach (var replica in replicas.Values)
        {
            if (replica.Mailboxes.Count == 0 || !replica.ReadyToDecide)
            {
                continue;
            }

            foreach (var (entityId, mailbox) in replica.Mailboxes.ToArray())
            {
                while (!replica.InFlight.Contains(entityId) && mailbox.TryDequeue(out var command))
                {
                    replica.QueuedCommands--;
                    Decide(replica, command);
                }

                if (mailbox.Count == 0 && !replica.InFlight.Contains(entityId))
                {
                    replica.Mailboxes.Remove(entityId);
                }
            }
        }
    }

    private void Decide(ShardReplica replica, CommandRequest command)
    {
        if (options.TestLoopFaultEntityId is { } faultEntity && command.EntityId == faultEntity)
        {
            throw new InvalidOperationException($"injected loop fault (EP_TEST_LOOP_FAULT_ON_ENTITY={faultEntity})");
        }

        var verdict = replica.Machine.Dedup.Check(command.Session, command.RequestId, out var recorded);
        if (verdict == DedupVerdict.Duplicate)
        {
            command.Complete(new RequestResult(recorded!.Accepted ? RequestStatus.Ok : RequestStatus.Rejected, recorded.Rejection, Reply: recorded, Deduplicated: true));
            return;
        }

        if (verdict == DedupVerdict.Expired)
        {
            command.Complete(SessionExpired(command.Session, replica.Shard));
            return;
        }

        if (verdict == DedupVerdict.Stale)
        {
            command.Complete(RequestResult.Fail(RequestStatus.FailedPrecondition,
                $"request {command.RequestId} of session {command.Session} is older than the session's latest request; its reply is no longer kept"));
            return;
        }

        var runtime = types.Get(command.Shard.EntityType);
        var outcome = runtime.Decide(replica.Machine.StateOf(command.Shard.EntityType, command.EntityId), command.Payload);
        if (outcome.Error is { } error)
        {
            command.Complete(RequestResult.Fail(
                error.Kind == CommandErrorKind.InvalidPayload ? RequestStatus.InvalidArgument : RequestStatus.FailedPrecondition, error.Message));
            return;
        }

        var entry = new ShardEntry(
            outcome.IsAccepted ? ShardEntryKind.Accepted : ShardEntryKind.Rejected,
            command.Shard.EntityType, command.EntityId, command.Session, command.RequestId, outcome.Events, outcome.Rejection);
        if (EncodeWithinLimits(command, entry) is not { } data)
        {
            return;
        }

        var proposed = replica.Raft.Propose(data);
        if (!proposed.IsAppended)
        {
            command.Complete(RequestResult.Fail(
                proposed.Status == Consensus.Raft.ProposeStatus.Overloaded ? RequestStatus.Overloaded : RequestStatus.NotLeader,
                $"shard {command.Shard} refused the proposal: {proposed}", replica.Raft.Leader));
            return;
        }

        active.Add(replica);
        if (options.UnsafeAckBeforePersist && outcome.IsAccepted)
        {
            // TEST ONLY: acknowledge before the entry is persisted or replicated, so a crash can lose it.
            command.Complete(new RequestResult(RequestStatus.Ok, Reply: new CommandReply(true, outcome.Events, null, proposed.Index)));
            return;
        }

        replica.Proposed[proposed.Index] = (proposed.Term, command);
        replica.InFlight.Add(command.EntityId);
    }

    /// <summary>
    /// The entry's bytes, or null after refusing the command: an entry the log cannot store must never be
    /// proposed, or persisting it would fail for every shard of the node (the "poison command"). Events can
    /// be larger than the payload that produced them, so the payload limit alone cannot guarantee this.
    /// </summary>
    private byte[]? EncodeWithinLimits(CommandRequest command, ShardEntry entry)
    {
        byte[] data;
        try
        {
            data = ShardEntryCodec.Encode(entry);
        }
        catch (ArgumentException error)
        {
            command.Complete(RequestResult.Fail(RequestStatus.InvalidArgument, $"command on {command.Shard.EntityType}/{command.EntityId} cannot be logged: {error.Message}"));
            return null;
        }

        var limit = engine.Options.MaxEntryBytes;
        if (data.Length > limit)
        {
            command.Complete(RequestResult.Fail(RequestStatus.InvalidArgument,
                $"command on {command.Shard.EntityType}/{command.EntityId} produced a log entry of {data.Length} bytes (its events plus framing); " +
                $"the entry limit is {limit} bytes: send smaller commands or make the entity's events smaller"));
            return null;
        }

        return data;
    }

    /// <summary>An applied entry answers the client that proposed it, if the entry is the one it proposed.</summary>
    private void CompleteProposal(ShardReplica replica, Entry entry, ApplyResult result)
    {
        if (!replica.Proposed.Remove(entry.Index, out var proposal))
        {
            return;
        }

        replica.InFlight.Remove(proposal.Request.EntityId);
        if (proposal.Term != entry.Term)
        {
            // Another leader's entry took this index: ours was lost. A retry with the same id is safe.
            proposal.Request.Complete(RequestResult.Fail(RequestStatus.Retry, $"leadership of shard {replica.Shard} changed before the command committed; retry", replica.Raft.Leader));
            return;
        }

        if (result.SessionExpired)
        {
            proposal.Request.Complete(SessionExpired(proposal.Request.Session, replica.Shard));
            return;
        }

        var reply = result.Reply;
        proposal.Request.Complete(new RequestResult(reply.Accepted ? RequestStatus.Ok : RequestStatus.Rejected, reply.Rejection, Reply: reply, Deduplicated: result.WasDuplicate));
    }

    private static RequestResult SessionExpired(Guid session, ShardId shard) => RequestResult.Fail(RequestStatus.SessionExpired,
        $"client_session_id {session} has expired on shard {shard} (its dedup table is full and this session is among the oldest); " +
        "the command was not applied now: continue with a new session (a new UUIDv7)");

    /// <summary>A snapshot replaced the log up to <paramref name="index"/>: proposals there cannot be told apart.</summary>
    private void FailProposalsAtOrBelow(ShardReplica replica, ulong index)
    {
        foreach (var (proposedIndex, (_, request)) in replica.Proposed.Where(pair => pair.Key <= index).ToArray())
        {
            replica.Proposed.Remove(proposedIndex);
            replica.InFlight.Remove(request.EntityId);
            request.Complete(RequestResult.Fail(RequestStatus.Retry, $"shard {replica.Shard} installed a snapshot; retry", replica.Raft.Leader));
        }
    }

    /// <summary>
    /// Leadership moved away: queued commands and proposals may never be answered here. Tell their clients
    /// to retry at the new leader; the dedup table makes that safe even if a proposal did commit.
    /// </summary>
    private void LoseLeadership(ShardReplica replica, ulong newLeader)
    {
        foreach (var (_, (_, request)) in replica.Proposed)
        {
            request.Complete(RequestResult.Fail(RequestStatus.Retry, $"leadership of shard {replica.Shard} moved; retry", newLeader));
        }

        foreach (var mailbox in replica.Mailboxes.Values)
        {
            foreach (var request in mailbox)
            {
                request.Complete(RequestResult.Fail(RequestStatus.NotLeader, $"node {NodeId} no longer leads shard {replica.Shard}", newLeader));
            }
        }

        replica.Proposed.Clear();
        replica.Mailboxes.Clear();
        replica.InFlight.Clear();
        replica.QueuedCommands = 0;
        foreach (var query in replica.ReadsAwaitingIndex.Values.Where(query => query.Consistency == ReadConsistency.Lease))
        {
            query.Complete(RequestResult.Fail(RequestStatus.NotLeader, $"node {NodeId} no longer leads shard {replica.Shard}", newLeader));
        }
    }

    private ulong LeaderHintFor(ShardId shard) =>
        replicas.TryGetValue(catalog.GroupIdOf(shard), out var replica) ? replica.Raft.Leader : targetPlacement.ReplicasOf(shard).FirstOrDefault();
}
