using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Snapshots;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// One snapshot file being uploaded. The file is opened twice at once, at <see cref="Open"/>: one reader
/// computes the length and CRC-32C that InstallSnapshot declares up front (the file stores neither for
/// the whole data), the other streams the bytes. Both are open before either reads, so a newer snapshot
/// that deletes this file meanwhile does not cut the upload short (an open file's data stays readable).
/// Memory: one chunk of the store's size at a time, whatever the snapshot's size.
/// </summary>
internal sealed class FileSnapshotUpload : SnapshotUpload
{
    private readonly SnapshotReader data;

    public FileSnapshotUpload(SnapshotStore store, ulong groupId, SnapshotMetadata metadata)
    {
        using var measure = store.OpenRead(groupId, metadata.Index, metadata.Term);
        data = store.OpenRead(groupId, metadata.Index, metadata.Term);
        try
        {
            long length = 0;
            uint crc = 0;
            foreach (var chunk in measure.ReadChunks())
            {
                crc = Hashing.Crc32C.Append(crc, chunk.Span);
                length += chunk.Length;
            }

            (LengthBytes, Crc32C) = (length, crc);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    public override long LengthBytes { get; }

    public override uint Crc32C { get; }

    public override IEnumerable<ReadOnlyMemory<byte>> Pieces(int maxPieceBytes) =>
        data.ReadChunks().SelectMany(chunk => Slice(chunk, maxPieceBytes));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            data.Dispose();
        }
    }
}
