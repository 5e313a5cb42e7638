using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Snapshots;
using EntityPlatform.Storage.Tests.Support;

namespace EntityPlatform.Storage.Tests.Snapshots;

/// <summary>Issue 14: state is serialized into the snapshot file a chunk at a time, and a received file moves into the store.</summary>
public sealed class SnapshotStreamTests
{
    private static readonly SnapshotMetadata Metadata = new(40, 2, ConfState.OfVoters(1, 2, 3));

    [Fact]
    public void Writes_of_any_size_become_bounded_verified_chunks_that_read_back_exactly()
    {
        using var dir = new TempDirectory();
        var store = new SnapshotStore(dir.Path, maxChunkBytes: 1000);
        var data = new byte[10_500];
        new Random(5).NextBytes(data);
        using (var writer = store.BeginWrite(7, Metadata))
        {
            using (var stream = new SnapshotWriterStream(writer))
            {
                // Odd-sized writes, single bytes and one larger than a chunk.
                stream.Write(data, 0, 3);
                stream.WriteByte(data[3]);
                stream.Write(data, 4, 2_500);
                stream.Write(data.AsSpan(2_504));
                Assert.Equal(data.Length, stream.Length);
            }

            Assert.Equal((ulong)data.Length, writer.DataBytes);
            writer.Complete();
        }

        using var reader = store.OpenRead(7, Metadata.Index, Metadata.Term);
        var chunks = reader.ReadChunks().Select(c => c.ToArray()).ToArray();
        Assert.All(chunks, c => Assert.InRange(c.Length, 1, 1000));
        Assert.Equal(11, chunks.Length);
        Assert.Equal(data, chunks.SelectMany(c => c).ToArray());
    }

    [Fact]
    public void A_received_file_is_adopted_by_rename_and_replaces_one_with_the_same_name()
    {
        using var dir = new TempDirectory();
        var staging = new SnapshotStore(Path.Combine(dir.Path, "incoming"));
        var store = new SnapshotStore(Path.Combine(dir.Path, "store"));
        foreach (var (target, fill) in new[] { (store, (byte)1), (staging, (byte)2) })
        {
            using var writer = target.BeginWrite(7, Metadata);
            writer.WriteChunk(Enumerable.Repeat(fill, 100).ToArray());
            writer.Complete();
        }

        store.Adopt(staging, 7, Metadata.Index, Metadata.Term);

        Assert.False(staging.Exists(7, Metadata.Index, Metadata.Term));
        using var reader = store.OpenRead(7, Metadata.Index, Metadata.Term);
        Assert.All(reader.ReadChunks().SelectMany(c => c.ToArray()), b => Assert.Equal(2, b));
    }
}
