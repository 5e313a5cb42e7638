using EntityPlatform.Consensus.Tracking;

namespace EntityPlatform.Consensus.Tests.Tracking;

public sealed class ProgressMapTests
{
    private static Progress NewProgress(ulong match) =>
        new(match + 1, new Inflights(4, 0)) { Match = match, RecentActive = true };

    [Fact]
    public void Enumerates_in_ascending_id_order_whatever_the_insertion_order()
    {
        var map = new ProgressMap();
        foreach (var id in new ulong[] { 9, 2, 7, 1, 5 })
        {
            map.Add(id, NewProgress(id));
        }

        var seen = new List<ulong>();
        foreach (var (id, progress) in map)
        {
            seen.Add(id);
            Assert.Equal(id, progress.Match);
        }

        Assert.Equal([1UL, 2, 5, 7, 9], seen);
        Assert.Equal([1UL, 2, 5, 7, 9], map.Ids);
        Assert.Equal(5, map.Count);
    }

    [Fact]
    public void Lookup_add_remove_and_indexer_behave_like_a_map()
    {
        var map = new ProgressMap();
        map.Add(3, NewProgress(3));
        Assert.Throws<InvariantViolationException>(() => map.Add(3, NewProgress(4)));
        Assert.True(map.TryGetValue(3, out var found));
        Assert.Equal(3UL, found.Match);
        Assert.False(map.TryGetValue(4, out _));
        Assert.Throws<KeyNotFoundException>(() => map[4]);

        map[4] = NewProgress(4);
        map[3] = NewProgress(30);
        Assert.Equal(30UL, map[3].Match);
        Assert.True(map.Remove(3));
        Assert.False(map.Remove(3));
        Assert.Equal([4UL], map.Ids);
    }

    [Fact]
    public void Clone_is_deep_and_changing_the_map_while_enumerating_is_caught()
    {
        var map = new ProgressMap();
        map.Add(1, NewProgress(1));
        map.Add(2, NewProgress(2));
        var clone = map.Clone();
        map[1].Match = 100;
        map.Remove(2);
        Assert.Equal(1UL, clone[1].Match);
        Assert.Equal(2, clone.Count);
        Assert.Equal("1: StateProbe match=1 next=2\n2: StateProbe match=2 next=3\n", clone.ToString());

        Assert.Throws<InvariantViolationException>(() =>
        {
            foreach (var (id, _) in clone)
            {
                clone.Remove(id);
            }
        });
    }
}
