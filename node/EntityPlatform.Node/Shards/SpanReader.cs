using System.Buffers.Binary;
using System.Text;

namespace EntityPlatform.Node.Shards;

/// <summary>Reads big-endian fields from bytes, failing with the name of the field that does not fit.</summary>
internal ref struct SpanReader(ReadOnlySpan<byte> bytes)
{
    private ReadOnlySpan<byte> remaining = bytes;

    public byte Byte(string field) => Bytes(1, field)[0];

    public ulong UInt64(string field) => BinaryPrimitives.ReadUInt64BigEndian(Bytes(8, field));

    public int Int32(string field) => BinaryPrimitives.ReadInt32BigEndian(Bytes(4, field));

    public string String(string field, int maxBytes)
    {
        int length = BinaryPrimitives.ReadUInt16BigEndian(Bytes(2, field + " length"));
        if (length > maxBytes)
        {
            throw new FormatException($"{field} is {length} bytes; at most {maxBytes} are allowed");
        }

        return Encoding.UTF8.GetString(Bytes(length, field));
    }

    public ReadOnlySpan<byte> Bytes(int count, string field)
    {
        if (count < 0 || count > remaining.Length)
        {
            throw new FormatException($"{field} needs {count} bytes but only {remaining.Length} remain");
        }

        var result = remaining[..count];
        remaining = remaining[count..];
        return result;
    }

    public readonly void ExpectEnd()
    {
        if (!remaining.IsEmpty)
        {
            throw new FormatException($"{remaining.Length} unexpected bytes after the last field");
        }
    }
}
