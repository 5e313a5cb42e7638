using System.Buffers.Binary;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Hashing;
using EntityPlatform.Storage.Records;

namespace EntityPlatform.Storage.Snapshots;

/// <summary>
/// Snapshot file layout: header = magic "EPSNAP01", u32 length, u32 crc32c, then the group id and the
/// snapshot metadata (as in log records); then chunks, each u32 length, u32 crc32c, data; then an end
/// chunk of length 0 whose crc field holds the crc32c of the u64 total data length that follows it.
/// Every chunk is verified before it is handed out, so a reader never yields damaged bytes.
/// </summary>
internal static class SnapshotFileFormat
{
    public static ReadOnlySpan<byte> Magic => "EPSNAP01"u8;

    public const int MaxHeaderBytes = 1 << 20;

    public static byte[] EncodeHeader(ulong groupId, SnapshotMetadata metadata)
    {
        var writer = new RecordWriter(RecordLayout.HeaderBytes + RecordCodec.SnapshotMetadataBytes(metadata));
        writer.BeginRecord();
        RecordCodec.WriteSnapshotMetadata(writer, metadata);
        writer.EndRecord(RecordKind.SnapshotInstalled, groupId, 0);
        var body = writer.Chunk.ToArray();
        var header = new byte[Magic.Length + 8 + body.Length];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), Crc32C.Compute(body));
        body.CopyTo(header.AsSpan(16));
        return header;
    }

    /// <summary>Decodes the header body (after magic, length and crc were checked).</summary>
    public static (ulong GroupId, SnapshotMetadata Metadata) DecodeHeader(byte[] body, string path)
    {
        if (!RecordDecoder.TryReadHeader(body, out var header, out var why) ||
            header.RecordBytes != body.Length || !RecordDecoder.TryVerify(body, out why))
        {
            why = why.Length > 0 ? why : $"record of {header.RecordBytes} bytes in a {body.Length}-byte header";
            throw new IOException($"snapshot {path}: header damaged: {why}");
        }

        var reader = new PayloadReader(body.AsMemory(RecordLayout.HeaderBytes));
        return (header.GroupId, RecordCodec.ReadSnapshotMetadata(ref reader));
    }
}
