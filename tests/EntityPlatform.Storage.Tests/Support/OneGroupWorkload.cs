using EntityPlatform.Consensus.Log;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Engine;

namespace EntityPlatform.Storage.Tests.Support;

/// <summary>
/// One group that only grows: batch b appends entries whose bytes are a function of their index, so the
/// state after any number of batches is known exactly. Sizes are the caller's, to steer where records fall
/// in FASTER's pages.
/// </summary>
public sealed class OneGroupWorkload
{
    public const ulong GroupId = 1;
    private readonly List<int> lastIndexAfterBatch = [0];

    /// <summary>Batches committed so far (the engine's DurableBatchSeq when they were all acknowledged).</summary>
    public ulong Batches => (ulong)(lastIndexAfterBatch.Count - 1);

    /// <summary>Commits the next batch: the bootstrap with the first one, then <paramref name="count"/> entries of <paramref name="dataBytes"/>.</summary>
    public void Commit(LogEngine engine, int count, int dataBytes)
    {
        var batch = engine.NewBatch();
        var first = lastIndexAfterBatch[^1] + 1;
        if (Batches == 0)
        {
            batch.Bootstrap(GroupId, ConfState.OfVoters(1, 2, 3));
        }

        var entries = new Entry[count];
        for (var k = 0; k < count; k++)
        {
            entries[k] = new Entry(1, (ulong)(first + k), EntryType.Normal, DataFor(first + k, dataBytes));
        }

        batch.Append(GroupId, entries);
        batch.SetHardState(GroupId, new HardState(1, 1, (ulong)(first - 1)));
        var durable = engine.Commit(batch);
        Assert.Equal(Batches + 1, durable);
        lastIndexAfterBatch.Add(first + count - 1);
    }

    /// <summary>Forgets the last batch (it was never acknowledged: the test crashed the store before it returned).</summary>
    public void ForgetLast() => lastIndexAfterBatch.RemoveAt(lastIndexAfterBatch.Count - 1);

    /// <summary>The engine must hold exactly the state after <paramref name="batches"/> batches: every entry, every byte.</summary>
    public void AssertState(LogEngine engine, ulong batches, string where)
    {
        Assert.True(engine.Recovery.Damage.Count == 0, $"{where}: damage: {string.Join("; ", engine.Recovery.Damage)}");
        Assert.True(engine.DurableBatchSeq == batches, $"{where}: recovered batch {engine.DurableBatchSeq}, expected {batches}");
        var lastIndex = (ulong)lastIndexAfterBatch[(int)batches];
        var view = engine.Group(GroupId);
        Assert.True(view.LastIndex == lastIndex, $"{where}: last index {view.LastIndex}, expected {lastIndex}");
        Assert.Equal(new HardState(1, 1, (ulong)lastIndexAfterBatch[(int)batches - 1]), view.InitialState().HardState);
        Assert.Equal(StorageLookup.Ok, view.TryGetEntries(1, lastIndex + 1, ulong.MaxValue, out var entries));
        Assert.Equal((int)lastIndex, entries.Length);
        foreach (var entry in entries)
        {
            var data = entry.Data.Span;
            Assert.True(data.Length > 0 && data.IndexOfAnyExcept((byte)entry.Index) < 0,
                $"{where}: entry {entry.Index} holds bytes that were never written there");
        }
    }

    private static byte[] DataFor(int index, int dataBytes)
    {
        var data = new byte[dataBytes];
        Array.Fill(data, (byte)index);
        return data;
    }
}
