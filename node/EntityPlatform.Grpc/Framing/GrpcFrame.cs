using System.Buffers.Binary;

namespace EntityPlatform.Grpc.Framing;

/// <summary>
/// The gRPC length-prefixed message: a 1-byte compressed flag, a 4-byte big-endian length, then the
/// message bytes. Every message of every call kind travels in this form inside HTTP/2 DATA frames.
/// </summary>
public static class GrpcFrame
{
    public const int HeaderSize = 5;

    /// <summary>The protocol's ceiling on a length (uint32), which we also cap at what an array can hold.</summary>
    public const int MaxPayloadSize = int.MaxValue - HeaderSize;

    public static void WriteHeader(Span<byte> destination, int payloadSize)
    {
        destination[0] = 0; // never compressed: we send identity encoding only (docs/grpc.md)
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)payloadSize);
    }
}
