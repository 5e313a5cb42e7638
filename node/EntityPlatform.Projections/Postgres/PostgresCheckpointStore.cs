using EntityPlatform.Projections.Hosting;
using Npgsql;

namespace EntityPlatform.Projections.Postgres;

/// <summary>
/// Checkpoints in PostgreSQL, in the same database as the read model: each unit of work is one
/// <see cref="NpgsqlTransaction"/> that the projection's writes and the checkpoint rows share.
/// </summary>
public sealed class PostgresCheckpointStore : ICheckpointStore<PostgresUnitOfWork>
{
    private readonly NpgsqlDataSource dataSource;

    public PostgresCheckpointStore(NpgsqlDataSource dataSource, string projection)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if (string.IsNullOrWhiteSpace(projection) || projection.Length > 200)
        {
            throw new ArgumentException($"projection must be a name of 1..200 characters, got '{projection}'", nameof(projection));
        }

        this.dataSource = dataSource;
        Projection = projection;
    }

    /// <summary>The name the checkpoint and dead-letter rows are keyed by.</summary>
    public string Projection { get; }

    /// <summary>Creates the checkpoint and dead-letter tables if they are missing.</summary>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken)
        => PostgresCheckpointSchema.ApplyAsync(dataSource, PostgresCheckpointSchema.Sql, cancellationToken);

    public async Task<IReadOnlyDictionary<uint, ulong>> LoadCheckpointsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT shard_id, last_offset FROM projection_checkpoints WHERE projection = $1");
        command.Parameters.AddWithValue(Projection);
        var checkpoints = new Dictionary<uint, ulong>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var shard = reader.GetInt32(0);
            var offset = reader.GetInt64(1);
            Invariant.Assert(shard >= 0 && offset > 0, "the table's checks keep shard ids and offsets in range");
            checkpoints[(uint)shard] = (ulong)offset;
        }

        return checkpoints;
    }

    public async Task<PostgresUnitOfWork> BeginAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            return new PostgresUnitOfWork(Projection, connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
