using System.Buffers.Binary;
using EntityPlatform.Hashing;

namespace EntityPlatform.Storage.Engine;

/// <summary>
/// What the engine stores with every device commit: the last record's LSN, the batch sequence number and
/// the device address where the durable log ends. Recovery uses the end address to tell a torn or
/// unacknowledged tail (at or past it: truncated) from damage (before it: refused). 28 bytes, checksummed.
/// </summary>
internal readonly record struct CommitCookie(ulong LastLsn, ulong BatchSeq, long DurableEndAddress)
{
    private const int Bytes = 28;

    public byte[] Encode()
    {
        var bytes = new byte[Bytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, LastLsn);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), BatchSeq);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(16), DurableEndAddress);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), Crc32C.Compute(bytes.AsSpan(0, 24)));
        return bytes;
    }

    /// <summary>Decodes a cookie; an empty one (new log) gives zeroes. A damaged one is a clear error.</summary>
    public static CommitCookie Decode(ReadOnlySpan<byte> bytes, string where)
    {
        if (bytes.IsEmpty)
        {
            return default;
        }

        if (bytes.Length != Bytes ||
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[24..]) != Crc32C.Compute(bytes[..24]))
        {
            throw new StorageCorruptionException(where, null, "the commit cookie (last LSN, batch, end address) is damaged");
        }

        return new CommitCookie(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[16..]));
    }
}
