using System.Buffers;
using EntityPlatform.Grpc.Status;
using Google.Protobuf;

namespace EntityPlatform.Grpc.Framing;

/// <summary>Protobuf parse and frame write, with protobuf failures turned into gRPC statuses.</summary>
public static class MessageCodec
{
    public static T Parse<T>(MessageParser<T> parser, in ReadOnlySequence<byte> payload) where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new GrpcCallException(StatusCode.Internal, "Failed to deserialize the message: " + e.Message, inner: e);
        }
    }

    public static T Parse<T>(MessageParser<T> parser, ReadOnlySpan<byte> payload) where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new GrpcCallException(StatusCode.Internal, "Failed to deserialize the message: " + e.Message, inner: e);
        }
    }

    /// <summary>
    /// Writes one length-prefixed message into <paramref name="destination"/> in a single span, so the
    /// message is serialized once, straight into the transport's buffer. Throws RESOURCE_EXHAUSTED when
    /// the message is over the sender's limit, before anything is written.
    /// </summary>
    public static void WriteFrame(IBufferWriter<byte> destination, IMessage message, int maxPayloadSize)
    {
        var size = message.CalculateSize();
        if (size > maxPayloadSize)
        {
            throw new GrpcCallException(StatusCode.ResourceExhausted,
                $"Sending message larger than max ({size} vs. {maxPayloadSize} bytes).");
        }
        var span = destination.GetSpan(GrpcFrame.HeaderSize + size);
        GrpcFrame.WriteHeader(span, size);
        message.WriteTo(span.Slice(GrpcFrame.HeaderSize, size));
        destination.Advance(GrpcFrame.HeaderSize + size);
    }
}
