using System.Buffers.Binary;

namespace EntityPlatform.Storage.Records;

/// <summary>
/// Reads payload fields of a record whose checksum already held. Reads past the end are a format bug
/// (or a checksum collision), so they fail with a <see cref="FormatException"/> that recovery reports.
/// </summary>
public struct PayloadReader(ReadOnlyMemory<byte> payload)
{
    private int position;

    public readonly bool AtEnd => position == payload.Length;

    public byte ReadU8() => Take(1).Span[0];

    public uint ReadU32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4).Span);

    public ulong ReadU64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8).Span);

    /// <summary>A slice of the record buffer itself (no copy): entry data lives on in the record.</summary>
    public ReadOnlyMemory<byte> ReadBytes(int count) => Take(count);

    public ulong[] ReadIds()
    {
        var count = ReadU32();
        if (count > (uint)(payload.Length - position) / 8)
        {
            throw new FormatException($"id list of {count} ids does not fit in the record");
        }

        var ids = new ulong[count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = ReadU64();
        }

        return ids;
    }

    private ReadOnlyMemory<byte> Take(int count)
    {
        if (count < 0 || count > payload.Length - position)
        {
            throw new FormatException($"payload field of {count} bytes at {position} runs past {payload.Length}");
        }

        var slice = payload.Slice(position, count);
        position += count;
        return slice;
    }
}
