namespace EntityPlatform.Node.Transport;

/// <summary>
/// Request metadata of an InstallSnapshot call. SnapshotChunk has no length or checksum field, so the
/// sender declares both up front: the receiver preallocates exactly once (after checking the length
/// against its limit) and verifies the assembled bytes before staging them.
/// </summary>
public static class SnapshotHeaders
{
    /// <summary>Total snapshot bytes, decimal ASCII.</summary>
    public const string Length = "ep-snapshot-length";

    /// <summary>CRC-32C (EntityPlatform.Hashing.Crc32C) of all the bytes, decimal ASCII.</summary>
    public const string Crc32C = "ep-snapshot-crc32c";
}
