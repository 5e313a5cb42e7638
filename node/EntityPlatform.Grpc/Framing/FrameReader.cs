using System.Buffers;
using System.IO.Pipelines;
using EntityPlatform.Grpc.Status;
using Google.Protobuf;

namespace EntityPlatform.Grpc.Framing;

/// <summary>
/// Reads length-prefixed messages from a pipe (Kestrel's request body, or a client response stream
/// wrapped in a pipe). Messages are parsed straight out of the pipe's buffers, without a copy.
/// </summary>
public static class FrameReader
{
    /// <summary>
    /// Reads the next message, or returns null at a clean end of stream (between messages).
    /// A stream that ends inside a frame, an oversized or compressed message, or bytes that are not a
    /// valid <typeparamref name="T"/> throw <see cref="GrpcCallException"/> with the spec's status.
    /// </summary>
    public static async ValueTask<T?> ReadMessageAsync<T>(PipeReader reader, MessageParser<T> parser, int maxPayloadSize, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (result.IsCanceled)
            {
                reader.AdvanceTo(buffer.Start);
                throw new OperationCanceledException("The read was cancelled.");
            }
            var frameSize = FrameSize(reader, buffer, maxPayloadSize);
            if (frameSize > 0 && buffer.Length >= frameSize)
            {
                try
                {
                    return MessageCodec.Parse(parser, buffer.Slice(GrpcFrame.HeaderSize, frameSize - GrpcFrame.HeaderSize));
                }
                finally
                {
                    reader.AdvanceTo(buffer.GetPosition(frameSize));
                }
            }
            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                if (buffer.IsEmpty)
                {
                    return null;
                }
                throw new GrpcCallException(StatusCode.Internal,
                    $"Incomplete message: the stream ended {buffer.Length} bytes into a frame.");
            }
            // Mark everything examined so the next ReadAsync waits for more bytes instead of spinning.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// The size of the frame at the start of the buffer (prefix included), or 0 when the prefix has not
    /// fully arrived. A prefix the spec forbids throws, after releasing the buffer.
    /// </summary>
    private static long FrameSize(PipeReader reader, in ReadOnlySequence<byte> buffer, int maxPayloadSize)
    {
        if (buffer.Length < GrpcFrame.HeaderSize)
        {
            return 0;
        }
        var header = FrameHeader.Read(buffer);
        try
        {
            header.Validate(maxPayloadSize);
        }
        catch
        {
            reader.AdvanceTo(buffer.Start, buffer.End);
            throw;
        }
        return GrpcFrame.HeaderSize + (long)header.PayloadSize;
    }
}
