using EntityPlatform.Consensus.Messages;
using EntityPlatform.Node.Shards;

namespace EntityPlatform.Node.Scheduler;

/// <summary>
/// The loop's side of the inbound boundary. The transport already checked each message's wire shape;
/// here the loop checks what only it can know (the replica's log and applied state) and drops a message
/// that is impossible for this replica, with a rationed warning, instead of letting the Raft core trip an
/// invariant on it. A received snapshot is restored once into a scratch state machine before Raft sees
/// it, so a snapshot that does not parse is refused before anything of it is persisted or installed.
/// </summary>
public sealed partial class MultiRaftScheduler
{
    /// <summary>At most one warning per peer per this interval about dropped messages (the rest are counted).</summary>
    public static readonly TimeSpan DropWarningInterval = TimeSpan.FromSeconds(10);

    private PeerDropLimiter? dropLimiter;

    /// <summary>Peer messages dropped by the loop as malformed or impossible, since start (a counter metric).</summary>
    public long DroppedPeerMessages => Volatile.Read(ref dropLimiter)?.Dropped ?? 0;

    private void StepPeerMessage(ulong from, Message message)
    {
        if (faultedReplicas.ContainsKey(message.GroupId))
        {
            // A faulted replica is silent, like a crashed member: it neither steps nor answers.
            return;
        }

        if (message.To != NodeId)
        {
            DropPeerMessage(from, $"{message.Type} for group {message.GroupId} is addressed to node {message.To}, but this is node {NodeId}");
            return;
        }

        if (!replicas.TryGetValue(message.GroupId, out var replica))
        {
            replica = MaybeCreateReplicaFor(message);
            if (replica is null)
            {
                DropPeerMessage(from, $"{message.Type} for group {message.GroupId}, which this node neither hosts nor is placed to host");
                return;
            }
        }

        if (ImpossibleFor(replica, message) is { } impossible)
        {
            DropPeerMessage(from, $"{message.Type} for shard {replica.Shard}: {impossible}");
            return;
        }

        active.Add(replica);
        try
        {
            replica.Raft.Step(message);
        }
        catch (InvalidMessageException error)
        {
            DropPeerMessage(from, error.Message);
            return;
        }
        catch (Exception error) when (ReplicaFault.IsReplicaScoped(error))
        {
            FaultReplica(replica, ReplicaFaultKind.Raft, error);
            return;
        }

        if (message.From == replica.Raft.Leader && message.Type is MessageType.App or MessageType.Heartbeat or MessageType.Snap)
        {
            replica.LeaderContactTimestamp = options.Clock.GetTimestamp();
        }
    }

    /// <summary>Why <paramref name="message"/> cannot be right for this replica, or null to step it.</summary>
    /// <remarks>
    /// Term and index nonsense needs no check here: the core answers an append below its commit index, or a
    /// heartbeat past its log, with a rejection instead of asserting (Raft.Follower.cs).
    /// </remarks>
    private string? ImpossibleFor(ShardReplica replica, Message message) =>
        message.Type == MessageType.Snap ? RefuseReceivedSnapshot(replica, message) : null;

    /// <summary>
    /// Restores a received snapshot into a scratch state machine and checks that its state is at the index
    /// its metadata names; a refusal deletes the file the transport moved into the store. The sender is
    /// not told directly: the follower stays behind, and its leader sends a snapshot again later.
    /// </summary>
    private string? RefuseReceivedSnapshot(ShardReplica replica, Message message)
    {
        var snapshot = message.Snapshot!;
        var metadata = snapshot.Metadata;
        if (metadata.Index <= replica.Machine.AppliedIndex)
        {
            // Older than what is applied here: the core ignores it, so nothing of it is ever installed.
            return null;
        }

        var problem = ParseProblem(replica, snapshot);
        if (problem is not null && snapshot.Data.IsEmpty && metadata.Index != replica.SnapshotIndex)
        {
            snapshots.Delete(replica.GroupId, metadata.Index, metadata.Term);
        }

        return problem is null ? null : $"snapshot {metadata.Term}/{metadata.Index} refused before install: {problem}";
    }

    private string? ParseProblem(ShardReplica replica, Snapshot snapshot)
    {
        var metadata = snapshot.Metadata;
        var scratch = new ShardStateMachine(replica.Shard.Shard, types, options.MaxSessionsPerShard);
        try
        {
            if (!snapshot.Data.IsEmpty)
            {
                using var inline = new MemoryStream(snapshot.Data.ToArray(), writable: false);
                scratch.RestoreSnapshot(inline);
            }
            else if (!snapshots.Exists(replica.GroupId, metadata.Index, metadata.Term))
            {
                return "its file is not in the snapshot store";
            }
            else
            {
                using var reader = snapshots.OpenRead(replica.GroupId, metadata.Index, metadata.Term);
                using var stream = new ChunkStream(reader.ReadChunks());
                scratch.RestoreSnapshot(stream);
            }
        }
        catch (Exception error) when (ReplicaFault.IsReplicaScoped(error))
        {
            return ReplicaFault.Describe(error);
        }

        return scratch.AppliedIndex == metadata.Index
            ? null
            : $"its state is at applied index {scratch.AppliedIndex}, but its metadata says index {metadata.Index}";
    }

    private void DropPeerMessage(ulong from, string reason)
    {
        // Created by the loop thread on the first drop; other threads only read its counter.
        var limiter = dropLimiter ??= new PeerDropLimiter(options.Clock, DropWarningInterval);
        if (limiter.Drop(from, out var suppressed))
        {
            LogMessages.PeerMessageDropped(logger, from, reason, suppressed);
        }
    }
}
