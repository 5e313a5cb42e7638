using System.Diagnostics;
using EntityPlatform.Client.Tests.Cluster;
using EntityPlatform.Samples.Accounts;
using EntityPlatform.Samples.Counter;
using Xunit.Abstractions;

namespace EntityPlatform.Client.Tests.EndToEnd;

/// <summary>
/// The SDK against a real 3-node cluster under failures: client tasks increment counters and debit accounts
/// while leaders are SIGKILLed and restarted and paused with SIGSTOP/SIGCONT. Afterwards every acknowledged
/// command was applied exactly once and every unacknowledged one at most once.
/// </summary>
[Collection(MultiProcessFailoverCollection.Name)]
public sealed partial class FailoverTests(ITestOutputHelper output)
{
    private const int Workers = 8;
    private const long OpeningBalance = 1_000_000;
    private static readonly TimeSpan TestBudget = TimeSpan.FromSeconds(80);
    private static readonly Counter CounterType = new();
    private static readonly Account AccountType = new();

    [Fact]
    public async Task Acknowledged_commands_apply_exactly_once_while_leaders_die_and_pause()
    {
        var clock = Stopwatch.StartNew();
        using var budget = new CancellationTokenSource(TestBudget);
        using var cluster = NodeCluster.Start(3, SampleTypes.Manifests(shards: 4), "failover");
        try
        {
            await cluster.WaitForLeadersAsync(TimeSpan.FromSeconds(30));
            using var client = new EntityPlatformClient(new EntityPlatformClientOptions
            {
                Endpoints = cluster.Endpoints.ToList(),
                AttemptTimeout = TimeSpan.FromSeconds(1),
                DefaultTimeout = TimeSpan.FromSeconds(6),
                MaxAttempts = 30,
                BreakerBreakDuration = TimeSpan.FromSeconds(1),
            });
            var logs = Enumerable.Range(0, Workers)
                .Select(i => i % 2 == 0 ? new WorkerLog("counter", $"chaos-counter-{i}") : new WorkerLog("accounts", $"chaos-acct-{i}"))
                .ToArray();
            await OpenAccountsAsync(client, logs, budget.Token);

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(budget.Token);
            var workers = logs.Select(log => Task.Run(() => WorkAsync(client, log, clock, stop.Token))).ToArray();
            var faults = await InjectFaultsAsync(cluster, logs, budget.Token);
            await Task.Delay(TimeSpan.FromSeconds(2), budget.Token);
            var acknowledgedBeforeStop = logs.Sum(log => log.Acknowledged);
            stop.Cancel();
            await Task.WhenAll(workers);

            await VerifyAsync(client, logs, budget.Token);
            Report(logs, faults, clock.Elapsed);
            Assert.True(acknowledgedBeforeStop >= 200, $"only {acknowledgedBeforeStop} commands were acknowledged; the SDK did not make progress through the failures");
            Assert.All(logs, log => Assert.True(log.LastAck > faults[^1].At, $"{log.EntityId} made no progress after the last fault"));
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }

        Assert.True(clock.Elapsed < TestBudget, $"the test took {clock.Elapsed}");
    }

    private static async Task OpenAccountsAsync(EntityPlatformClient client, WorkerLog[] logs, CancellationToken cancellationToken)
    {
        foreach (var log in logs.Where(log => log.EntityType == "accounts"))
        {
            var opened = await client.Entity(AccountType, "accounts", log.EntityId)
                .SendAsync(new AccountCommand.Deposit(OpeningBalance), cancellationToken: cancellationToken);
            Assert.True(opened.IsAccepted);
        }
    }

    /// <summary>Sends one command after another on its own entity; concurrent workers make the SDK use several session lanes.</summary>
    private static async Task WorkAsync(EntityPlatformClient client, WorkerLog log, Stopwatch clock, CancellationToken stop)
    {
        var counter = client.Entity(CounterType, "counter", log.EntityId);
        var account = client.Entity(AccountType, "accounts", log.EntityId);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var (accepted, deduplicated) = log.EntityType == "counter"
                    ? Outcome(await counter.SendAsync(new CounterCommand.Increment(1)))
                    : Outcome(await account.SendAsync(new AccountCommand.Withdraw(1)));
                if (accepted)
                {
                    log.Ack(clock);
                    log.Deduplicated += deduplicated ? 1 : 0;
                }
                else
                {
                    log.Rejected++;
                }
            }
            catch (EntityPlatformException)
            {
                log.Unacknowledged++;
            }
        }
    }

    private static (bool Accepted, bool Deduplicated) Outcome<TEvent>(Typed.CommandResult<TEvent> result) => (result.IsAccepted, result.Deduplicated);
}
