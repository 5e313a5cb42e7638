using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Compaction;
using EntityPlatform.Storage.Tests.Support;

namespace EntityPlatform.Storage.Tests.Engine;

public sealed class CompactionTests
{
    [Fact]
    public void Lagging_group_does_not_pin_the_file_its_live_entries_move_forward_and_segments_are_freed()
    {
        using var dir = new TempDirectory();
        using (var engine = Stores.Open(dir.Path))
        {
            // Group 1 lags: bootstrapped first, a few entries, never snapshotted. Group 2 writes a lot and compacts.
            Stores.Commit(engine, b => { b.Bootstrap(1, ConfState.OfVoters(1)); b.Bootstrap(2, ConfState.OfVoters(1)); b.Append(1, Stores.Entries(1, 5, term: 1)); });
            ulong last = 0;
            for (var round = 0; round < 40; round++)
            {
                Stores.Commit(engine, b => b.Append(2, Stores.Entries(last + 1, 50, term: 1, dataBytes: 200)));
                last += 50;
                Stores.Commit(engine, b => { b.CreateSnapshot(2, last, ConfState.OfVoters(1)); b.Compact(2, last); });
            }

            var segmentsBefore = Directory.GetFiles(dir.Path, "log.*").Length;
            var result = engine.CompactLog();
            Assert.True(result.RelocatedGroups >= 1, $"nothing relocated: {result}");
            Assert.True(result.NewBeginAddress > result.OldBeginAddress, $"head did not move: {result}");
            var full = engine.CompactLog(targetAddress: long.MaxValue);
            Assert.True(result.NewBeginAddress > 1 << 18 && full.NewBeginAddress >= result.NewBeginAddress, $"head still pinned: {result} then {full}");
            // FASTER deletes the freed segment files once the truncation is committed; one more commit settles it.
            engine.Commit(engine.NewBatch());
            var segmentsAfter = Directory.GetFiles(dir.Path, "log.*").Length;
            Assert.True(segmentsAfter < segmentsBefore, $"no segment file was deleted ({segmentsBefore} before, {segmentsAfter} after)");
        }

        using var reopened = Stores.Open(dir.Path);
        var lagging = reopened.Group(1);
        Assert.Equal(5UL, lagging.LastIndex);
        lagging.TryGetEntries(1, 6, ulong.MaxValue, out var entries);
        Assert.Equal(Stores.Entries(1, 5, term: 1), entries);
        Assert.Equal(2001UL, reopened.Group(2).FirstIndex);
    }

    [Fact]
    public void Planner_takes_oldest_pins_first_within_budget_but_always_at_least_one()
    {
        var groups = new RelocationPlanner.Candidate[] { new(1, 100, 500), new(2, 50, 10_000), new(3, 900, 1), new(4, 60, 10) };
        Assert.Equal([2UL], RelocationPlanner.Choose(groups, targetAddress: 200, budgetBytes: 1000));
        Assert.Equal([2UL, 4, 1], RelocationPlanner.Choose(groups, targetAddress: 200, budgetBytes: 20_000));
        Assert.Empty(RelocationPlanner.Choose(groups, targetAddress: 10, budgetBytes: 20_000));
    }
}
