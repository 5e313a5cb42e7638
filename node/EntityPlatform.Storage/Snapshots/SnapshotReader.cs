using System.Buffers.Binary;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Hashing;

namespace EntityPlatform.Storage.Snapshots;

/// <summary>
/// Reads a snapshot file: the metadata at once, the data as verified chunks of bounded size. A damaged
/// or truncated file fails with an <see cref="IOException"/> naming the path and offset; no damaged
/// byte is ever yielded.
/// </summary>
public sealed class SnapshotReader : IDisposable
{
    private readonly FileStream stream;
    private readonly string path;
    private readonly int maxChunkBytes;

    internal SnapshotReader(string path, int maxChunkBytes)
    {
        this.path = path;
        this.maxChunkBytes = maxChunkBytes;
        stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var prefix = ReadExactly(16);
        if (!prefix.AsSpan(0, 8).SequenceEqual(SnapshotFileFormat.Magic))
        {
            throw Damaged(0, "not a snapshot file (bad magic)");
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(prefix.AsSpan(8));
        if (length > SnapshotFileFormat.MaxHeaderBytes)
        {
            throw Damaged(8, $"header length {length} is too large");
        }

        var body = ReadExactly((int)length);
        if (Crc32C.Compute(body) != BinaryPrimitives.ReadUInt32LittleEndian(prefix.AsSpan(12)))
        {
            throw Damaged(16, "header checksum mismatch");
        }

        (GroupId, Metadata) = SnapshotFileFormat.DecodeHeader(body, path);
    }

    public ulong GroupId { get; }
    public SnapshotMetadata Metadata { get; }

    /// <summary>The data, chunk by chunk (each at most the store's chunk size), every chunk verified.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> ReadChunks()
    {
        ulong totalBytes = 0;
        while (true)
        {
            var offset = stream.Position;
            var frame = ReadExactly(8);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(frame);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(4));
            if (length == 0)
            {
                var total = ReadExactly(8);
                if (Crc32C.Compute(total) != crc || BinaryPrimitives.ReadUInt64LittleEndian(total) != totalBytes)
                {
                    throw Damaged(offset, $"end chunk does not match the {totalBytes} bytes read");
                }

                yield break;
            }

            if (length > maxChunkBytes)
            {
                throw Damaged(offset, $"chunk length {length} exceeds the limit {maxChunkBytes}");
            }

            var data = ReadExactly((int)length);
            if (Crc32C.Compute(data) != crc)
            {
                throw Damaged(offset, "chunk checksum mismatch");
            }

            totalBytes += length;
            yield return data;
        }
    }

    public void Dispose() => stream.Dispose();

    private byte[] ReadExactly(int count)
    {
        var buffer = new byte[count];
        var offset = stream.Position;
        if (stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false) < count)
        {
            throw Damaged(offset, $"file ends inside a {count}-byte field (truncated)");
        }

        return buffer;
    }

    private IOException Damaged(long offset, string what) => new($"snapshot {path} offset {offset}: {what}");
}
