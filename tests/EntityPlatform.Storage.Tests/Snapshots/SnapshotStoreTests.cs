using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Snapshots;
using EntityPlatform.Storage.Tests.Support;

namespace EntityPlatform.Storage.Tests.Snapshots;

public sealed class SnapshotStoreTests
{
    private static readonly SnapshotMetadata Meta = new(40, 3, ConfState.OfVoters(1, 2, 3));

    [Fact]
    public void Chunked_write_and_read_round_trip_with_bounded_chunks()
    {
        using var dir = new TempDirectory();
        var store = new SnapshotStore(dir.Path, maxChunkBytes: 1000);
        var data = new byte[10_500];
        new Random(1).NextBytes(data);
        using (var writer = store.BeginWrite(9, Meta))
        {
            writer.WriteChunk(data.AsSpan(0, 4000));
            writer.WriteChunk(data.AsSpan(4000));
            writer.Complete();
        }

        using var reader = store.OpenRead(9, 40, 3);
        Assert.Equal(9UL, reader.GroupId);
        Assert.Equal(Meta, reader.Metadata);
        var chunks = reader.ReadChunks().ToList();
        Assert.All(chunks, c => Assert.True(c.Length <= 1000));
        Assert.Equal(data, chunks.SelectMany(c => c.ToArray()).ToArray());
    }

    [Fact]
    public void An_unfinished_write_leaves_the_previous_snapshot_intact_and_leaves_no_file()
    {
        using var dir = new TempDirectory();
        var store = new SnapshotStore(dir.Path);
        using (var writer = store.BeginWrite(1, Meta))
        {
            writer.WriteChunk([1, 2, 3]);
            writer.Complete();
        }

        using (var abandoned = store.BeginWrite(1, Meta with { Index = 80 }))
        {
            abandoned.WriteChunk([9, 9]);
        }

        Assert.False(store.Exists(1, 80, 3));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
        using var reader = store.OpenRead(1, 40, 3);
        Assert.Equal(new byte[] { 1, 2, 3 }, reader.ReadChunks().Single().ToArray());
    }

    [Fact]
    public void Replacing_a_snapshot_then_deleting_older_ones_and_orphans()
    {
        using var dir = new TempDirectory();
        var store = new SnapshotStore(dir.Path);
        foreach (var index in new ulong[] { 10, 20, 30 })
        {
            using var writer = store.BeginWrite(1, Meta with { Index = index });
            writer.WriteChunk([(byte)index]);
            writer.Complete();
        }

        File.WriteAllText(Path.Combine(dir.Path, "g2-i5-t1.snap.tmp"), "crashed mid-write");
        Assert.Equal(1, store.DeleteOlderThan(1, 20));
        Assert.Equal(2, store.RemoveOrphans(group => group == 1 ? (20UL, 3UL) : null));
        Assert.True(store.Exists(1, 20, 3));
        Assert.False(store.Exists(1, 30, 3));
        Assert.Equal(1, store.DeleteGroup(1));
    }

    [Fact]
    public void Damaged_or_truncated_files_fail_with_path_and_offset_and_yield_no_damaged_bytes()
    {
        using var dir = new TempDirectory();
        var store = new SnapshotStore(dir.Path, maxChunkBytes: 100);
        using (var writer = store.BeginWrite(1, Meta))
        {
            writer.WriteChunk(new byte[300]);
            writer.Complete();
        }

        var path = Directory.GetFiles(dir.Path, "*.snap").Single();
        var bytes = File.ReadAllBytes(path);
        bytes[^50] ^= 1; // inside the last data chunk
        File.WriteAllBytes(path, bytes);
        using (var reader = store.OpenRead(1, 40, 3))
        {
            var yielded = new List<ReadOnlyMemory<byte>>();
            var error = Assert.Throws<IOException>(() => { foreach (var chunk in reader.ReadChunks()) yielded.Add(chunk); });
            Assert.Contains(path, error.Message);
            Assert.Contains("checksum", error.Message);
            Assert.Equal(2, yielded.Count);
        }

        File.WriteAllBytes(path, bytes[..^30]);
        using var truncated = store.OpenRead(1, 40, 3);
        Assert.Throws<IOException>(() => truncated.ReadChunks().ToList());
    }
}
