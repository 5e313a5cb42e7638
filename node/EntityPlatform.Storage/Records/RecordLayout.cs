namespace EntityPlatform.Storage.Records;

/// <summary>
/// Byte layout of a record header (little endian). A record is one FasterLog entry:
/// <code>
///  0  u32 crc32c     over bytes [4, end): header fields and payload
///  4  u8  version    (1)
///  5  u8  kind       (RecordKind)
///  6  u16 reserved   (0)
///  8  u32 payloadLength
/// 12  u32 groupCheck crc32c of the 8 groupId bytes: attributes a damaged record to its group
/// 16  u64 groupId
/// 24  u64 lsn        log sequence number: +1 per record, so a lost record shows as a gap
/// 32  payload
/// </code>
/// </summary>
public static class RecordLayout
{
    public const byte Version = 1;
    public const int HeaderBytes = 32;
    public const int CrcOffset = 0;
    public const int VersionOffset = 4;
    public const int KindOffset = 5;
    public const int PayloadLengthOffset = 8;
    public const int GroupCheckOffset = 12;
    public const int GroupIdOffset = 16;
    public const int LsnOffset = 24;
}
