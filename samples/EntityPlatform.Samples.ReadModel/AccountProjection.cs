using EntityPlatform.Entities.Serialization;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Projections.Hosting;
using EntityPlatform.Projections.Postgres;
using EntityPlatform.Samples.Accounts;
using Npgsql;

namespace EntityPlatform.Samples.ReadModel;

/// <summary>
/// Projects account events into <c>balances</c> and <c>transaction_history</c>. A batch becomes ONE
/// NpgsqlBatch (two statements per event, one round trip) inside the host's transaction. Events are
/// decoded the way the node encoded them: <see cref="JsonEntitySerializer"/> over <see cref="AccountEvent"/>.
/// </summary>
public sealed class AccountProjection : IProjection<PostgresUnitOfWork>
{
    /// <summary>The name the checkpoints are stored under.</summary>
    public const string Name = "account-read-model";

    // The history row reads the balance the statement before it just wrote: a batch's statements run in order.
    private const string UpsertBalanceSql = """
        INSERT INTO balances (account_id, balance, transactions) VALUES ($1, $2, 1)
        ON CONFLICT (account_id) DO UPDATE SET balance = balances.balance + EXCLUDED.balance, transactions = balances.transactions + 1
        """;
    private const string InsertHistorySql = """
        INSERT INTO transaction_history (shard_id, event_offset, account_id, kind, amount, balance_after)
        VALUES ($1, $2, $3, $4, $5, (SELECT balance FROM balances WHERE account_id = $3))
        """;

    private readonly IEntitySerializer serializer = new JsonEntitySerializer();

    public async Task HandleAsync(PostgresUnitOfWork unitOfWork, IReadOnlyList<CommittedEvent> events, CancellationToken cancellationToken)
    {
        await using var batch = unitOfWork.CreateBatch();
        foreach (var committed in events)
        {
            var (kind, amount, delta) = Decode(committed);
            var upsert = new NpgsqlBatchCommand(UpsertBalanceSql);
            upsert.Parameters.AddWithValue(committed.EntityId);
            upsert.Parameters.AddWithValue(delta);
            batch.BatchCommands.Add(upsert);
            var history = new NpgsqlBatchCommand(InsertHistorySql);
            history.Parameters.AddWithValue((int)committed.ShardId);
            history.Parameters.AddWithValue((long)committed.Offset);
            history.Parameters.AddWithValue(committed.EntityId);
            history.Parameters.AddWithValue(kind);
            history.Parameters.AddWithValue(amount);
            batch.BatchCommands.Add(history);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The event's kind, amount and balance change; an undecodable payload throws (the host's poison path).</summary>
    public (string Kind, long Amount, long Delta) Decode(CommittedEvent committed)
    {
        var decoded = (AccountEvent)serializer.Deserialize(committed.Payload.Span, typeof(AccountEvent));
        return decoded switch
        {
            AccountEvent.Deposited deposited => ("deposited", deposited.Amount, deposited.Amount),
            AccountEvent.Withdrawn withdrawn => ("withdrawn", withdrawn.Amount, -withdrawn.Amount),
            _ => throw new EntityPayloadException($"shard {committed.ShardId} offset {committed.Offset}: unknown account event {decoded.GetType().Name}"),
        };
    }
}
