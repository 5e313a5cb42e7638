using System.Buffers.Binary;
using EntityPlatform.Hashing;

namespace EntityPlatform.Storage.Records;

/// <summary>
/// Builds one record in a growable buffer: header placeholder, payload fields, then <see cref="Seal"/>
/// fills the header and checksum. Fields are little endian and fixed width so the format is plain to read.
/// </summary>
public sealed class RecordWriter
{
    private byte[] buffer;
    private int length;

    public RecordWriter(int capacityBytes = 256)
    {
        buffer = new byte[Math.Max(capacityBytes, RecordLayout.HeaderBytes)];
        length = RecordLayout.HeaderBytes;
    }

    /// <summary>Payload bytes written so far.</summary>
    public int PayloadBytes => length - RecordLayout.HeaderBytes;

    /// <summary>Offset in the finished record where the next field will start.</summary>
    public int Position => length;

    public void WriteU8(byte value) => Reserve(1)[0] = value;

    public void WriteU32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    public void WriteU64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    public void WriteBytes(ReadOnlySpan<byte> value) => value.CopyTo(Reserve(value.Length));

    /// <summary>Writes a length-prefixed id list (count u32, then ids).</summary>
    public void WriteIds(IReadOnlyList<ulong> ids)
    {
        WriteU32((uint)ids.Count);
        foreach (var id in ids)
        {
            WriteU64(id);
        }
    }

    /// <summary>Fills the header, computes the checksum and returns the finished record (exact length).</summary>
    public byte[] Seal(RecordKind kind, ulong groupId, ulong lsn)
    {
        var span = buffer.AsSpan(0, length);
        span[..RecordLayout.HeaderBytes].Clear();
        span[RecordLayout.VersionOffset] = RecordLayout.Version;
        span[RecordLayout.KindOffset] = (byte)kind;
        BinaryPrimitives.WriteUInt32LittleEndian(span[RecordLayout.PayloadLengthOffset..], (uint)PayloadBytes);
        BinaryPrimitives.WriteUInt64LittleEndian(span[RecordLayout.GroupIdOffset..], groupId);
        var groupCheck = Crc32C.Compute(span.Slice(RecordLayout.GroupIdOffset, 8));
        BinaryPrimitives.WriteUInt32LittleEndian(span[RecordLayout.GroupCheckOffset..], groupCheck);
        BinaryPrimitives.WriteUInt64LittleEndian(span[RecordLayout.LsnOffset..], lsn);
        BinaryPrimitives.WriteUInt32LittleEndian(span, Crc32C.Compute(span[4..]));
        var record = span.ToArray();
        length = RecordLayout.HeaderBytes;
        return record;
    }

    private Span<byte> Reserve(int count)
    {
        if (length + count > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, length + count));
        }

        var span = buffer.AsSpan(length, count);
        length += count;
        return span;
    }
}
