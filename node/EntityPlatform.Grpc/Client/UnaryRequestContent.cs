using System.Buffers;
using System.Net;
using System.Net.Http;
using EntityPlatform.Grpc.Framing;
using Google.Protobuf;

namespace EntityPlatform.Grpc.Client;

/// <summary>
/// A request body of exactly one message (unary and server-streaming calls), serialized up front into a
/// pooled buffer. Its length is known, so the handler sends it with END_STREAM in the same DATA frame.
/// </summary>
internal sealed class UnaryRequestContent : HttpContent
{
    private byte[]? _buffer;
    private readonly int _length;

    public UnaryRequestContent(IMessage message, int maxPayloadSize)
    {
        var size = message.CalculateSize();
        if (size > maxPayloadSize)
        {
            throw new Status.GrpcCallException(Status.StatusCode.ResourceExhausted,
                $"Sending message larger than max ({size} vs. {maxPayloadSize} bytes).");
        }
        _length = GrpcFrame.HeaderSize + size;
        _buffer = ArrayPool<byte>.Shared.Rent(_length);
        GrpcFrame.WriteHeader(_buffer, size);
        message.WriteTo(_buffer.AsSpan(GrpcFrame.HeaderSize, size));
        Headers.TryAddWithoutValidation("Content-Type", GrpcContentType.Default);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(UnaryRequestContent));
        return stream.WriteAsync(buffer.AsMemory(0, _length), cancellationToken).AsTask();
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        base.Dispose(disposing);
    }
}
