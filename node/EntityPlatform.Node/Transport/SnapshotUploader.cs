using System.Globalization;
using System.Threading.Channels;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// Sends one peer's snapshots, one at a time, each on its own InstallSnapshot call so a large snapshot never
/// delays the Raft stream's heartbeats. The bytes come from the <see cref="ISnapshotChunkSource"/> in the
/// options (the node's snapshot files), read a chunk at a time while the call goes, so a snapshot of any
/// size costs one chunk of memory. Every snapshot goes this way, whatever its size: RaftMessage has
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
            // The node's source reads the snapshot file (the scheduler's MSG_SNAP carries metadata only);
            // without one, the data the message carries is sent.
            using var upload = _options.SnapshotSource?.Open(message.GroupId, snapshot.Metadata) ?? new InlineSnapshotUpload(snapshot.Data);
            var chunks = await UploadAsync(message, upload, stopping).ConfigureAwait(false);
            _metrics.AddSnapshotBytesSent(upload.LengthBytes);
            TransportLog.SnapshotUploaded(_logger, message.GroupId, upload.LengthBytes, snapshot.Metadata.Index, _peerNodeId, chunks);
            _enqueueNotice(message with { Snapshot = snapshot with { Data = ReadOnlyMemory<byte>.Empty } });
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            Fail(message, e.Message);
        }
    }

    /// <summary>
    /// Streams the snapshot in chunks of at most SnapshotChunkBytes, reading each from the source as it
    /// goes (an empty snapshot is one empty last chunk); returns the chunk count.
    /// </summary>
    private async Task<int> UploadAsync(Message message, SnapshotUpload upload, CancellationToken stopping)
    {
        if (!_directory.TryGet(_peerNodeId, out var endpoint))
        {
            throw new InvalidOperationException($"node {_peerNodeId} has no endpoint in the peer directory");
        }

        var length = upload.LengthBytes;
        var headers = new Metadata
        {
            { SnapshotHeaders.Length, length.ToString(CultureInfo.InvariantCulture) },
            { SnapshotHeaders.Crc32C, upload.Crc32C.ToString(CultureInfo.InvariantCulture) },
        };
        using var call = new PeerService.PeerServiceClient(_channels.Get(endpoint))
            .InstallSnapshot(headers, DateTime.UtcNow + _options.SnapshotTimeout, stopping);
        var metadata = RaftMessageMapper.ToProto(message.Snapshot!.Metadata);
        long offset = 0;
        var chunks = 0;
        foreach (var piece in upload.Pieces(_options.SnapshotChunkBytes))
        {
            await call.RequestStream.WriteAsync(Chunk(message, metadata, offset, piece, last: offset + piece.Length == length)).ConfigureAwait(false);
            offset += piece.Length;
            chunks++;
        }

        if (offset != length)
        {
            throw new InvalidOperationException($"the snapshot source yielded {offset} bytes but declared {length}");
        }

        if (chunks == 0)
        {
            await call.RequestStream.WriteAsync(Chunk(message, metadata, 0, ReadOnlyMemory<byte>.Empty, last: true)).ConfigureAwait(false);
            chunks++;
        }

        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        var reply = await call.ResponseAsync.ConfigureAwait(false);
        if (!reply.Installed || reply.BytesReceived != (ulong)length)
        {
            throw new InvalidOperationException($"the peer reported {reply.BytesReceived} of {length} bytes, installed = {reply.Installed}");
        }

        return chunks;
    }

    // The piece is wrapped, not copied: the source keeps it valid until the next piece is asked for, and
    // the write has completed by then.
    private static SnapshotChunk Chunk(Message message, Grpc.Api.V1.SnapshotMetadata metadata, long offset, ReadOnlyMemory<byte> piece, bool last) => new()
    {
        GroupId = message.GroupId,
        From = message.From,
        To = message.To,
        Metadata = metadata,
        Offset = (ulong)offset,
        Data = UnsafeByteOperations.UnsafeWrap(piece),
        Last = last,
    };

    private void Fail(Message message, string reason)
    {
        _metrics.SnapshotFailed();
        TransportLog.SnapshotUploadFailed(_logger, message.GroupId, _peerNodeId, reason);
        _events.SnapshotDone(_peerNodeId, message.GroupId, failed: true);
    }
}
