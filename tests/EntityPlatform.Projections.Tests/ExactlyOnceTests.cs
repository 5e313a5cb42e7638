using EntityPlatform.Projections.Tests.Fakes;
using EntityPlatform.Projections.Tests.Postgres;
using static EntityPlatform.Projections.Tests.ReadModelTestKit;

namespace EntityPlatform.Projections.Tests;

/// <summary>
/// At-least-once input, exactly-once effects: whatever the fake subscription repeats, rewinds or loses to a
/// "node failure", the PostgreSQL read model ends equal to the fold of the events, row by row.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ExactlyOnceTests(PostgresFixture fixture)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ReadModelEqualsTheFoldDespiteRepeatsRewindsAndNodeFailures(int seed)
    {
        var log = AccountEventLog.Generate(seed, shardCount: 4, accountsPerShard: 12, eventsPerShard: 300);
        var source = new FlakyEventSource(log, seed) { Failures = 6 };
        await using var db = await NewReadModelAsync(fixture);
        var projection = new ObservedProjection();
        using var host = Host(db, source.SubscribeAsync, projection);
        using var metrics = new MetricRecorder(host.Meter);

        await RunToEndAsync(host);

        ExpectedReadModel.Fold(log).AssertEqual(await ExpectedReadModel.ReadAsync(db));
        Assert.Equal(Ends(log), await StoredCheckpointsAsync(db));
        // The first subscription dies halfway at the latest; a later one may reach the end before its failure point.
        Assert.InRange(source.ResumePoints.Count, 2, 7);
        Assert.Equal(source.ResumePoints.Count - 1, metrics.Total("entityplatform.projection.source_failures"));
        Assert.True(metrics.Total("entityplatform.projection.duplicates_dropped") > 0, "the fake repeated events, so some were dropped");
        Assert.Equal(log.Count, metrics.Total("entityplatform.projection.events_applied"));
        Assert.Equal(log.Count, projection.EventsHandled);
    }

    [Fact]
    public async Task EachResubscriptionStartsAfterTheCommittedCheckpoint()
    {
        var log = AccountEventLog.Generate(seed: 11, shardCount: 3, accountsPerShard: 5, eventsPerShard: 200);
        var source = new FlakyEventSource(log, seed: 11) { Failures = 4 };
        await using var db = await NewReadModelAsync(fixture);
        using var host = Host(db, source.SubscribeAsync, new ObservedProjection());

        await RunToEndAsync(host);

        // The first subscription starts from nothing; each later one at most where the previous stream reached.
        Assert.Empty(source.ResumePoints[0]);
        for (var i = 1; i < source.ResumePoints.Count; i++)
        {
            foreach (var (shard, from) in source.ResumePoints[i])
            {
                Assert.InRange(from, 2UL, (ulong)log.Shards[shard].Count + 1);
                Assert.True(from >= source.ResumePoints[i - 1].GetValueOrDefault(shard, 1UL), "checkpoints never move back");
            }
        }

        ExpectedReadModel.Fold(log).AssertEqual(await ExpectedReadModel.ReadAsync(db));
    }

    [Fact]
    public async Task TwoHostsOfOneProjectionStillApplyEachEventOnce()
    {
        var log = AccountEventLog.Generate(seed: 21, shardCount: 4, accountsPerShard: 8, eventsPerShard: 250);
        await using var db = await NewReadModelAsync(fixture);
        using var first = Host(db, new FlakyEventSource(log, seed: 22) { Failures = 3 }.SubscribeAsync, new ObservedProjection());
        using var second = Host(db, new FlakyEventSource(log, seed: 23) { Failures = 3 }.SubscribeAsync, new ObservedProjection());

        await Task.WhenAll(RunToEndAsync(first), RunToEndAsync(second));

        ExpectedReadModel.Fold(log).AssertEqual(await ExpectedReadModel.ReadAsync(db));
        Assert.Equal(Ends(log), await StoredCheckpointsAsync(db));
    }

    [Fact]
    public async Task AStreamThatSkipsAnOffsetIsCutAndResubscribed()
    {
        var log = AccountEventLog.Generate(seed: 31, shardCount: 3, accountsPerShard: 6, eventsPerShard: 150);
        var source = new FlakyEventSource(log, seed: 31) { MaxRewind = 0, RepeatChance = 0, JumpBackChance = 0, SkipOnce = (2, 100) };
        await using var db = await NewReadModelAsync(fixture);
        using var host = Host(db, source.SubscribeAsync, new ObservedProjection());
        using var metrics = new MetricRecorder(host.Meter);

        await RunToEndAsync(host);

        Assert.Equal(1, metrics.Total("entityplatform.projection.gaps"));
        Assert.Equal(2, source.ResumePoints.Count);
        Assert.Equal(100UL, source.ResumePoints[1][2]);
        ExpectedReadModel.Fold(log).AssertEqual(await ExpectedReadModel.ReadAsync(db));
    }

    [Fact]
    public async Task TransientProjectionErrorsAreRetriedAndCounted()
    {
        var log = AccountEventLog.Generate(seed: 41, shardCount: 2, accountsPerShard: 4, eventsPerShard: 100);
        await using var db = await NewReadModelAsync(fixture);
        var projection = new ObservedProjection
        {
            AfterWrites = (call, _, _) => call is 2 or 3 ? throw new TimeoutException($"transient failure on call {call}") : Task.CompletedTask,
        };
        using var host = Host(db, new FlakyEventSource(log, seed: 41).SubscribeAsync, projection);
        using var metrics = new MetricRecorder(host.Meter);

        await RunToEndAsync(host);

        Assert.Equal(2, metrics.Total("entityplatform.projection.batch_failures"));
        ExpectedReadModel.Fold(log).AssertEqual(await ExpectedReadModel.ReadAsync(db));
    }
}
