using System.Collections.Concurrent;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Contracts.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// The client side of the peer transport: one <see cref="PeerSender"/> per peer node, created on first use,
/// each with one long-lived PeerService.Raft call over a pooled channel, a bounded queue and a snapshot
/// uploader. See docs/transport.md for the delivery guarantees (best effort) and every limit.
/// </summary>
public sealed class GrpcPeerTransport : IPeerTransport
{
    private readonly ulong _localNodeId;
    private readonly PeerDirectory _directory;
    private readonly PeerTransportOptions _options;
    private readonly TransportEvents _events;
    private readonly ChannelPool _channels;
    private readonly InboundBatchProcessor? _inbound;
    private readonly ILogger _logger;
    private readonly bool _ownsMetrics;
    private readonly ConcurrentDictionary<ulong, PeerSender> _senders = new();
    private volatile bool _disposed;

    /// <param name="localNodeId">This node's id; it is RaftBatch.from_node on every frame.</param>
    /// <param name="directory">Where peers are; consulted on every (re)connect.</param>
    /// <param name="options">Limits; validated here.</param>
    /// <param name="metrics">Counters to update; the transport makes (and disposes) its own when null.</param>
    /// <param name="inbox">Receives batches a peer writes back on our streams (peer.proto allows it); they are dropped when null.</param>
    /// <param name="logger">Log sink; nothing is logged when null.</param>
    public GrpcPeerTransport(ulong localNodeId, PeerDirectory directory, PeerTransportOptions? options = null, TransportMetrics? metrics = null,
        IRaftInbox? inbox = null, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(localNodeId);
        ArgumentNullException.ThrowIfNull(directory);
        _localNodeId = localNodeId;
        _directory = directory;
        _options = options ?? new PeerTransportOptions();
        _options.Validate();
        _logger = logger ?? NullLogger.Instance;
        _ownsMetrics = metrics is null;
        Metrics = metrics ?? new TransportMetrics();
        _events = new TransportEvents(_logger);
        _channels = new ChannelPool(_options.Channel);
        _inbound = inbox is null ? null : new InboundBatchProcessor(inbox, assembler: null, localNodeId, Metrics, _logger);
        _directory.Changed += OnEndpointChanged;
    }

    public event Action<ulong>? PeerUnreachable
    {
        add => _events.PeerUnreachable += value;
        remove => _events.PeerUnreachable -= value;
    }

    public event Action<ulong, ulong, bool>? SnapshotSent
    {
        add => _events.SnapshotSent += value;
        remove => _events.SnapshotSent -= value;
    }

    public ulong LocalNodeId => _localNodeId;

    public TransportMetrics Metrics { get; }

    /// <summary>
    /// Queues the messages for <paramref name="toNode"/> and returns at once: no I/O, no lock held across a
    /// wait, no blocking when the peer is slow or down (the queue drops its oldest message instead).
    /// Each message's To must be <paramref name="toNode"/> (replica ids are node ids). A MSG_SNAP carries
    /// its data; it is uploaded through InstallSnapshot and then announced on the stream.
    /// </summary>
    public void Send(ulong toNode, IReadOnlyList<Message> messages)
    {
        Invariant.Assert(toNode != _localNodeId && toNode != 0, "the scheduler delivers local messages itself");
        if (_disposed)
        {
            TransportLog.SendAfterDispose(_logger, toNode, messages.Count);
            return;
        }

        var sender = SenderFor(toNode);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            Invariant.Assert(message.To == toNode);
            if (message.Type == MessageType.Snap)
            {
                sender.EnqueueSnapshot(message);
            }
            else
            {
                sender.Enqueue(message);
            }
        }
    }

    /// <summary>Queues an empty frame for <paramref name="toNode"/> (a liveness probe, docs/transport.md); never blocks.</summary>
    public void Probe(ulong toNode)
    {
        Invariant.Assert(toNode != _localNodeId && toNode != 0, "a node does not probe itself");
        if (!_disposed)
        {
            SenderFor(toNode).EnqueueProbe();
        }
    }

    /// <summary>Messages waiting for <paramref name="toNode"/> (0 when none was ever sent there).</summary>
    public int QueuedCount(ulong toNode) => _senders.TryGetValue(toNode, out var sender) ? sender.QueuedCount : 0;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _directory.Changed -= OnEndpointChanged;
        foreach (var sender in _senders.Values)
        {
            await sender.DisposeAsync().ConfigureAwait(false);
        }

        _channels.Dispose();
        if (_ownsMetrics)
        {
            Metrics.Dispose();
        }
    }

    private PeerSender SenderFor(ulong toNode)
    {
        if (_senders.TryGetValue(toNode, out var sender))
        {
            return sender;
        }

        // A lost race would start a second sender (a background loop) for the same peer, so create under a lock.
        lock (_senders)
        {
            return _senders.GetOrAdd(toNode, node =>
                new PeerSender(_localNodeId, node, _directory, _channels, _options, Metrics, _events, _inbound, _logger));
        }
    }

    private void OnEndpointChanged(ulong nodeId)
    {
        if (_senders.TryGetValue(nodeId, out var sender))
        {
            sender.EndpointChanged();
        }
    }
}
