using System.Buffers.Binary;
using EntityPlatform.Hashing;

namespace EntityPlatform.Storage.Records;

/// <summary>Checks a raw record and decodes its header; never trusts a byte before the checksum holds.</summary>
public static class RecordDecoder
{
    /// <summary>
    /// True when <paramref name="record"/> is a whole, undamaged record of a known version and kind. On
    /// false, <paramref name="why"/> says what failed (for the corruption message).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> record, out RecordHeader header, out string why)
    {
        header = default;
        if (record.Length < RecordLayout.HeaderBytes)
        {
            why = $"record of {record.Length} bytes is shorter than the {RecordLayout.HeaderBytes}-byte header";
            return false;
        }

        var payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(record[RecordLayout.PayloadLengthOffset..]);
        if (payloadLength != (uint)(record.Length - RecordLayout.HeaderBytes))
        {
            why = $"length field says {payloadLength} payload bytes but the record holds {record.Length - RecordLayout.HeaderBytes}";
            return false;
        }

        var stored = BinaryPrimitives.ReadUInt32LittleEndian(record);
        var actual = Crc32C.Compute(record[4..]);
        if (stored != actual)
        {
            why = $"checksum mismatch (stored 0x{stored:X8}, computed 0x{actual:X8})";
            return false;
        }

        var version = record[RecordLayout.VersionOffset];
        var kind = (RecordKind)record[RecordLayout.KindOffset];
        if (version != RecordLayout.Version || !Enum.IsDefined(kind))
        {
            why = $"unknown version {version} or kind {(byte)kind}";
            return false;
        }

        header = new RecordHeader(
            kind,
            BinaryPrimitives.ReadUInt64LittleEndian(record[RecordLayout.GroupIdOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(record[RecordLayout.LsnOffset..]),
            (int)payloadLength);
        why = "";
        return true;
    }

    /// <summary>
    /// For a damaged record: the group it belongs to when its group id still matches its own small
    /// checksum, so the damage can be pinned on one group instead of on the whole store.
    /// </summary>
    public static bool TryAttributeGroup(ReadOnlySpan<byte> record, out ulong groupId)
    {
        groupId = 0;
        if (record.Length < RecordLayout.HeaderBytes)
        {
            return false;
        }

        var groupBytes = record.Slice(RecordLayout.GroupIdOffset, 8);
        var check = BinaryPrimitives.ReadUInt32LittleEndian(record[RecordLayout.GroupCheckOffset..]);
        if (Crc32C.Compute(groupBytes) != check)
        {
            return false;
        }

        groupId = BinaryPrimitives.ReadUInt64LittleEndian(groupBytes);
        return true;
    }
}
