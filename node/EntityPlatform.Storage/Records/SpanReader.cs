using System.Buffers.Binary;

namespace EntityPlatform.Storage.Records;

/// <summary>
/// Reads fixed-width little-endian fields off a span (the hot entries path, which copies what it keeps).
/// Reads past the end fail with a <see cref="FormatException"/> that recovery reports as damage.
/// </summary>
public ref struct SpanReader(ReadOnlySpan<byte> payload)
{
    private readonly ReadOnlySpan<byte> payload = payload;
    private int position;

    public readonly int Remaining => payload.Length - position;

    public byte ReadU8() => Take(1)[0];

    public uint ReadU32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong ReadU64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public ReadOnlySpan<byte> Take(int count)
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
