using EntityPlatform.Client;
using EntityPlatform.Projections.Hosting;
using EntityPlatform.Projections.Postgres;
using EntityPlatform.Projections.Sources;
using EntityPlatform.Projections.Tests.Postgres;
using EntityPlatform.Samples.ReadModel;

namespace EntityPlatform.Cluster.Tests;

/// <summary>
/// Issue 17's proof: the account read model in a real PostgreSQL, fed by the SDK's subscription from real node
/// processes, while writes go on and the node serving the subscription is SIGKILLed. The read model must equal
/// the fold of every acknowledged event: no gap, no duplicate effect.
/// </summary>
public sealed class ReadModelFailoverTests
{
    private const int Accounts = 8;
    private const int DepositsPerAccount = 30;
    private static readonly TimeSpan CommandDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(60);

    [Fact(Timeout = 240_000)]
    public async Task The_read_model_equals_the_fold_of_every_acknowledged_event_after_the_serving_node_is_killed_mid_stream()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var dataSource = await postgres.CreateDatabaseAsync("readmodel");
        await AccountReadModelSchema.EnsureAsync(dataSource, CancellationToken.None);
        await using var cluster = new ProcessCluster(nodeCount: 3, shards: 4);
        await cluster.WaitForLeadersAsync();

        using var client = new EntityPlatformClient(new EntityPlatformClientOptions { Endpoints = cluster.Nodes.Select(node => node.GrpcAddress).ToList() });
        using var host = new ProjectionHost<PostgresUnitOfWork>(EventSources.FromSubscribe(client.SubscribeAsync, "accounts"),
            new PostgresCheckpointStore(dataSource, AccountProjection.Name), new AccountProjection(),
            new ProjectionHostOptions { Name = AccountProjection.Name, MaxBatchEvents = 16 });
        using var stopProjection = new CancellationTokenSource();
        var projecting = Task.Run(() => host.RunAsync(stopProjection.Token));
        try
        {
            var acknowledged = new long[Accounts];
            async Task WriteAsync(int account, int from, int to)
            {
                var session = Guid.CreateVersion7();
                for (var i = from; i <= to; i++)
                {
                    await DepositUntilAcknowledgedAsync(cluster, $"acct-{account}", session, (ulong)i, amount: i);
                    Interlocked.Add(ref acknowledged[account], i);
                }
            }

            // First half, then kill the node the SDK reads from (it starts each shard at the lowest node id),
            // mid-stream, while the second half is written.
            await Task.WhenAll(Enumerable.Range(0, Accounts).Select(account => WriteAsync(account, 1, DepositsPerAccount / 2)));
            await Eventually.TrueAsync(() => host.Checkpoints.Values.Sum(offset => (long)offset) > 0, TimeSpan.FromSeconds(60),
                "the projection commits its first checkpoint");
            var victim = cluster.Nodes.Min(node => node.Id);
            cluster.Kill(victim);
            cluster.Client.Forget(victim);
            await Task.WhenAll(Enumerable.Range(0, Accounts).Select(account =>
                WriteAsync(account, DepositsPerAccount / 2 + 1, DepositsPerAccount)));

            IReadOnlyList<AccountBalance> balances = [];
            await Eventually.TrueAsync(async () =>
            {
                Assert.False(projecting.IsFaulted, $"the projection stopped: {projecting.Exception}");
                balances = await AccountReadModelQueries.BalancesAsync(dataSource, 100, CancellationToken.None);
                return balances.Sum(row => row.Transactions) >= Accounts * DepositsPerAccount;
            }, TimeSpan.FromSeconds(120), $"the read model holds all {Accounts * DepositsPerAccount} deposits");

            // Each account's balance is the sum of its acknowledged deposits, and it counts each deposit once.
            var expected = Enumerable.Range(0, Accounts).ToDictionary(account => $"acct-{account}", account => acknowledged[account]);
            Assert.Equal(expected.OrderBy(pair => pair.Key), balances.ToDictionary(row => row.AccountId, row => row.Balance).OrderBy(pair => pair.Key));
            Assert.All(balances, row => Assert.Equal(DepositsPerAccount, row.Transactions));
            // The checkpoints end at each shard's last offset: offsets are dense, so they sum to the event count.
            Assert.Equal(Accounts * DepositsPerAccount, host.Checkpoints.Values.Sum(offset => (long)offset));
        }
        finally
        {
            await stopProjection.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => projecting).WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Retries with the same session and request id until acknowledged: exactly once, so every deposit ends up acknowledged.</summary>
    private static async Task DepositUntilAcknowledgedAsync(ProcessCluster cluster, string account, Guid session, ulong requestId, int amount)
    {
        var deadline = DateTime.UtcNow + RetryFor;
        while (true)
        {
            var reply = await cluster.Client.CommandAsync("accounts", account, $$"""{"type":"deposit","amount":{{amount}}}""", session, requestId, CommandDeadline);
            if (reply?.Accepted is not null)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"deposit {requestId} on {account} was not acknowledged within {RetryFor}");
            await Task.Delay(50);
        }
    }
}
