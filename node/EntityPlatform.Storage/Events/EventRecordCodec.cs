using System.Buffers.Binary;
using System.Text;

namespace EntityPlatform.Storage.Events;

/// <summary>
/// The bytes of one event-log record: kind(1) | offset(8) | appliedAtUnixMs(8) | entityIdLength(2) |
/// entityId (UTF-8) | payload, integers little-endian. A <see cref="StartMarker"/> record carries only the
/// offset the log starts at after a reset (its entity id and payload are empty).
/// </summary>
internal static class EventRecordCodec
{
    public const byte Event = 1;
    public const byte StartMarker = 2;
    public const int HeaderBytes = 1 + 8 + 8 + 2;

    public static byte[] Encode(byte kind, ulong offset, long appliedAtUnixMs, string entityId, ReadOnlySpan<byte> payload)
    {
        var idLength = Encoding.UTF8.GetByteCount(entityId);
        Invariant.Assert(idLength <= ushort.MaxValue, $"entity id of {idLength} bytes");
        var bytes = new byte[HeaderBytes + idLength + payload.Length];
        bytes[0] = kind;
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(1), offset);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(9), appliedAtUnixMs);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(17), (ushort)idLength);
        Encoding.UTF8.GetBytes(entityId, bytes.AsSpan(HeaderBytes));
        payload.CopyTo(bytes.AsSpan(HeaderBytes + idLength));
        return bytes;
    }

    /// <summary>Decodes a record; a record that does not frame is corruption of our own file (an invariant).</summary>
    public static (byte Kind, StoredEvent Event) Decode(ReadOnlySpan<byte> record)
    {
        Invariant.Assert(record.Length >= HeaderBytes, $"event record of {record.Length} bytes");
        var kind = record[0];
        Invariant.Assert(kind is Event or StartMarker, $"event record kind {kind}");
        var offset = BinaryPrimitives.ReadUInt64LittleEndian(record[1..]);
        var at = BinaryPrimitives.ReadInt64LittleEndian(record[9..]);
        var idLength = BinaryPrimitives.ReadUInt16LittleEndian(record[17..]);
        Invariant.Assert(HeaderBytes + idLength <= record.Length, $"event record of {record.Length} bytes declares an id of {idLength}");
        var id = Encoding.UTF8.GetString(record.Slice(HeaderBytes, idLength));
        var payload = record[(HeaderBytes + idLength)..].ToArray();
        return (kind, new StoredEvent(offset, at, id, payload));
    }
}
