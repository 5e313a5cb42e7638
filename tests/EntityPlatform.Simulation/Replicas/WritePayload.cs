using System.Buffers.Binary;

namespace EntityPlatform.Simulation.Replicas;

/// <summary>The bytes of a client write: <c>key(1) | writeId(8, big-endian)</c>. Write ids are unique per run.</summary>
public static class WritePayload
{
    public const int SizeBytes = 9;

    public static byte[] Encode(int key, ulong writeId)
    {
        var bytes = new byte[SizeBytes];
        bytes[0] = (byte)key;
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(1), writeId);
        return bytes;
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out int key, out ulong writeId)
    {
        key = 0;
        writeId = 0;
        if (bytes.Length != SizeBytes || bytes[0] >= KvStateMachine.KeyCount)
        {
            return false;
        }

        key = bytes[0];
        writeId = BinaryPrimitives.ReadUInt64BigEndian(bytes[1..]);
        return true;
    }
}
