using EntityPlatform.Projections.Postgres;
using Npgsql;

namespace EntityPlatform.Samples.ReadModel;

/// <summary>
/// The read model's tables. <c>transaction_history</c> is keyed by the event's (shard, offset), so even a
/// bug that applied an event twice would fail loudly on the key instead of doubling a balance.
/// </summary>
public static class AccountReadModelSchema
{
    private const string Sql = """
        CREATE TABLE IF NOT EXISTS balances (
            account_id   text   PRIMARY KEY,
            balance      bigint NOT NULL,
            transactions bigint NOT NULL);
        CREATE TABLE IF NOT EXISTS transaction_history (
            shard_id      integer NOT NULL,
            event_offset  bigint  NOT NULL,
            account_id    text    NOT NULL,
            kind          text    NOT NULL CHECK (kind IN ('deposited', 'withdrawn')),
            amount        bigint  NOT NULL,
            balance_after bigint  NOT NULL,
            PRIMARY KEY (shard_id, event_offset));
        CREATE INDEX IF NOT EXISTS transaction_history_account ON transaction_history (account_id, shard_id, event_offset);
        """;

    /// <summary>Creates the read model's and the checkpoint store's tables, idempotently.</summary>
    public static async Task EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await PostgresCheckpointSchema.ApplyAsync(dataSource, PostgresCheckpointSchema.Sql, cancellationToken).ConfigureAwait(false);
        await PostgresCheckpointSchema.ApplyAsync(dataSource, Sql, cancellationToken).ConfigureAwait(false);
    }
}
