using EntityPlatform.Projections.Tests.Fakes;
using EntityPlatform.Projections.Tests.Postgres;
using static EntityPlatform.Projections.Tests.ReadModelTestKit;

namespace EntityPlatform.Projections.Tests;

/// <summary>A slow read model bounds what the host reads ahead and what one transaction holds.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BackpressureTests(PostgresFixture fixture)
{
    [Fact]
    public async Task ASlowProjectionStopsTheReadAheadAtTheBufferAndBatchesStayBounded()
    {
        var log = AccountEventLog.Generate(seed: 91, shardCount: 4, accountsPerShard: 5, eventsPerShard: 500);
        var source = new FlakyEventSource(log, seed: 91) { RepeatChance = 0, JumpBackChance = 0, MaxRewind = 0 };
        await using var db = await NewReadModelAsync(fixture);
        var options = FastOptions();
        options.MaxBatchEvents = 25;
        options.BufferEvents = 60;
        long handledBefore = 0;
        var readAheadMax = 0L;
        var bufferFilled = false;
        var projection = new ObservedProjection
        {
            BeforeWrites = async (call, _, events) =>
            {
                // The host took this batch out of the buffer; the source can be ahead by at most the buffer, this
                // batch, and the one event the reader holds while it waits for room.
                var bound = options.BufferEvents + events.Count + 1;
                if (call == 1)
                {
                    bufferFilled = await WaitUntilAsync(() => source.Delivered - handledBefore >= options.BufferEvents, TimeSpan.FromSeconds(20));
                    Assert.False(await WaitUntilAsync(() => source.Delivered - handledBefore > bound, TimeSpan.FromMilliseconds(300)),
                        $"the source ran {source.Delivered - handledBefore} events ahead; bound {bound}");
                }

                readAheadMax = Math.Max(readAheadMax, source.Delivered - handledBefore);
                Assert.InRange(source.Delivered - handledBefore, events.Count, bound);
                handledBefore += events.Count;
            },
        };
        using var host = Host(db, source.SubscribeAsync, projection, options);

        await RunToEndAsync(host);

        Assert.True(bufferFilled, "the buffer filled while the first batch was held");
        Assert.All(projection.BatchSizes, size => Assert.InRange(size, 1, options.MaxBatchEvents));
        Assert.Equal(log.Count, projection.BatchSizes.Sum());
        ExpectedReadModel.Fold(log).AssertEqual(await ExpectedReadModel.ReadAsync(db));
    }
}
