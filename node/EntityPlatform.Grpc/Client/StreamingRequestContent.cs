using System.Net;
using System.Net.Http;
using EntityPlatform.Grpc.Framing;

namespace EntityPlatform.Grpc.Client;

/// <summary>
/// A request body written message by message while the response is read (client-streaming and duplex
/// calls). The handler calls <see cref="SerializeToStreamAsync(Stream, TransportContext?, CancellationToken)"/>
/// once; we hand its stream to the call and hold the body open until the call half-closes.
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StreamingRequestContent()
    {
        Headers.TryAddWithoutValidation("Content-Type", GrpcContentType.Default);
    }

    /// <summary>The request body stream, once the handler has started sending the body.</summary>
    public Task<Stream> RequestStream => _stream.Task;

    /// <summary>Ends the body: the handler then sends END_STREAM.</summary>
    public void Complete() => _completed.TrySetResult();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // The handler holds back the request HEADERS to coalesce them with the first DATA frame. A duplex
        // call whose server speaks first (or answers UNIMPLEMENTED) would then wait for the next
        // unrelated flush, such as a keep-alive ping 30 s later: send the headers now.
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _stream.TrySetResult(stream);
        try
        {
            // The handler cancels this token when the response ends first or the call is reset.
            await _completed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _stream.TrySetCanceled(cancellationToken);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
