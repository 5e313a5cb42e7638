using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Devices;
using EntityPlatform.Storage.Engine;
using EntityPlatform.Storage.Tests.Support;

namespace EntityPlatform.Storage.Tests.Engine;

/// <summary>Issue 12: a full disk refuses the write with a clear error, loses nothing acknowledged, and writes resume when space returns.</summary>
public sealed class DiskFullTests
{
    private static readonly ConfState Voters = ConfState.OfVoters(1);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Full_disk_refuses_the_batch_keeps_every_acknowledged_write_and_writes_resume_when_space_returns(int seed)
    {
        var device = new MemoryLogDevice(seed);
        var engine = LogEngine.Open(device, new LogEngineOptions { ChunkBytes = 4 << 10 });
        Stores.Commit(engine, b => { b.Bootstrap(1, Voters); b.Bootstrap(2, Voters); });
        // Room for a few dozen more batches, then the disk is full.
        device.CapacityBytes = device.UsedBytes + 40_000 + seed * 1_000;
        ulong acknowledged = 0;
        StorageFullException? refused = null;
        for (var round = 0; round < 1_000 && refused is null; round++)
        {
            // Several chunks per batch, so the disk fills in the middle of a batch, after some chunks were applied.
            var batch = engine.NewBatch();
            batch.Append(1, Stores.Entries(acknowledged + 1, 10, term: 1, dataBytes: 300, fill: (byte)round));
            batch.Append(2, Stores.Entries(acknowledged + 1, 10, term: 1, dataBytes: 300, fill: (byte)round));
            batch.SetHardState(1, new HardState(1, 1, acknowledged + 10));
            try
            {
                engine.Commit(batch);
                acknowledged += 10;
            }
            catch (StorageFullException error)
            {
                refused = error;
            }
        }

        Assert.NotNull(refused);
        Assert.Contains("the log device is full", refused.Message);
        Assert.Contains("No space left on device", refused.Message);
        Assert.True(acknowledged > 0, "the disk was full before any batch");
        Assert.Equal(1, engine.Metrics.DiskFullRefusals);
        AssertHolds(engine, acknowledged);

        // Still full: refused again, still intact.
        var again = engine.NewBatch();
        again.Append(1, Stores.Entries(acknowledged + 1, 10, term: 1, dataBytes: 300));
        again.Append(2, Stores.Entries(acknowledged + 1, 10, term: 1, dataBytes: 300));
        Assert.Throws<StorageFullException>(() => engine.Commit(again));
        AssertHolds(engine, acknowledged);

        // Space returns: writes resume on the same engine, no reopen.
        device.CapacityBytes = long.MaxValue;
        Stores.Commit(engine, b => { b.Append(1, Stores.Entries(acknowledged + 1, 10, term: 1, dataBytes: 300, fill: 7)); b.Append(2, Stores.Entries(acknowledged + 1, 10, term: 1, dataBytes: 300, fill: 7)); });
        acknowledged += 10;
        AssertHolds(engine, acknowledged);
        engine.Dispose();

        // And a restart (after a crash) recovers exactly the acknowledged writes.
        device.Crash();
        using var reopened = LogEngine.Open(device, new LogEngineOptions { ChunkBytes = 4 << 10 });
        Assert.Empty(reopened.RefusedGroups);
        AssertHolds(reopened, acknowledged);
    }

    [Fact]
    public void Full_disk_during_compaction_refuses_the_pass_and_loses_nothing()
    {
        var device = new MemoryLogDevice(seed: 9);
        var engine = LogEngine.Open(device);
        Stores.Commit(engine, b => { b.Bootstrap(1, Voters); b.Bootstrap(2, Voters); b.Append(1, Stores.Entries(1, 40, term: 1, dataBytes: 1_000)); });
        for (ulong i = 1; i <= 40; i += 10)
        {
            Stores.Commit(engine, b => b.Append(2, Stores.Entries(i, 10, term: 1, dataBytes: 1_000)));
        }

        // Relocating group 1 (40 kB live) needs room the disk no longer has.
        device.CapacityBytes = device.UsedBytes + 1_000;
        var error = Assert.Throws<StorageFullException>(() => engine.CompactLog(targetAddress: long.MaxValue));
        Assert.Contains("compaction", error.Message);
        AssertHolds(engine, 40, dataBytes: 1_000);
        device.CapacityBytes = long.MaxValue;
        var result = engine.CompactLog(targetAddress: long.MaxValue);
        Assert.True(result.RelocatedGroups > 0, $"{result}");
        AssertHolds(engine, 40, dataBytes: 1_000);
        engine.Dispose();
    }

    private static void AssertHolds(LogEngine engine, ulong lastIndex, int dataBytes = 300)
    {
        foreach (var group in new ulong[] { 1, 2 })
        {
            var view = engine.Group(group);
            Assert.Equal(lastIndex, view.LastIndex);
            Assert.Equal(Consensus.Log.StorageLookup.Ok, view.TryGetEntries(view.FirstIndex, lastIndex + 1, ulong.MaxValue, out var entries));
            Assert.Equal(lastIndex - view.FirstIndex + 1, (ulong)entries.Length);
            Assert.All(entries, e => Assert.Equal(dataBytes, e.Data.Length));
        }
    }
}
