using EntityPlatform.Projections.Tests.Fakes;
using EntityPlatform.Projections.Tests.Postgres;
using Npgsql;
using static EntityPlatform.Projections.Tests.ReadModelTestKit;

namespace EntityPlatform.Projections.Tests;

/// <summary>
/// A consumer that dies between its read-model writes and the commit leaves nothing of that batch, and a
/// new consumer resumes exactly after the last committed checkpoint.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CrashAndRestartTests(PostgresFixture fixture)
{
    [Fact]
    public async Task ACrashBetweenTheReadModelWritesAndTheCommitLeavesNothingAndARestartCompletesExactly()
    {
        var log = AccountEventLog.Generate(seed: 51, shardCount: 3, accountsPerShard: 10, eventsPerShard: 200);
        await using var db = await NewReadModelAsync(fixture);
        using var crash = new CancellationTokenSource();
        var writtenBeforeCrash = 0;
        var crashing = new ObservedProjection
        {
            AfterWrites = async (call, unit, events) =>
            {
                if (call != 4)
                {
                    return;
                }

                // The writes are in the transaction; now the consumer "dies": its server session is killed from
                // outside, as when the process or its machine goes away, and the host is stopped.
                writtenBeforeCrash = events.Count;
                await using var admin = db.CreateCommand($"SELECT pg_terminate_backend({unit.Connection.ProcessID})");
                await admin.ExecuteScalarAsync();
                await crash.CancelAsync();
                crash.Token.ThrowIfCancellationRequested();
            },
        };
        using (var host = Host(db, new FlakyEventSource(log, seed: 51).SubscribeAsync, crashing))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.RunAsync(crash.Token));
        }

        var afterCrash = await StoredCheckpointsAsync(db);
        var committed = crashing.BatchSizes.Take(3).Sum();
        Assert.True(writtenBeforeCrash > 0);
        Assert.Equal((ulong)committed, afterCrash.Values.Aggregate(0UL, (sum, offset) => sum + offset));
        ExpectedReadModel.Fold(log, upTo: afterCrash).AssertEqual(await ExpectedReadModel.ReadAsync(db));

        var restartSource = new FlakyEventSource(log, seed: 52) { Failures = 2 };
        var restarted = new ObservedProjection();
        using (var host = Host(db, restartSource.SubscribeAsync, restarted))
        {
            await RunToEndAsync(host);
        }

        Assert.Equal(afterCrash.ToDictionary(p => p.Key, p => p.Value + 1), restartSource.ResumePoints[0]);
        Assert.Equal(log.Count - committed, restarted.EventsHandled);
        ExpectedReadModel.Fold(log).AssertEqual(await ExpectedReadModel.ReadAsync(db));
    }

    [Fact]
    public async Task ARestartedHostResumesFromTheStoredCheckpointAndHandsNoEventTwice()
    {
        var full = AccountEventLog.Generate(seed: 61, shardCount: 4, accountsPerShard: 6, eventsPerShard: 120);
        var half = new AccountEventLog(full.Shards.ToDictionary(p => p.Key, p => (IReadOnlyList<Grpc.Api.V1.CommittedEvent>)p.Value.Take(60 + (int)p.Key * 5).ToList()));
        await using var db = await NewReadModelAsync(fixture);
        using (var first = Host(db, new FlakyEventSource(half, seed: 61) { Failures = 2 }.SubscribeAsync, new ObservedProjection()))
        {
            await RunToEndAsync(first);
        }

        Assert.Equal(Ends(half), await StoredCheckpointsAsync(db));
        var source = new FlakyEventSource(full, seed: 62) { Failures = 2 };
        var second = new ObservedProjection();
        using (var host = Host(db, source.SubscribeAsync, second))
        {
            await RunToEndAsync(host);
        }

        Assert.Equal(Ends(half).ToDictionary(p => p.Key, p => p.Value + 1), source.ResumePoints[0]);
        Assert.Equal(full.Count - half.Count, second.EventsHandled);
        ExpectedReadModel.Fold(full).AssertEqual(await ExpectedReadModel.ReadAsync(db));
    }

    [Fact]
    public async Task CancellingMidBatchRollsTheBatchBackAndThrowsOperationCanceled()
    {
        var log = AccountEventLog.Generate(seed: 71, shardCount: 2, accountsPerShard: 5, eventsPerShard: 150);
        await using var db = await NewReadModelAsync(fixture);
        using var stop = new CancellationTokenSource();
        var projection = new ObservedProjection
        {
            AfterWrites = async (call, _, _) =>
            {
                if (call == 3)
                {
                    await stop.CancelAsync();
                }
            },
        };
        using var host = Host(db, new FlakyEventSource(log, seed: 71).SubscribeAsync, projection);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.RunAsync(stop.Token));

        var stored = await StoredCheckpointsAsync(db);
        Assert.Equal(host.Checkpoints, stored);
        ExpectedReadModel.Fold(log, upTo: stored).AssertEqual(await ExpectedReadModel.ReadAsync(db));
    }
}
