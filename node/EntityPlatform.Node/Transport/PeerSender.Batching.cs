using EntityPlatform.Consensus.Messages;
using EntityPlatform.Grpc.Api.V1;
using Google.Protobuf;

namespace EntityPlatform.Node.Transport;

internal sealed partial class PeerSender
{
    // A message taken from the queue that did not fit the previous frame; it opens the next one.
    private (Message Message, RaftMessage Proto, int SizeBytes)? _carry;

    // Groups whose snapshot notice (metadata-only MSG_SNAP) is in the frame being written.
    private readonly List<ulong> _snapshotGroups = [];

    /// <summary>
    /// Takes queued messages into one frame until it holds MaxBatchMessages or the next message would push
    /// it past MaxBatchBytes; a single message up to MaxFrameBytes always goes, a larger one is dropped.
    /// Messages are converted here, on the sender's thread, so Send stays cheap on the scheduler's.
    /// </summary>
    private RaftBatch BuildBatch()
    {
        var batch = new RaftBatch { FromNode = _localNodeId, ToNode = _peerNodeId };
        var batchBytes = 0;
        _probeInFrame = false;
        _snapshotGroups.Clear();
        while (batch.Messages.Count < _options.MaxBatchMessages && TakeNext() is { } next)
        {
            var (message, proto, sizeBytes) = next;
            if (sizeBytes > _options.MaxFrameBytes)
            {
                DropOversize(message, sizeBytes);
                continue;
            }

            if (batch.Messages.Count > 0 && batchBytes + sizeBytes > _options.MaxBatchBytes)
            {
                _carry = (message, proto, sizeBytes);
                break;
            }

            batch.Messages.Add(proto);
            batchBytes += sizeBytes;
            if (message.Type == MessageType.Snap)
            {
                Invariant.Assert(message.Snapshot is { Data.IsEmpty: true }, "snapshot data travels through InstallSnapshot, never in the Raft stream");
                _snapshotGroups.Add(message.GroupId);
            }
        }

        return batch;
    }

    private (Message, RaftMessage, int)? TakeNext()
    {
        if (_carry is { } carried)
        {
            _carry = null;
            return carried;
        }

        Message? message;
        do
        {
            if (!_queue.Reader.TryRead(out message))
            {
                return null;
            }
        }
        while (TakeProbeMarker(message));

        var proto = RaftMessageMapper.ToProto(message);
        // The field tag and length prefix of the repeated field add a few bytes to each message.
        var size = proto.CalculateSize();
        return (message, proto, size + 1 + CodedOutputStream.ComputeLengthSize(size));
    }

    private void DropOversize(Message message, int sizeBytes)
    {
        _metrics.DroppedOversize();
        TransportLog.Oversize(_logger, message.Type.ToString(), message.GroupId, _peerNodeId, sizeBytes, _options.MaxFrameBytes);
        if (message.Type == MessageType.Snap)
        {
            _metrics.SnapshotFailed();
            _events.SnapshotDone(_peerNodeId, message.GroupId, failed: true);
        }
    }

    /// <summary>After a frame's write: tells the scheduler how the snapshot notices in it went.</summary>
    private void ReportSnapshots(bool failed)
    {
        foreach (var groupId in _snapshotGroups)
        {
            if (failed)
            {
                _metrics.SnapshotFailed();
            }
            else
            {
                _metrics.SnapshotSent();
            }

            _events.SnapshotDone(_peerNodeId, groupId, failed);
        }

        _snapshotGroups.Clear();
    }
}
