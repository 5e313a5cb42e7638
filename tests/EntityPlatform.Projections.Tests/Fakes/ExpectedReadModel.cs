using EntityPlatform.Entities.Serialization;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Samples.Accounts;
using Npgsql;

namespace EntityPlatform.Projections.Tests.Fakes;

/// <summary>
/// The read model computed the dumb way: a fold over every event up to each shard's limit, in offset order.
/// The tests compare the tables with it row by row, so a missing or a doubled effect shows.
/// </summary>
public sealed record ExpectedReadModel(
    IReadOnlyList<(string Account, long Balance, long Transactions)> Balances,
    IReadOnlyList<(int Shard, long Offset, string Account, string Kind, long Amount, long BalanceAfter)> History)
{
    private static readonly JsonEntitySerializer Serializer = new();

    /// <summary>The fold of every event of <paramref name="log"/> at or below <paramref name="upTo"/> (all when null), skipping <paramref name="skipped"/>.</summary>
    public static ExpectedReadModel Fold(AccountEventLog log, IReadOnlyDictionary<uint, ulong>? upTo = null, ISet<(uint, ulong)>? skipped = null)
    {
        var balances = new SortedDictionary<string, (long Balance, long Transactions)>(StringComparer.Ordinal);
        var history = new List<(int, long, string, string, long, long)>();
        foreach (var (shard, events) in log.Shards.OrderBy(pair => pair.Key))
        {
            var limit = upTo is null ? ulong.MaxValue : upTo.GetValueOrDefault(shard);
            foreach (var @event in events.Where(e => e.Offset <= limit && skipped?.Contains((shard, e.Offset)) != true))
            {
                var (kind, delta) = Serializer.Deserialize(@event.Payload.Span, typeof(AccountEvent)) switch
                {
                    AccountEvent.Deposited d => ("deposited", d.Amount),
                    AccountEvent.Withdrawn w => ("withdrawn", -w.Amount),
                    var other => throw new InvalidOperationException($"unexpected event {other}"),
                };
                var (balance, count) = balances.GetValueOrDefault(@event.EntityId);
                balances[@event.EntityId] = (balance + delta, count + 1);
                history.Add(((int)shard, (long)@event.Offset, @event.EntityId, kind, Math.Abs(delta), balance + delta));
            }
        }

        return new ExpectedReadModel(balances.Select(p => (p.Key, p.Value.Balance, p.Value.Transactions)).ToList(), history);
    }

    /// <summary>What the database holds, in the same order as <see cref="Fold"/>.</summary>
    public static async Task<ExpectedReadModel> ReadAsync(NpgsqlDataSource dataSource)
    {
        var balances = new List<(string, long, long)>();
        await using (var command = dataSource.CreateCommand("SELECT account_id, balance, transactions FROM balances ORDER BY account_id COLLATE \"C\""))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                balances.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        var history = new List<(int, long, string, string, long, long)>();
        await using (var command = dataSource.CreateCommand(
            "SELECT shard_id, event_offset, account_id, kind, amount, balance_after FROM transaction_history ORDER BY shard_id, event_offset"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                history.Add((reader.GetInt32(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5)));
            }
        }

        return new ExpectedReadModel(balances, history);
    }

    /// <summary>Asserts equality with a message naming the first differing row.</summary>
    public void AssertEqual(ExpectedReadModel actual)
    {
        Assert.Equal(Balances.Count, actual.Balances.Count);
        for (var i = 0; i < Balances.Count; i++)
        {
            Assert.Equal(Balances[i], actual.Balances[i]);
        }

        Assert.Equal(History.Count, actual.History.Count);
        for (var i = 0; i < History.Count; i++)
        {
            Assert.Equal(History[i], actual.History[i]);
        }
    }
}
