using System.Buffers.Binary;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Hashing;

namespace EntityPlatform.Storage.Snapshots;

/// <summary>
/// Streams one snapshot to a temporary file chunk by chunk; <see cref="Complete"/> writes the end chunk,
/// fsyncs the file, renames it to its final name and fsyncs the directory. Until then the previous
/// snapshot stays intact; disposing without completing deletes the temporary file.
/// </summary>
public sealed class SnapshotWriter : IDisposable
{
    private readonly FileStream stream;
    private readonly string temporaryPath;
    private readonly string finalPath;
    private readonly int maxChunkBytes;
    private readonly byte[] frame = new byte[8];
    private ulong totalBytes;
    private bool completed;

    internal SnapshotWriter(string temporaryPath, string finalPath, ulong groupId, SnapshotMetadata metadata, int maxChunkBytes)
    {
        this.temporaryPath = temporaryPath;
        this.finalPath = finalPath;
        this.maxChunkBytes = maxChunkBytes;
        stream = new FileStream(temporaryPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        stream.Write(SnapshotFileFormat.EncodeHeader(groupId, metadata));
    }

    /// <summary>The largest chunk this writer frames; larger pieces are split.</summary>
    public int MaxChunkBytes => maxChunkBytes;

    /// <summary>Data bytes written so far (not counting the file's framing).</summary>
    public ulong DataBytes => totalBytes;

    /// <summary>Appends data; pieces larger than the chunk limit are split.</summary>
    public void WriteChunk(ReadOnlySpan<byte> data)
    {
        Invariant.Assert(!completed, "snapshot already completed");
        while (!data.IsEmpty)
        {
            var piece = data[..Math.Min(data.Length, maxChunkBytes)];
            BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)piece.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), Crc32C.Compute(piece));
            stream.Write(frame);
            stream.Write(piece);
            totalBytes += (ulong)piece.Length;
            data = data[piece.Length..];
        }
    }

    /// <summary>Seals the file and publishes it atomically under its final name.</summary>
    public void Complete()
    {
        Invariant.Assert(!completed, "snapshot already completed");
        var end = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(end.AsSpan(8), totalBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(4), Crc32C.Compute(end.AsSpan(8)));
        stream.Write(end);
        stream.Flush(flushToDisk: true);
        stream.Dispose();
        File.Move(temporaryPath, finalPath, overwrite: true);
        DirectorySync.Flush(Path.GetDirectoryName(finalPath)!);
        completed = true;
    }

    public void Dispose()
    {
        stream.Dispose();
        if (!completed && File.Exists(temporaryPath))
        {
            File.Delete(temporaryPath);
        }
    }
}
