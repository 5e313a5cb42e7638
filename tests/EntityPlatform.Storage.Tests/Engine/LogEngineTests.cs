using EntityPlatform.Consensus.Log;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Engine;
using EntityPlatform.Storage.Tests.Support;

namespace EntityPlatform.Storage.Tests.Engine;

/// <summary>Each engine operation on the real FASTER device, across restarts.</summary>
public sealed class LogEngineTests
{
    private static readonly ConfState Voters = ConfState.OfVoters(1, 2, 3);

    [Fact]
    public void Bootstrap_gives_the_conf_state_at_index_zero_and_survives_restart()
    {
        using var dir = new TempDirectory();
        using (var engine = Stores.Open(dir.Path))
        {
            Stores.Commit(engine, b => b.Bootstrap(7, Voters));
            Assert.Throws<StorageUsageException>(() => engine.NewBatch().Bootstrap(7, Voters));
        }

        using var reopened = Stores.Open(dir.Path);
        var view = reopened.Group(7);
        Assert.Equal((HardState.Empty, Voters), view.InitialState());
        Assert.Equal(1UL, view.FirstIndex);
        Assert.Equal(0UL, view.LastIndex);
        Assert.Equal(StorageLookup.Ok, view.TryGetTerm(0, out var term));
        Assert.Equal(0UL, term);
        Assert.Equal(1UL, reopened.DurableBatchSeq);
    }

    [Fact]
    public void Overwritten_suffix_never_comes_back_after_restart()
    {
        using var dir = new TempDirectory();
        using (var engine = Stores.Open(dir.Path))
        {
            Stores.Commit(engine, b => { b.Bootstrap(1, Voters); b.Append(1, Stores.Entries(1, 10, term: 1)); });
            Stores.Commit(engine, b => b.Append(1, Stores.Entries(6, 2, term: 2, fill: 100)));
            Assert.Equal(7UL, engine.Group(1).LastIndex);
        }

        using var reopened = Stores.Open(dir.Path);
        var view = reopened.Group(1);
        Assert.Equal(7UL, view.LastIndex);
        Assert.Equal(StorageLookup.Unavailable, view.TryGetTerm(8, out _));
        view.TryGetEntries(1, 8, ulong.MaxValue, out var entries);
        Assert.Equal([1UL, 1, 1, 1, 1, 2, 2], entries.Select(e => e.Term));
        Assert.Equal(100, entries[5].Data.Span[0]);
    }

    [Fact]
    public void Hard_state_snapshot_and_compaction_survive_restart_with_memory_storage_semantics()
    {
        using var dir = new TempDirectory();
        using (var engine = Stores.Open(dir.Path))
        {
            Stores.Commit(engine, b => { b.Bootstrap(1, Voters); b.Append(1, Stores.Entries(1, 20, term: 3)); });
            Stores.Commit(engine, b =>
            {
                b.SetHardState(1, new HardState(3, 2, 15));
                b.CreateSnapshot(1, 15, ConfState.OfVoters(1, 2, 3, 4));
                b.Compact(1, 12);
            });
            Assert.Throws<StorageUsageException>(() => engine.NewBatch().Compact(1, 16));
        }

        using var reopened = Stores.Open(dir.Path);
        var view = reopened.Group(1);
        Assert.Equal(new HardState(3, 2, 15), view.HardState);
        Assert.Equal(ConfState.OfVoters(1, 2, 3, 4), view.InitialState().ConfState);
        Assert.Equal(13UL, view.FirstIndex);
        Assert.Equal(StorageLookup.Compacted, view.TryGetEntries(12, 14, 0, out _));
        Assert.Equal(StorageLookup.Ok, view.TryGetTerm(12, out var term));
        Assert.Equal(3UL, term);
        Assert.Equal(StorageLookup.Compacted, view.TryGetTerm(11, out _));
        Assert.Equal(StorageLookup.Ok, view.TryGetEntries(13, 21, 1, out var one));
        Assert.Single(one); // maxBytes below one entry still returns one
    }

    [Fact]
    public void Installed_snapshot_replaces_the_log_and_an_older_one_is_ignored()
    {
        using var dir = new TempDirectory();
        using (var engine = Stores.Open(dir.Path))
        {
            Stores.Commit(engine, b => { b.Bootstrap(1, Voters); b.Append(1, Stores.Entries(1, 5, term: 1)); });
            var batch = engine.NewBatch();
            Assert.True(batch.InstallSnapshot(1, new SnapshotMetadata(100, 9, ConfState.OfVoters(4, 5, 6))));
            Assert.False(batch.InstallSnapshot(1, new SnapshotMetadata(50, 9, Voters)));
            engine.Commit(batch);
        }

        using var reopened = Stores.Open(dir.Path);
        var view = reopened.Group(1);
        Assert.Equal(101UL, view.FirstIndex);
        Assert.Equal(100UL, view.LastIndex);
        Assert.Equal(ConfState.OfVoters(4, 5, 6), view.InitialState().ConfState);
        Assert.Equal(StorageLookup.Ok, view.TryGetTerm(100, out var term));
        Assert.Equal(9UL, term);
    }

    [Fact]
    public void Invalid_operations_name_the_group_and_leave_the_batch_unchanged()
    {
        using var dir = new TempDirectory();
        using var engine = Stores.Open(dir.Path);
        Stores.Commit(engine, b => { b.Bootstrap(1, Voters); b.Append(1, Stores.Entries(1, 3, term: 1)); });
        var batch = engine.NewBatch();
        var gap = Assert.Throws<StorageUsageException>(() => batch.Append(1, Stores.Entries(5, 1, term: 1)));
        Assert.Contains("group 1", gap.Message);
        Assert.Contains("gap", gap.Message);
        Assert.Throws<StorageUsageException>(() => batch.Append(2, Stores.Entries(1, 1, term: 1)));
        Assert.Throws<StorageUsageException>(() => batch.Append(1, Stores.Entries(4, 1, term: 1, dataBytes: 9000)));
        Assert.Equal(0, batch.OperationCount);
    }

    [Fact]
    public void One_commit_carries_many_groups_and_returns_increasing_batch_numbers()
    {
        using var dir = new TempDirectory();
        using (var engine = Stores.Open(dir.Path))
        {
            var batch = engine.NewBatch();
            for (ulong g = 1; g <= 500; g++)
            {
                batch.Bootstrap(g, Voters);
                batch.Append(g, Stores.Entries(1, 2, term: 1));
                batch.SetHardState(g, new HardState(1, g % 3, 2));
            }

            Assert.Equal(1UL, engine.Commit(batch));
            Assert.Equal(2UL, engine.Commit(engine.NewBatch()));
        }

        using var reopened = Stores.Open(dir.Path);
        Assert.Equal(500, reopened.GroupIds.Count);
        Assert.Equal(2UL, reopened.DurableBatchSeq);
        Assert.Equal(new HardState(1, 2, 2), reopened.Group(500).HardState);
    }
}
