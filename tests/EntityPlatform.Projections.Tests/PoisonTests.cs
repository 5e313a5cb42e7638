using System.Text;
using EntityPlatform.Projections.Hosting;
using EntityPlatform.Projections.Tests.Fakes;
using EntityPlatform.Projections.Tests.Postgres;
using static EntityPlatform.Projections.Tests.ReadModelTestKit;

namespace EntityPlatform.Projections.Tests;

/// <summary>An event the projection can never handle (here: a payload that is not an account event), under both policies.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PoisonTests(PostgresFixture fixture)
{
    private static readonly byte[] NotAnAccountEvent = Encoding.UTF8.GetBytes("{\"type\":\"frozen\"}");

    [Fact]
    public async Task UnderStopThePoisonStopsTheHostWithItsCheckpointJustBeforeIt()
    {
        var log = AccountEventLog.Generate(seed: 81, shardCount: 3, accountsPerShard: 5, eventsPerShard: 120).WithPayload(1, 50, NotAnAccountEvent);
        await using var db = await NewReadModelAsync(fixture);
        using var host = Host(db, new FlakyEventSource(log, seed: 81) { Failures = 2 }.SubscribeAsync, new ObservedProjection(), FastOptions(PoisonPolicy.Stop));
        using var metrics = new MetricRecorder(host.Meter);

        var error = await Assert.ThrowsAsync<ProjectionPoisonedException>(() => RunToEndAsync(host));

        Assert.Equal((1u, 50UL), (error.Poison.ShardId, error.Poison.Offset));
        Assert.Contains("shard 1 offset 50", error.Message);
        var stored = await StoredCheckpointsAsync(db);
        Assert.Equal(49UL, stored[1]);
        Assert.True(metrics.Total("entityplatform.projection.batch_failures") >= 3, "the batch and the event alone were each tried MaxAttempts times");
        ExpectedReadModel.Fold(log, upTo: stored).AssertEqual(await ExpectedReadModel.ReadAsync(db));
    }

    [Fact]
    public async Task UnderDeadLetterThePoisonIsRecordedAndSkippedAndEverythingElseApplied()
    {
        var log = AccountEventLog.Generate(seed: 82, shardCount: 3, accountsPerShard: 5, eventsPerShard: 120).WithPayload(1, 50, NotAnAccountEvent);
        await using var db = await NewReadModelAsync(fixture);
        using var host = Host(db, new FlakyEventSource(log, seed: 82) { Failures = 2 }.SubscribeAsync, new ObservedProjection(), FastOptions(PoisonPolicy.DeadLetter));
        using var metrics = new MetricRecorder(host.Meter);

        await RunToEndAsync(host);

        Assert.Equal(1, metrics.Total("entityplatform.projection.dead_letters"));
        Assert.Equal(Ends(log), await StoredCheckpointsAsync(db));
        ExpectedReadModel.Fold(log, skipped: new HashSet<(uint, ulong)> { (1, 50) }).AssertEqual(await ExpectedReadModel.ReadAsync(db));
        await using var command = db.CreateCommand("SELECT shard_id, event_offset, payload, error FROM projection_dead_letters");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((1, 50L), (reader.GetInt32(0), reader.GetInt64(1)));
        Assert.Equal(NotAnAccountEvent, (byte[])reader.GetValue(2));
        Assert.Contains("AccountEvent", reader.GetString(3));
        Assert.False(await reader.ReadAsync());
    }
}
