using System.Globalization;
using System.Threading.Channels;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Hashing;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// Sends one peer's snapshots, one at a time, each on its own InstallSnapshot call so a large snapshot never
/// delays the Raft stream's heartbeats. Every snapshot goes this way, whatever its size: RaftMessage has
/// no field for snapshot bytes. After the peer has accepted and verified the data, a metadata-only
/// MSG_SNAP is queued on the Raft stream; SnapshotSent fires when that frame is written (or fails).
/// </summary>
internal sealed class SnapshotUploader : IAsyncDisposable
{
    private readonly ulong _peerNodeId;
    private readonly PeerDirectory _directory;
    private readonly ChannelPool _channels;
    private readonly PeerTransportOptions _options;
    private readonly TransportMetrics _metrics;
    private readonly TransportEvents _events;
    private readonly Action<Message> _enqueueNotice;
    private readonly ILogger _logger;
    private readonly Channel<Message> _queue;
    private readonly Task _loop;

    public SnapshotUploader(ulong peerNodeId, PeerDirectory directory, ChannelPool channels, PeerTransportOptions options,
        TransportMetrics metrics, TransportEvents events, Action<Message> enqueueNotice, ILogger logger, CancellationToken stopping)
    {
        _peerNodeId = peerNodeId;
        _directory = directory;
        _channels = channels;
        _options = options;
        _metrics = metrics;
        _events = events;
        _enqueueNotice = enqueueNotice;
        _logger = logger;
        _queue = Channel.CreateBounded<Message>(new BoundedChannelOptions(options.SnapshotQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _loop = Task.Run(() => RunAsync(stopping));
    }

    /// <summary>Queues a snapshot; when the queue is full it fails at once (the leader retries later).</summary>
    public void Enqueue(Message message)
    {
        Invariant.Assert(message.Type == MessageType.Snap && message.Snapshot is not null);
        if (!_queue.Writer.TryWrite(message))
        {
            Fail(message, $"{_options.SnapshotQueueCapacity} snapshots are already waiting for this peer");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                await SendAsync(message, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private async Task SendAsync(Message message, CancellationToken stopping)
    {
        var snapshot = message.Snapshot!;
        try
        {
            var chunks = await UploadAsync(message, stopping).ConfigureAwait(false);
            _metrics.AddSnapshotBytesSent(snapshot.Data.Length);
            TransportLog.SnapshotUploaded(_logger, message.GroupId, snapshot.Data.Length, snapshot.Metadata.Index, _peerNodeId, chunks);
            _enqueueNotice(message with { Snapshot = snapshot with { Data = ReadOnlyMemory<byte>.Empty } });
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            Fail(message, e.Message);
        }
    }

    /// <summary>Streams the data in chunks of SnapshotChunkBytes (an empty snapshot is one empty last chunk); returns the chunk count.</summary>
    private async Task<int> UploadAsync(Message message, CancellationToken stopping)
    {
        if (!_directory.TryGet(_peerNodeId, out var endpoint))
        {
            throw new InvalidOperationException($"node {_peerNodeId} has no endpoint in the peer directory");
        }

        var data = message.Snapshot!.Data;
        var headers = new Metadata
        {
            { SnapshotHeaders.Length, data.Length.ToString(CultureInfo.InvariantCulture) },
            { SnapshotHeaders.Crc32C, Crc32C.Compute(data.Span).ToString(CultureInfo.InvariantCulture) },
        };
        using var call = new PeerService.PeerServiceClient(_channels.Get(endpoint))
            .InstallSnapshot(headers, DateTime.UtcNow + _options.SnapshotTimeout, stopping);
        var metadata = RaftMessageMapper.ToProto(message.Snapshot.Metadata);
        var offset = 0;
        var chunks = 0;
        do
        {
            var length = Math.Min(_options.SnapshotChunkBytes, data.Length - offset);
            await call.RequestStream.WriteAsync(new SnapshotChunk
            {
                GroupId = message.GroupId,
                From = message.From,
                To = message.To,
                Metadata = metadata,
                Offset = (ulong)offset,
                // Wrapped, not copied: the snapshot's bytes are immutable while the message lives.
                Data = UnsafeByteOperations.UnsafeWrap(data.Slice(offset, length)),
                Last = offset + length == data.Length,
            }).ConfigureAwait(false);
            offset += length;
            chunks++;
        }
        while (offset < data.Length);

        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        var reply = await call.ResponseAsync.ConfigureAwait(false);
        if (!reply.Installed || reply.BytesReceived != (ulong)data.Length)
        {
            throw new InvalidOperationException($"the peer reported {reply.BytesReceived} of {data.Length} bytes, installed = {reply.Installed}");
        }

        return chunks;
    }

    private void Fail(Message message, string reason)
    {
        _metrics.SnapshotFailed();
        TransportLog.SnapshotUploadFailed(_logger, message.GroupId, _peerNodeId, reason);
        _events.SnapshotDone(_peerNodeId, message.GroupId, failed: true);
    }
}
