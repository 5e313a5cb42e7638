using EntityPlatform.Projections.Hosting;
using EntityPlatform.Projections.Postgres;
using EntityPlatform.Projections.Sources;
using EntityPlatform.Samples.ReadModel;
using Npgsql;

namespace EntityPlatform.Projections.Tests;

/// <summary>Shared set-up of the PostgreSQL tests: schema, a host with short retry delays, a run deadline.</summary>
internal static class ReadModelTestKit
{
    /// <summary>Every run ends on its own within this, or the test fails with a cancellation.</summary>
    public static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(90);

    public static ProjectionHostOptions FastOptions(PoisonPolicy poison = PoisonPolicy.Stop) => new()
    {
        Name = AccountProjection.Name,
        MaxBatchEvents = 50,
        BufferEvents = 100,
        MaxAttempts = 3,
        RetryDelayBase = TimeSpan.FromMilliseconds(1),
        RetryDelayMax = TimeSpan.FromMilliseconds(20),
        PoisonPolicy = poison,
    };

    public static async Task<NpgsqlDataSource> NewReadModelAsync(Postgres.PostgresFixture fixture)
    {
        var dataSource = await fixture.NewDatabaseAsync();
        await AccountReadModelSchema.EnsureAsync(dataSource, CancellationToken.None);
        return dataSource;
    }

    public static ProjectionHost<PostgresUnitOfWork> Host(NpgsqlDataSource dataSource, EventSource source,
        IProjection<PostgresUnitOfWork> projection, ProjectionHostOptions? options = null)
        => new(source, new PostgresCheckpointStore(dataSource, AccountProjection.Name), projection, options ?? FastOptions());

    public static async Task RunToEndAsync(ProjectionHost<PostgresUnitOfWork> host)
    {
        using var deadline = new CancellationTokenSource(RunDeadline);
        await host.RunAsync(deadline.Token);
    }

    public static Task<IReadOnlyDictionary<uint, ulong>> StoredCheckpointsAsync(NpgsqlDataSource dataSource)
        => new PostgresCheckpointStore(dataSource, AccountProjection.Name).LoadCheckpointsAsync(CancellationToken.None);

    public static IReadOnlyDictionary<uint, ulong> Ends(Fakes.AccountEventLog log)
        => log.Shards.ToDictionary(pair => pair.Key, pair => (ulong)pair.Value.Count);

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(5);
        }

        return true;
    }
}
