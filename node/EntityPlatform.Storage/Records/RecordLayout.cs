namespace EntityPlatform.Storage.Records;

/// <summary>
/// Byte layout of a record header (little endian). Records are packed back to back into device entries
/// (see <see cref="ChunkLayout"/>), so a record must be able to say where it ends and whose it is even
/// when its payload is damaged: the header has its own check.
/// <code>
///  0  u32 crc32c       over bytes [4, end): header fields and payload
///  4  u8  version      (2)
///  5  u8  kind         (RecordKind)
///  6  u16 reserved     (0)
///  8  u32 payloadLength
/// 12  u64 groupId      (for BatchEnd: 0)
/// 20  u64 lsn          log sequence number: +1 per record, so a lost record shows as a gap
/// 28  u32 headerCheck  crc32c of bytes [4, 28): when it holds, the record's length, kind and group can
///                      be trusted even if its payload is damaged, so the damage is pinned on one group
///                      and the next record of the chunk can still be found
/// 32  payload
/// </code>
/// </summary>
public static class RecordLayout
{
    /// <summary>Version 2: packed records with a header check (version 1 had one record per device entry).</summary>
    public const byte Version = 2;
    public const int HeaderBytes = 32;
    public const int CrcOffset = 0;
    public const int VersionOffset = 4;
    public const int KindOffset = 5;
    public const int PayloadLengthOffset = 8;
    public const int GroupIdOffset = 12;
    public const int LsnOffset = 20;
    public const int HeaderCheckOffset = 28;
}
