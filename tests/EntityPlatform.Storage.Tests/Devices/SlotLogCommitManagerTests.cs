using System.Buffers.Binary;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Devices;
using EntityPlatform.Storage.Tests.Support;

namespace EntityPlatform.Storage.Tests.Devices;

/// <summary>FASTER's commit metadata in two slots written in turn: a damaged (torn) newest slot falls back to the other.</summary>
public sealed class SlotLogCommitManagerTests
{
    private const int SlotBytes = 4096;

    [Fact]
    public void Slots_alternate_and_a_damaged_newest_slot_falls_back_to_the_previous_commit()
    {
        using var dir = new TempDirectory();
        using (var manager = new SlotLogCommitManager(dir.Path))
        {
            Assert.Empty(manager.ListCommits());
            manager.Commit(0, 10, [1, 2, 3], 1, false);
            manager.Commit(0, 20, [4, 5], 2, false);
            manager.Commit(0, 30, [6], 3, false);
            Assert.Equal([3L, 2L], manager.ListCommits());
            Assert.Equal([6], manager.GetCommitMetadata(3));
            Assert.Equal([4, 5], manager.GetCommitMetadata(2));
            Assert.Null(manager.GetCommitMetadata(1));
        }

        Damage(dir.Path, NewestSlot(dir.Path));
        using var reopened = new SlotLogCommitManager(dir.Path);
        Assert.Equal([2L], reopened.ListCommits());

        // The next write goes to the damaged slot, never over the only good one.
        reopened.Commit(0, 40, [7], 4, false);
        Assert.Equal([4L, 2L], reopened.ListCommits());
        Assert.Equal([4, 5], reopened.GetCommitMetadata(2));
    }

    [Fact]
    public void A_store_whose_newest_commit_slot_is_damaged_reopens_whole_at_a_committed_batch()
    {
        using var dir = new TempDirectory();
        using (var engine = Stores.Open(dir.Path))
        {
            Stores.Commit(engine, b => { b.Bootstrap(1, ConfState.OfVoters(1)); b.Append(1, Stores.Entries(1, 5, term: 1)); });
            Stores.Commit(engine, b => b.Append(1, Stores.Entries(6, 5, term: 1)));
        }

        Damage(dir.Path, NewestSlot(dir.Path));
        using var reopened = Stores.Open(dir.Path);
        Assert.Empty(reopened.Recovery.Damage);
        // FASTER falls back to the older slot, then finds the newer commit record in the log itself.
        Assert.InRange(reopened.DurableBatchSeq, 1UL, 2UL);
        Assert.Equal(reopened.DurableBatchSeq == 2 ? 10UL : 5UL, reopened.Group(1).LastIndex);
        reopened.Group(1).TryGetEntries(1, reopened.Group(1).LastIndex + 1, ulong.MaxValue, out var entries);
        Assert.Equal(Stores.Entries(1, (int)reopened.Group(1).LastIndex, term: 1).Select(e => (e.Index, e.Term)), entries.Select(e => (e.Index, e.Term)));
    }

    private static int NewestSlot(string directory)
    {
        var bytes = File.ReadAllBytes(Path.Combine(directory, SlotLogCommitManager.FileName));
        var first = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16));
        var second = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(SlotBytes + 16));
        return second > first ? 1 : 0;
    }

    private static void Damage(string directory, int slot)
    {
        var path = Path.Combine(directory, SlotLogCommitManager.FileName);
        var bytes = File.ReadAllBytes(path);
        bytes[slot * SlotBytes + 10] ^= 0x10; // inside the commit number: covered by the slot checksum
        File.WriteAllBytes(path, bytes);
    }
}
