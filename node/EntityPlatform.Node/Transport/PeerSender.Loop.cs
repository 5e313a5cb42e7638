using EntityPlatform.Grpc.Api.V1;

namespace EntityPlatform.Node.Transport;

internal sealed partial class PeerSender
{
    private RaftStream? _stream;
    private bool _endpointChanged;
    private int _streamsOpened;

    /// <summary>The peer's address changed in the directory: drop the stream at once and redial the new one.</summary>
    public void EndpointChanged() => Volatile.Write(ref _endpointChanged, true);

    /// <summary>
    /// Waits for messages, makes sure a stream is open, writes one coalesced frame, repeats. A failed write
    /// loses that frame only (Raft retries); the sender raises PeerUnreachable and redials with backoff.
    /// </summary>
    private async Task RunAsync()
    {
        var token = _stopping.Token;
        try
        {
            while (_carry is not null || await _queue.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                var stream = await ReadyStreamAsync(token).ConfigureAwait(false);
                if (stream is null)
                {
                    continue;
                }

                var batch = BuildBatch();
                if (batch.Messages.Count == 0 && !_probeInFrame)
                {
                    continue;
                }

                if (await stream.TryWriteAsync(batch, _options.WriteTimeout, _options.TimeProvider, token).ConfigureAwait(false))
                {
                    OnBatchWritten(stream, batch);
                }
                else
                {
                    ReportSnapshots(failed: true);
                    await FailAsync(stream.EndReason, batch.Messages.Count, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed: the queue's remaining messages are abandoned, as on any crash.
        }
        finally
        {
            _stream?.Dispose();
        }
    }

    /// <summary>The open stream, or a new one; null when no stream can be opened now (after waiting out the backoff).</summary>
    private async ValueTask<RaftStream?> ReadyStreamAsync(CancellationToken token)
    {
        if (_stream is { } stream)
        {
            if (Interlocked.Exchange(ref _endpointChanged, false))
            {
                _stream = null;
                stream.Dispose();
            }
            else if (stream.Ended)
            {
                // Found before writing, so no frame is lost to a stream the peer already closed.
                await FailAsync(stream.EndReason, lostMessages: 0, token).ConfigureAwait(false);
                return null;
            }
            else
            {
                return stream;
            }
        }

        if (!_directory.TryGet(_peerNodeId, out var endpoint))
        {
            var delay = _backoff.Next();
            TransportLog.NoEndpoint(_logger, _peerNodeId, (long)delay.TotalMilliseconds);
            _events.Unreachable(_peerNodeId);
            await Task.Delay(delay, _options.TimeProvider, token).ConfigureAwait(false);
            return null;
        }

        Volatile.Write(ref _endpointChanged, false);
        if (_streamsOpened++ > 0)
        {
            _metrics.Reconnected();
        }

        return _stream = new RaftStream(_channels.Get(endpoint), endpoint, OnBatchFromPeer);
    }

    private void OnBatchWritten(RaftStream stream, RaftBatch batch)
    {
        if (!stream.Established || _backoff.Failures > 0)
        {
            TransportLog.StreamOpened(_logger, _peerNodeId, stream.Endpoint);
        }

        _backoff.Reset();
        _metrics.BatchSent(batch.Messages.Count);
        ReportSnapshots(failed: false);
    }

    private async Task FailAsync(string reason, int lostMessages, CancellationToken token)
    {
        var stream = _stream;
        Invariant.Assert(stream is not null);
        _stream = null;
        stream.Dispose();
        if (!stream.Established)
        {
            _metrics.ConnectFailed();
        }

        _metrics.DroppedStreamFailed(lostMessages);
        var delay = _backoff.Next();
        TransportLog.StreamFailed(_logger, _peerNodeId, reason, lostMessages, (long)delay.TotalMilliseconds);
        _events.Unreachable(_peerNodeId);
        await Task.Delay(delay, _options.TimeProvider, token).ConfigureAwait(false);
    }

    /// <summary>A peer may write batches back on our stream (peer.proto allows it); they enter like any inbound batch.</summary>
    private void OnBatchFromPeer(RaftBatch batch)
    {
        if (_inbound is null)
        {
            _metrics.DroppedInboxFull();
            return;
        }

        if (_inbound.Process(batch) is { } error)
        {
            TransportLog.BatchRefused(_logger, _peerNodeId, error);
        }
    }
}
