using Npgsql;

namespace EntityPlatform.Projections.Postgres;

/// <summary>
/// The host's own tables: one checkpoint row per (projection, shard) and the dead letters. Created
/// idempotently under a transaction-scoped advisory lock, since two processes running CREATE TABLE IF NOT
/// EXISTS at once can still collide in PostgreSQL's catalog.
/// </summary>
public static class PostgresCheckpointSchema
{
    /// <summary>The advisory lock key every schema step of this project takes (read models too).</summary>
    public const long SchemaLockKey = 0x45_50_52_4D; // "EPRM"

    public const string Sql = """
        CREATE TABLE IF NOT EXISTS projection_checkpoints (
            projection  text        NOT NULL,
            shard_id    integer     NOT NULL,
            last_offset bigint      NOT NULL CHECK (last_offset > 0),
            updated_at  timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (projection, shard_id));
        CREATE TABLE IF NOT EXISTS projection_dead_letters (
            projection   text        NOT NULL,
            shard_id     integer     NOT NULL,
            event_offset bigint      NOT NULL,
            entity_id    text        NOT NULL,
            payload      bytea       NOT NULL,
            error        text        NOT NULL,
            recorded_at  timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (projection, shard_id, event_offset));
        """;

    /// <summary>Runs <paramref name="ddl"/> in one transaction holding the schema lock.</summary>
    public static async Task ApplyAsync(NpgsqlDataSource dataSource, string ddl, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLockKey})", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var command = new NpgsqlCommand(ddl, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
