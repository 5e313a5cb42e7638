using Npgsql;

namespace EntityPlatform.Samples.ReadModel;

/// <summary>Reads the read model back (the console's <c>balances</c> command and the tests).</summary>
public static class AccountReadModelQueries
{
    /// <summary>Most rows one call returns.</summary>
    public const int MaxRows = 100_000;

    public static async Task<IReadOnlyList<AccountBalance>> BalancesAsync(NpgsqlDataSource dataSource, int limit, CancellationToken cancellationToken)
    {
        if (limit < 1 || limit > MaxRows)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"limit must be in 1..{MaxRows}");
        }

        await using var command = dataSource.CreateCommand("SELECT account_id, balance, transactions FROM balances ORDER BY account_id LIMIT $1");
        command.Parameters.AddWithValue(limit);
        var rows = new List<AccountBalance>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new AccountBalance(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return rows;
    }
}
