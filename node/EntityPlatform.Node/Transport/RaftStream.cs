using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// One PeerService.Raft call to one peer. The request side carries our batches; a reader drains the
/// response side, hands any batches the peer writes back to <paramref name="onBatch"/>, and notices when
/// the peer ends or breaks the stream (<see cref="Ended"/>) so the sender can redial before losing a write.
/// </summary>
internal sealed class RaftStream : IDisposable
{
    private readonly AsyncDuplexStreamingCall<RaftBatch, RaftBatch> _call;
    private readonly Task _reader;
    private string? _endReason;

    public RaftStream(GrpcChannel channel, Uri endpoint, Action<RaftBatch> onBatch)
    {
        Endpoint = endpoint;
        _call = new PeerService.PeerServiceClient(channel).Raft();
        _reader = Task.Run(() => ReadAsync(onBatch));
    }

    public Uri Endpoint { get; }

    /// <summary>True once the peer ended the call or it failed; nothing more can be written.</summary>
    public bool Ended => _reader.IsCompleted;

    /// <summary>Why the stream ended, for logs.</summary>
    public string EndReason => Volatile.Read(ref _endReason) ?? "the stream ended";

    /// <summary>Set once a write has gone through: later failures are stream errors, not connect failures.</summary>
    public bool Established { get; private set; }

    /// <summary>Writes one frame; false (with <see cref="EndReason"/>) when the stream failed or the write timed out.</summary>
    public async ValueTask<bool> TryWriteAsync(RaftBatch batch, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            var write = _call.RequestStream.WriteAsync(batch);
            // grpc-dotnet's WriteAsync takes no token, so a stuck write is bounded by waiting on it instead. Most
            // writes have finished by here (HTTP/2 buffers them), so the timer is only set up for the rest.
            if (!write.IsCompleted)
            {
                await write.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await write.ConfigureAwait(false);
            }

            Established = true;
            return true;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = e is TimeoutException ? $"a write took longer than {timeout.TotalMilliseconds} ms" : e.Message;
            Interlocked.CompareExchange(ref _endReason, reason, null);
            return false;
        }
    }

    /// <summary>Resets the call (RST_STREAM) so the peer's handler ends at once; the reader then finishes.</summary>
    public void Dispose() => _call.Dispose();

    private async Task ReadAsync(Action<RaftBatch> onBatch)
    {
        try
        {
            while (await _call.ResponseStream.MoveNext(CancellationToken.None).ConfigureAwait(false))
            {
                onBatch(_call.ResponseStream.Current);
            }

            Interlocked.CompareExchange(ref _endReason, "the peer ended the stream", null);
        }
        catch (Exception e)
        {
            // The call failed or was reset: the writer sees Ended and redials; nothing else to do here.
            Interlocked.CompareExchange(ref _endReason, e.Message, null);
        }
    }
}
