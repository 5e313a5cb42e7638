using System.Buffers.Binary;
using EntityPlatform.Hashing;

namespace EntityPlatform.Storage.Records;

/// <summary>
/// Packs records back to back into one fixed chunk buffer (one device entry, see <see cref="ChunkLayout"/>),
/// in place: <see cref="BeginRecord"/> leaves room for the header, payload fields follow, then
/// <see cref="EndRecord"/> fills the header and both checksums. The buffer is reused for every chunk, so
/// the commit path allocates nothing per record. The caller sizes records before writing them (it knows
/// the chunk's room); running past the buffer is an encoder bug, not a growable case.
/// </summary>
public sealed class RecordWriter(int capacityBytes)
{
    private readonly byte[] buffer = new byte[Math.Max(capacityBytes, ChunkLayout.BatchEndBytes)];
    private int length;
    private int recordStart = -1;

    /// <summary>Most bytes one chunk may hold.</summary>
    public int Capacity => buffer.Length;

    /// <summary>Bytes of the chunk so far, including the record being written.</summary>
    public int Length => length;

    /// <summary>Room left in the chunk.</summary>
    public int Free => buffer.Length - length;

    /// <summary>The finished records of the chunk (valid until <see cref="Reset"/>).</summary>
    public ReadOnlySpan<byte> Chunk
    {
        get
        {
            Invariant.Assert(recordStart < 0, "a record is still open");
            return buffer.AsSpan(0, length);
        }
    }

    public ReadOnlyMemory<byte> ChunkMemory => buffer.AsMemory(0, length);

    public void Reset()
    {
        Invariant.Assert(recordStart < 0, "a record is still open");
        length = 0;
    }

    public void BeginRecord()
    {
        Invariant.Assert(recordStart < 0, "a record is already open");
        recordStart = length;
        Reserve(RecordLayout.HeaderBytes);
    }

    public void WriteU8(byte value) => Reserve(1)[0] = value;

    public void WriteU32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    public void WriteU64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    public void WriteBytes(ReadOnlySpan<byte> value) => value.CopyTo(Reserve(value.Length));

    /// <summary>Writes a length-prefixed id list (count u32, then ids).</summary>
    public void WriteIds(IReadOnlyList<ulong> ids)
    {
        WriteU32((uint)ids.Count);
        for (var k = 0; k < ids.Count; k++)
        {
            WriteU64(ids[k]);
        }
    }

    /// <summary>Room for <paramref name="count"/> bytes at the end of the open record.</summary>
    public Span<byte> Reserve(int count)
    {
        Invariant.Assert(count <= buffer.Length - length, "record runs past the chunk buffer");
        var span = buffer.AsSpan(length, count);
        length += count;
        return span;
    }

    /// <summary>Fills the header of the open record and computes its header check and checksum.</summary>
    public void EndRecord(RecordKind kind, ulong groupId, ulong lsn)
    {
        Invariant.Assert(recordStart >= 0, "no record is open");
        var record = buffer.AsSpan(recordStart, length - recordStart);
        record[RecordLayout.VersionOffset] = RecordLayout.Version;
        record[RecordLayout.KindOffset] = (byte)kind;
        record[6] = 0;
        record[7] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(record[RecordLayout.PayloadLengthOffset..], (uint)(record.Length - RecordLayout.HeaderBytes));
        BinaryPrimitives.WriteUInt64LittleEndian(record[RecordLayout.GroupIdOffset..], groupId);
        BinaryPrimitives.WriteUInt64LittleEndian(record[RecordLayout.LsnOffset..], lsn);
        var headerCheck = Crc32C.Compute(record[4..RecordLayout.HeaderCheckOffset]);
        BinaryPrimitives.WriteUInt32LittleEndian(record[RecordLayout.HeaderCheckOffset..], headerCheck);
        BinaryPrimitives.WriteUInt32LittleEndian(record, Crc32C.Compute(record[4..]));
        recordStart = -1;
    }
}
