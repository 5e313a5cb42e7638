using EntityPlatform.Consensus.Tracking;

namespace EntityPlatform.Consensus.Tests.Tracking;

public sealed class InflightsTests
{
    [Fact]
    public void Fills_up_to_the_count_limit_then_reports_full_and_refuses_more()
    {
        var inflights = new Inflights(maxCount: 3, maxBytes: 0);
        inflights.Add(1, 10);
        inflights.Add(2, 10);
        Assert.False(inflights.Full);
        inflights.Add(3, 10);
        Assert.True(inflights.Full);
        Assert.Equal(3, inflights.Count);
        Assert.Equal(30UL, inflights.Bytes);
        Assert.Throws<InvariantViolationException>(() => inflights.Add(4, 10));
    }

    [Fact]
    public void Byte_limit_lets_one_oversized_append_through_and_then_reports_full()
    {
        var inflights = new Inflights(maxCount: 10, maxBytes: 100);
        inflights.Add(1, 60);
        Assert.False(inflights.Full);
        inflights.Add(2, 60);
        Assert.True(inflights.Full);
        inflights.FreeLE(1);
        Assert.False(inflights.Full);
        Assert.Equal(60UL, inflights.Bytes);
    }

    [Fact]
    public void FreeLE_frees_exactly_the_appends_at_or_below_the_index()
    {
        var inflights = new Inflights(maxCount: 10, maxBytes: 0);
        for (ulong index = 1; index <= 5; index++)
        {
            inflights.Add(index * 10, index);
        }

        inflights.FreeLE(9);
        Assert.Equal(5, inflights.Count);
        inflights.FreeLE(30);
        Assert.Equal(2, inflights.Count);
        Assert.Equal(4UL + 5, inflights.Bytes);
        inflights.FreeLE(1000);
        Assert.Equal(0, inflights.Count);
        Assert.Equal(0UL, inflights.Bytes);
    }

    [Fact]
    public void Ring_wraps_around_and_keeps_order_across_the_seam()
    {
        var inflights = new Inflights(maxCount: 4, maxBytes: 0);
        inflights.Add(1, 1);
        inflights.Add(2, 1);
        inflights.Add(3, 1);
        inflights.FreeLE(2);

        // Slots 3 and 0 are now used across the seam of the four-slot ring.
        inflights.Add(4, 1);
        inflights.Add(5, 1);
        inflights.Add(6, 1);
        Assert.True(inflights.Full);
        inflights.FreeLE(4);
        Assert.Equal(2, inflights.Count);
        inflights.Add(7, 1);
        inflights.Add(8, 1);
        inflights.FreeLE(7);
        Assert.Equal(1, inflights.Count);
        inflights.FreeLE(8);
        Assert.Equal(0, inflights.Count);
    }

    [Fact]
    public void Indexes_must_increase()
    {
        var inflights = new Inflights(maxCount: 4, maxBytes: 0);
        inflights.Add(5, 1);
        Assert.Throws<InvariantViolationException>(() => inflights.Add(5, 1));
    }

    [Fact]
    public void Reset_empties_and_clone_is_independent()
    {
        var inflights = new Inflights(maxCount: 4, maxBytes: 0);
        inflights.Add(1, 3);
        var clone = inflights.Clone();
        inflights.Add(2, 3);
        inflights.Reset();
        Assert.Equal(0, inflights.Count);
        Assert.Equal(0UL, inflights.Bytes);
        Assert.Equal(1, clone.Count);
        Assert.Equal(3UL, clone.Bytes);
        clone.FreeLE(1);
        Assert.Equal(0, clone.Count);
    }

    [Fact]
    public void Random_operations_agree_with_a_queue_model()
    {
        for (var seed = 1; seed <= 500; seed++)
        {
            var random = new Random(seed);
            var maxCount = random.Next(1, 9);
            var maxBytes = random.Next(3) == 0 ? 0UL : (ulong)random.Next(1, 60);
            var inflights = new Inflights(maxCount, maxBytes);
            var model = new Queue<(ulong Index, ulong Bytes)>();
            ulong nextIndex = 1;
            for (var step = 0; step < 200; step++)
            {
                var modelBytes = model.Aggregate(0UL, (sum, item) => sum + item.Bytes);
                var modelFull = model.Count == maxCount || (maxBytes != 0 && modelBytes >= maxBytes);
                Assert.True(modelFull == inflights.Full, $"seed {seed} step {step}: full");
                if (!modelFull && random.Next(2) == 0)
                {
                    nextIndex += (ulong)random.Next(1, 4);
                    var bytes = (ulong)random.Next(0, 20);
                    inflights.Add(nextIndex, bytes);
                    model.Enqueue((nextIndex, bytes));
                }
                else
                {
                    var to = nextIndex - (ulong)random.Next(0, 6);
                    inflights.FreeLE(to);
                    while (model.Count > 0 && model.Peek().Index <= to)
                    {
                        model.Dequeue();
                    }
                }

                Assert.True(model.Count == inflights.Count, $"seed {seed} step {step}: count");
                Assert.True(model.Aggregate(0UL, (sum, item) => sum + item.Bytes) == inflights.Bytes, $"seed {seed} step {step}: bytes");
            }
        }
    }
}
