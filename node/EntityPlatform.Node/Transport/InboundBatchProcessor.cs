using EntityPlatform.Consensus.Messages;
using EntityPlatform.Grpc.Api.V1;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// The boundary for inbound Raft traffic: checks a batch's addressing, converts and validates each message
/// (a malformed one is dropped and logged, the rest go on), joins a MSG_SNAP with its staged data, and
/// posts what is left to the inbox. Used by the server's Raft handler and by a sender reading batches that
/// a peer writes back on the same stream.
/// </summary>
internal sealed class InboundBatchProcessor(IRaftInbox inbox, SnapshotAssembler? assembler, ulong localNodeId, TransportMetrics metrics, ILogger logger)
{
    /// <summary>
    /// Handles one batch. Returns null when it was handled (even if some messages were dropped), or a
    /// sentence naming the bad field when the batch as a whole is misaddressed.
    /// </summary>
    public string? Process(RaftBatch batch)
    {
        if (batch.ToNode != localNodeId)
        {
            return $"RaftBatch.to_node is {batch.ToNode} but this is node {localNodeId}; the sender's peer directory is stale";
        }

        if (batch.FromNode == 0 || batch.FromNode == localNodeId)
        {
            return $"RaftBatch.from_node is {batch.FromNode}; expected another node's id (ids start at 1)";
        }

        metrics.BatchReceived(batch.Messages.Count);
        var messages = new List<Message>(batch.Messages.Count);
        foreach (var proto in batch.Messages)
        {
            if (Convert(batch.FromNode, proto) is { } message)
            {
                messages.Add(message);
            }
        }

        // Posted even when empty: an empty batch is the sender's liveness probe (IPeerTransport.Probe).
        if (!inbox.TryPost(batch.FromNode, messages))
        {
            metrics.DroppedInboxFull();
            TransportLog.InboxFull(logger, batch.FromNode, messages.Count);
        }

        return null;
    }

    private Message? Convert(ulong fromNode, RaftMessage proto)
    {
        if (!RaftMessageMapper.TryFromProto(proto, localNodeId, out var message, out var error))
        {
            return Drop(fromNode, error);
        }

        // Replica ids are node ids (peer.proto), so a message must come from the node that sent its batch.
        if (message.From != fromNode)
        {
            return Drop(fromNode, $"RaftMessage.from is {message.From} but its batch came from node {fromNode}");
        }

        if (message.Type != MessageType.Snap)
        {
            return message;
        }

        var metadata = message.Snapshot!.Metadata;
        if (assembler is null || !assembler.TryTake(message.GroupId, fromNode, metadata, out var data))
        {
            return Drop(fromNode, $"MSG_SNAP for group {message.GroupId} at {metadata.Term}/{metadata.Index} arrived without its InstallSnapshot data (never sent, evicted or expired)");
        }

        return message with { Snapshot = message.Snapshot with { Data = data } };
    }

    // A broken or hostile peer can send many bad messages a second: all are counted, few are logged.
    private readonly Scheduler.PeerDropLimiter warnings = new(TimeProvider.System, Scheduler.MultiRaftScheduler.DropWarningInterval);

    private Message? Drop(ulong fromNode, string error)
    {
        metrics.DroppedInvalid();
        if (warnings.Drop(fromNode, out var suppressed))
        {
            TransportLog.InvalidMessage(logger, fromNode, suppressed == 0 ? error : $"{error} ({suppressed} more dropped from that node since the last such line)");
        }

        return null;
    }
}
