using System.Buffers.Binary;
using System.Text;

namespace EntityPlatform.Node.Shards;

/// <summary>
/// The byte form of <see cref="ShardEntry"/> in the replicated log; part of the durable format, so it only
/// grows by version. Layout: version(1)=1 | kind(1) | session(16) | requestId(8 BE) | type(str) | id(str) |
/// rejection(str, empty if none) | eventCount(4 BE) | events(len(4 BE) + bytes)...; str = len(2 BE) + UTF-8.
/// Decoding validates every length against the remaining bytes and the limits below.
/// </summary>
public static class ShardEntryCodec
{
    private const byte Version = 1;
    public const int MaxEvents = 1024;
    public const int MaxStringBytes = 1024;

    /// <summary>
    /// The most bytes an entry with one event and no rejection adds around that event: version, kind,
    /// session, request id, the type and id strings at their limits, an empty rejection, the event count
    /// and the event's length.
    /// </summary>
    public const int MaxFramingBytes = 1 + 1 + 16 + 8 + (2 + MaxStringBytes) * 2 + 2 + 4 + 4;

    public static byte[] Encode(ShardEntry entry)
    {
        if (entry.Events.Count > MaxEvents)
        {
            throw new ArgumentException($"a command produced {entry.Events.Count} events; at most {MaxEvents} are allowed per command", nameof(entry));
        }

        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(Version);
        writer.Write((byte)entry.Kind);
        writer.Write(entry.SessionId.ToByteArray(bigEndian: true));
        WriteUInt64(writer, entry.RequestId);
        WriteString(writer, entry.EntityType, "entity type");
        WriteString(writer, entry.EntityId, "entity id");
        WriteString(writer, entry.Rejection ?? "", "rejection");
        WriteInt32(writer, entry.Events.Count);
        foreach (var @event in entry.Events)
        {
            WriteInt32(writer, @event.Length);
            writer.Write(@event);
        }

        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>Decodes an entry; malformed bytes throw <see cref="FormatException"/> naming the field.</summary>
    public static ShardEntry Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new SpanReader(bytes);
        var version = reader.Byte("version");
        if (version != Version)
        {
            throw new FormatException($"shard entry version is {version}; expected {Version}");
        }

        var kind = (ShardEntryKind)reader.Byte("kind");
        if (kind is not (ShardEntryKind.Accepted or ShardEntryKind.Rejected))
        {
            throw new FormatException($"shard entry kind is {(byte)kind}; expected 1 or 2");
        }

        var session = new Guid(reader.Bytes(16, "session"), bigEndian: true);
        var requestId = reader.UInt64("request id");
        var type = reader.String("entity type", MaxStringBytes);
        var id = reader.String("entity id", MaxStringBytes);
        var rejection = reader.String("rejection", MaxStringBytes);
        var count = reader.Int32("event count");
        if (count < 0 || count > MaxEvents)
        {
            throw new FormatException($"shard entry event count is {count}; expected 0..{MaxEvents}");
        }

        var events = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            events[i] = reader.Bytes(reader.Int32($"event {i} length"), $"event {i}").ToArray();
        }

        reader.ExpectEnd();
        return new ShardEntry(kind, type, id, session, requestId, events, kind == ShardEntryKind.Rejected ? rejection : null);
    }

    private static void WriteUInt64(BinaryWriter writer, ulong value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(buffer, value);
        writer.Write(buffer);
    }

    private static void WriteInt32(BinaryWriter writer, int value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, value);
        writer.Write(buffer);
    }

    private static void WriteString(BinaryWriter writer, string value, string field)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length > MaxStringBytes)
        {
            throw new ArgumentException($"{field} is {bytes.Length} bytes; at most {MaxStringBytes} are allowed");
        }

        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)bytes.Length);
        writer.Write(length);
        writer.Write(bytes);
    }
}
