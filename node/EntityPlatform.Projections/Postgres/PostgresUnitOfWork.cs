using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Projections.Checkpoints;
using EntityPlatform.Projections.Hosting;
using Npgsql;

namespace EntityPlatform.Projections.Postgres;

/// <summary>
/// One PostgreSQL transaction. A projection writes with <see cref="CreateCommand"/> or
/// <see cref="CreateBatch"/> (both enlisted in <see cref="Transaction"/>); the host saves the checkpoints
/// and commits. Disposing without a commit rolls everything back, as does a lost connection.
/// </summary>
public sealed class PostgresUnitOfWork : IUnitOfWork
{
    // The checkpoint moves only from the value this host read: an insert for a shard without a row, a
    // conditional update otherwise. A row count of 0 means another commit got there first.
    private const string InsertSql = "INSERT INTO projection_checkpoints (projection, shard_id, last_offset) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
    private const string UpdateSql = "UPDATE projection_checkpoints SET last_offset = $3, updated_at = now() WHERE projection = $1 AND shard_id = $2 AND last_offset = $4";
    private const string DeadLetterSql = "INSERT INTO projection_dead_letters (projection, shard_id, event_offset, entity_id, payload, error) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING";
    private const int ErrorTextMaxChars = 8_000;

    private readonly string projection;
    private bool committed;

    internal PostgresUnitOfWork(string projection, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        this.projection = projection;
        Connection = connection;
        Transaction = transaction;
    }

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction Transaction { get; }

    public NpgsqlCommand CreateCommand(string sql) => new(sql, Connection, Transaction);

    public NpgsqlBatch CreateBatch() => new(Connection, Transaction);

    public async Task SaveCheckpointsAsync(IReadOnlyList<CheckpointAdvance> advances, CancellationToken cancellationToken)
    {
        foreach (var advance in advances)
        {
            Invariant.Assert(advance.FromOffset < advance.ToOffset && advance.ToOffset <= long.MaxValue);
            var insert = advance.FromOffset == 0;
            await using var command = CreateCommand(insert ? InsertSql : UpdateSql);
            command.Parameters.AddWithValue(projection);
            command.Parameters.AddWithValue((int)advance.ShardId);
            command.Parameters.AddWithValue((long)advance.ToOffset);
            if (!insert)
            {
                command.Parameters.AddWithValue((long)advance.FromOffset);
            }

            var rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (rows != 1)
            {
                throw new CheckpointConflictException(
                    $"projection '{projection}' shard {advance.ShardId}: the stored checkpoint is no longer {advance.FromOffset}");
            }
        }
    }

    public async Task RecordDeadLetterAsync(CommittedEvent poison, string error, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(DeadLetterSql);
        command.Parameters.AddWithValue(projection);
        command.Parameters.AddWithValue((int)poison.ShardId);
        command.Parameters.AddWithValue((long)poison.Offset);
        command.Parameters.AddWithValue(poison.EntityId);
        command.Parameters.AddWithValue(poison.Payload.ToByteArray());
        command.Parameters.AddWithValue(error.Length <= ErrorTextMaxChars ? error : error[..ErrorTextMaxChars]);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        Invariant.Assert(!committed, "a unit of work commits once");
        await Transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing an uncommitted NpgsqlTransaction rolls it back; closing the connection returns it to the pool.
        await Transaction.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
