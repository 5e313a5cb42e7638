using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace EntityPlatform.DotNextPeer;

/// <summary>
/// A register write as a Raft log entry's payload: the key's UTF-8 length (int32, little endian), the key, then the
/// value (int64, little endian). An empty payload is DotNext's leader no-op and changes nothing.
/// </summary>
public static class KeyValueCommand
{
    /// <summary>Keys are the harness's short names; the bound keeps a bad request from growing the log without limit.</summary>
    public const int MaxKeyBytes = 256;

    public static byte[] Encode(string key, long value)
    {
        var keyBytes = Encoding.UTF8.GetByteCount(key);
        if (keyBytes is 0 or > MaxKeyBytes)
        {
            throw new ArgumentException($"key '{key}' is {keyBytes} UTF-8 bytes; expected 1 to {MaxKeyBytes}", nameof(key));
        }

        var payload = new byte[sizeof(int) + keyBytes + sizeof(long)];
        BinaryPrimitives.WriteInt32LittleEndian(payload, keyBytes);
        Encoding.UTF8.GetBytes(key, payload.AsSpan(sizeof(int), keyBytes));
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(sizeof(int) + keyBytes), value);
        return payload;
    }

    public static (string Key, long Value) Decode(in ReadOnlySequence<byte> payload)
    {
        // Entries are tiny: copying to the stack is simpler than walking the segments.
        var length = checked((int)payload.Length);
        if (length < sizeof(int) + 1 + sizeof(long) || length > sizeof(int) + MaxKeyBytes + sizeof(long))
        {
            throw new InvalidDataException($"a key-value log entry of {length} bytes; expected {sizeof(int) + 1 + sizeof(long)} to {sizeof(int) + MaxKeyBytes + sizeof(long)}");
        }

        Span<byte> bytes = stackalloc byte[length];
        payload.CopyTo(bytes);
        var keyBytes = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        if (keyBytes != length - sizeof(int) - sizeof(long))
        {
            throw new InvalidDataException($"a key-value log entry says its key has {keyBytes} bytes, but the entry holds {length - sizeof(int) - sizeof(long)}");
        }

        return (Encoding.UTF8.GetString(bytes.Slice(sizeof(int), keyBytes)), BinaryPrimitives.ReadInt64LittleEndian(bytes[(sizeof(int) + keyBytes)..]));
    }
}
