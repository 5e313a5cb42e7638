using Npgsql;

namespace EntityPlatform.Projections.Tests.Postgres;

/// <summary>One throwaway server for the whole test run; each test gets a database of its own.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? server;
    private int databases;

    public PostgresServer Server => server ?? throw new InvalidOperationException("the fixture has not started");

    public async Task InitializeAsync() => server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    public Task<NpgsqlDataSource> NewDatabaseAsync() => Server.CreateDatabaseAsync($"t{Interlocked.Increment(ref databases)}");
}
