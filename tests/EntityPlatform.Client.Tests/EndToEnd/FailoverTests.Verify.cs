using EntityPlatform.Samples.Accounts;

namespace EntityPlatform.Client.Tests.EndToEnd;

public sealed partial class FailoverTests
{
    /// <summary>
    /// Exactly once for acknowledged commands, at most once for the rest: a counter holds its acknowledged
    /// increments plus at most the unacknowledged ones; an account's balance is the opening deposit minus
    /// the acknowledged withdrawals minus at most the unacknowledged ones, and its transaction count agrees.
    /// A duplicate application of any command would push a value past those bounds.
    /// </summary>
    private static async Task VerifyAsync(EntityPlatformClient client, WorkerLog[] logs, CancellationToken cancellationToken)
    {
        foreach (var log in logs)
        {
            if (log.EntityType == "counter")
            {
                var value = await client.Entity(CounterType, "counter", log.EntityId).QueryAsync<long>("value", cancellationToken: cancellationToken);
                Assert.True(value >= log.Acknowledged && value <= log.Acknowledged + log.Unacknowledged,
                    $"{log.EntityId}: value {value}, acknowledged {log.Acknowledged}, unacknowledged {log.Unacknowledged}");
            }
            else
            {
                var state = await client.Entity(AccountType, "accounts", log.EntityId).QueryAsync<AccountState>("state", cancellationToken: cancellationToken);
                var withdrawn = OpeningBalance - state.Balance;
                Assert.True(withdrawn >= log.Acknowledged && withdrawn <= log.Acknowledged + log.Unacknowledged,
                    $"{log.EntityId}: withdrawn {withdrawn}, acknowledged {log.Acknowledged}, unacknowledged {log.Unacknowledged}");
                Assert.Equal(1 + withdrawn, state.Transactions);
            }
        }
    }
}
