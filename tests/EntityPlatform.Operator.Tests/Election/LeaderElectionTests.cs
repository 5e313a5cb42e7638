using k8s;
using EntityPlatform.Operator.Election;
using EntityPlatform.Operator.Tests.Support;

namespace EntityPlatform.Operator.Tests.Election;

/// <summary>Two operator replicas on one Lease in the API emulation, with short real timings.</summary>
public sealed class LeaderElectionTests
{
    private static LeaderElectionOptions Options(string identity) => new()
    {
        Namespace = OperatorCluster.Namespace,
        Name = "operator",
        Identity = identity,
        LeaseDuration = TimeSpan.FromMilliseconds(1500),
        RenewDeadline = TimeSpan.FromMilliseconds(1000),
        RetryPeriod = TimeSpan.FromMilliseconds(200),
    };

    [Fact(Timeout = 60_000)]
    public async Task Only_one_replica_leads_at_a_time_and_the_other_takes_over_when_the_leader_stops()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        var leading = 0;
        var overlap = false;
        var ledBy = new List<string>();
        Func<CancellationToken, Task> Work(string identity) => async token =>
        {
            lock (ledBy)
            {
                ledBy.Add(identity);
            }

            overlap |= Interlocked.Increment(ref leading) > 1;
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            finally
            {
                Interlocked.Decrement(ref leading);
            }
        };

        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var a = new LeaderElector(cluster.OperatorClient, Options("a"), TimeProvider.System);
        var b = new LeaderElector(cluster.OperatorClient, Options("b"), TimeProvider.System);
        var runA = a.RunAsync(Work("a"), stopA.Token);
        await Eventually(() => a.IsLeader, "a leads");
        var runB = b.RunAsync(Work("b"), stopB.Token);
        await Task.Delay(2500);
        Assert.False(b.IsLeader);
        Assert.Equal(["a"], ledBy);

        // A graceful stop releases the Lease; b takes over.
        await stopA.CancelAsync();
        await runA;
        await Eventually(() => b.IsLeader, "b leads");
        var lease = await cluster.Client.Api.CoordinationV1.ReadNamespacedLeaseAsync("operator", OperatorCluster.Namespace);
        Assert.Equal(("b", 1), (lease!.Spec.HolderIdentity, lease.Spec.LeaseTransitions));
        Assert.False(overlap);
        await stopB.CancelAsync();
        await runB;
    }

    [Fact(Timeout = 60_000)]
    public async Task A_leader_that_cannot_renew_stops_before_its_lease_can_expire_and_a_standby_takes_over_after_the_lease_duration()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        using var stop = new CancellationTokenSource();
        var lost = new TaskCompletionSource();
        var a = new LeaderElector(cluster.OperatorClient, Options("a"), TimeProvider.System);
        var runA = a.RunAsync(async token =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            finally
            {
                lost.TrySetResult();
            }
        }, stop.Token);
        await Eventually(() => a.IsLeader, "a leads");

        // Someone else (b's first write, as if a's renewals were partitioned away) holds the Lease now.
        var lease = await cluster.Client.Api.CoordinationV1.ReadNamespacedLeaseAsync("operator", OperatorCluster.Namespace);
        lease.Spec.HolderIdentity = "b";
        await cluster.Client.Api.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "operator", OperatorCluster.Namespace);
        await lost.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(a.IsLeader);

        // b stops renewing: a observes the record unchanged for the lease duration, then takes over.
        var started = DateTime.UtcNow;
        await Eventually(() => a.IsLeader, "a leads again", TimeSpan.FromSeconds(10));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(1200), "a took over before the lease could expire");
        Assert.Equal(2, a.TermsLed);
        await stop.CancelAsync();
        await runA;
    }

    private static async Task Eventually(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(20);
        }
    }
}
