using System.Buffers.Binary;
using EntityPlatform.Hashing;

namespace EntityPlatform.Storage.Records;

/// <summary>
/// Reads records out of a chunk in two steps, so that damage is pinned as narrowly as possible:
/// <see cref="TryReadHeader"/> trusts a header only when its own check holds (then the record's extent,
/// kind and group are known even if its payload is damaged), and <see cref="TryVerify"/> checks the whole
/// record before any payload byte is used.
/// </summary>
public static class RecordDecoder
{
    /// <summary>
    /// Frames the record at the start of <paramref name="rest"/> (the chunk from this record on). False
    /// when the header is damaged or runs past the chunk: the chunk's framing is lost from here on.
    /// </summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> rest, out RecordHeader header, out string why)
    {
        header = default;
        if (rest.Length < RecordLayout.HeaderBytes)
        {
            why = $"{rest.Length} bytes left in the chunk, fewer than a {RecordLayout.HeaderBytes}-byte record header";
            return false;
        }

        var stored = BinaryPrimitives.ReadUInt32LittleEndian(rest[RecordLayout.HeaderCheckOffset..]);
        var actual = Crc32C.Compute(rest[4..RecordLayout.HeaderCheckOffset]);
        if (stored != actual)
        {
            why = $"record header check mismatch (stored 0x{stored:X8}, computed 0x{actual:X8}): the chunk cannot be framed from here on";
            return false;
        }

        var version = rest[RecordLayout.VersionOffset];
        var kind = (RecordKind)rest[RecordLayout.KindOffset];
        if (version != RecordLayout.Version || !Enum.IsDefined(kind))
        {
            why = $"unknown record version {version} or kind {(byte)kind}";
            return false;
        }

        var payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(rest[RecordLayout.PayloadLengthOffset..]);
        if (payloadLength > (uint)(rest.Length - RecordLayout.HeaderBytes))
        {
            why = $"record of {payloadLength} payload bytes runs past the chunk ({rest.Length - RecordLayout.HeaderBytes} bytes left)";
            return false;
        }

        header = new RecordHeader(
            kind,
            BinaryPrimitives.ReadUInt64LittleEndian(rest[RecordLayout.GroupIdOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(rest[RecordLayout.LsnOffset..]),
            (int)payloadLength);
        why = "";
        return true;
    }

    /// <summary>True when the checksum of the whole framed record holds.</summary>
    public static bool TryVerify(ReadOnlySpan<byte> record, out string why)
    {
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(record);
        var actual = Crc32C.Compute(record[4..]);
        if (stored != actual)
        {
            why = $"checksum mismatch (stored 0x{stored:X8}, computed 0x{actual:X8})";
            return false;
        }

        why = "";
        return true;
    }
}
