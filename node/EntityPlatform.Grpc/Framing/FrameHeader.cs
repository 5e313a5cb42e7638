using System.Buffers;
using System.Buffers.Binary;
using EntityPlatform.Grpc.Status;

namespace EntityPlatform.Grpc.Framing;

/// <summary>A parsed 5-byte message prefix. Parsing validates everything a peer can get wrong.</summary>
public readonly record struct FrameHeader(byte CompressedFlag, uint PayloadSize)
{
    /// <summary>Reads the prefix from the start of <paramref name="buffer"/> (which holds at least 5 bytes).</summary>
    public static FrameHeader Read(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> bytes = stackalloc byte[GrpcFrame.HeaderSize];
        buffer.Slice(0, GrpcFrame.HeaderSize).CopyTo(bytes);
        return Read(bytes);
    }

    public static FrameHeader Read(ReadOnlySpan<byte> bytes) =>
        new(bytes[0], BinaryPrimitives.ReadUInt32BigEndian(bytes[1..]));

    /// <summary>
    /// Throws the status the spec asks for when this frame cannot be accepted: a set compressed flag
    /// (we never negotiate an encoding, so a compressed message cannot be decoded: INTERNAL), a flag
    /// value other than 0/1 (INTERNAL), or a size over <paramref name="maxPayloadSize"/> (RESOURCE_EXHAUSTED).
    /// </summary>
    public void Validate(int maxPayloadSize)
    {
        if (CompressedFlag == 1)
        {
            throw new GrpcCallException(StatusCode.Internal,
                "Received a compressed message, but no grpc-encoding was negotiated (only identity is supported).");
        }
        if (CompressedFlag != 0)
        {
            throw new GrpcCallException(StatusCode.Internal, $"Malformed message prefix: compressed flag {CompressedFlag}.");
        }
        if (PayloadSize > (uint)maxPayloadSize)
        {
            throw new GrpcCallException(StatusCode.ResourceExhausted,
                $"Received message larger than max ({PayloadSize} vs. {maxPayloadSize} bytes).");
        }
    }
}
