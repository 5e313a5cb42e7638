using System.Threading.Channels;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Contracts.Wire;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// Everything this node sends to one peer node: a bounded queue that <see cref="Enqueue"/> fills without
/// blocking, a background loop that coalesces the queue into RaftBatch frames on one long-lived Raft
/// stream (PeerSender.Loop.cs, PeerSender.Batching.cs), and a snapshot uploader.
/// When the queue is full the OLDEST message is dropped: a newer heartbeat or append carries newer
/// commit and term information, and Raft repairs the gap either way.
/// </summary>
internal sealed partial class PeerSender : IAsyncDisposable
{
    private readonly ulong _localNodeId;
    private readonly ulong _peerNodeId;
    private readonly PeerDirectory _directory;
    private readonly ChannelPool _channels;
    private readonly PeerTransportOptions _options;
    private readonly TransportMetrics _metrics;
    private readonly TransportEvents _events;
    private readonly InboundBatchProcessor? _inbound;
    private readonly ILogger _logger;
    private readonly Channel<Message> _queue;
    private readonly ReconnectBackoff _backoff;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SnapshotUploader _snapshots;
    private readonly Task _loop;

    public PeerSender(ulong localNodeId, ulong peerNodeId, PeerDirectory directory, ChannelPool channels, PeerTransportOptions options,
        TransportMetrics metrics, TransportEvents events, InboundBatchProcessor? inbound, ILogger logger)
    {
        _localNodeId = localNodeId;
        _peerNodeId = peerNodeId;
        _directory = directory;
        _channels = channels;
        _options = options;
        _metrics = metrics;
        _events = events;
        _inbound = inbound;
        _logger = logger;
        _backoff = new ReconnectBackoff(options.ReconnectDelayMin, options.ReconnectDelayMax, new Random());
        _queue = Channel.CreateBounded<Message>(
            new BoundedChannelOptions(options.OutboundQueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
            },
            OnDropped);
        _snapshots = new SnapshotUploader(peerNodeId, directory, channels, options, metrics, events, Enqueue, logger, _stopping.Token);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Messages waiting to be written (at most the queue capacity).</summary>
    public int QueuedCount => _queue.Reader.Count;

    /// <summary>Queues a message; never blocks. Snapshot messages go through <see cref="EnqueueSnapshot"/> instead.</summary>
    public void Enqueue(Message message)
    {
        if (!_queue.Writer.TryWrite(message))
        {
            // Only a completed (disposed) queue refuses a write.
            OnDropped(message);
        }
    }

    /// <summary>Hands a MSG_SNAP with its data to the uploader; never blocks.</summary>
    public void EnqueueSnapshot(Message message) => _snapshots.Enqueue(message);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _snapshots.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void OnDropped(Message message)
    {
        if (IsProbeMarker(message))
        {
            return;
        }

        _metrics.DroppedQueueFull();
        if (message.Type == MessageType.Snap)
        {
            _metrics.SnapshotFailed();
            _events.SnapshotDone(_peerNodeId, message.GroupId, failed: true);
        }
    }
}
