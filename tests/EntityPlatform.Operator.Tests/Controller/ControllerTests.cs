using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Watching;
using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Controller;
using EntityPlatform.Operator.Reconcile;
using EntityPlatform.Operator.Tests.Support;

namespace EntityPlatform.Operator.Tests.Controller;

/// <summary>The whole pipeline (informers → queue → reconciler) against the emulation: drops, 410s, restarts, conflicts.</summary>
public sealed class ControllerTests
{
    private const string Ns = OperatorCluster.Namespace;

    private static ControllerOptions Options => new() { WatchNamespace = Ns, WatchTimeout = TimeSpan.FromSeconds(5), ResyncPeriod = TimeSpan.FromSeconds(30) };

    [Fact(Timeout = 60_000)]
    public async Task Changes_are_reconciled_through_watch_drops_410s_and_an_operator_restart()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        var metrics = new OperatorMetrics();
        using var stop = new CancellationTokenSource();
        var controller = new OperatorController(cluster.OperatorClient, cluster.Reconciler, Options, metrics, TimeProvider.System);
        var run = controller.RunAsync(stop.Token);

        await cluster.Client.CreateAsync(OperatorCluster.Counter());
        await Until(async () => await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter") is not null, "the StatefulSet exists");
        await cluster.SyncPodsAsync();
        await Until(async () => (await cluster.GetAsync()).Status?.Shards?.WithLeader == 4, "every shard has a leader");

        cluster.Emulator.Store.DropWatches();
        await cluster.Client.MergePatchAsync<EntityType>(Ns, "counter", JsonNode.Parse("""{"spec":{"nodes":4}}""")!);
        await Until(async () => (await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"))!.Spec.Replicas == 4, "scaled to 4 after a watch drop");

        cluster.Emulator.Store.CompactHistory();
        cluster.Emulator.Store.ExpireWatches();
        await cluster.SyncPodsAsync();
        // Scaling 3 -> 4 moves replicas onto counter-3 in steps (one shard move per pod at a time): v2 and on.
        await Until(async () => (await cluster.GetAsync()) is { Status.PlacementVersion: >= 2 } settled
            && settled.Status.Conditions!.Single(c => c.Type == ConditionTypes.Progressing).Status == "False", "placement settled after a 410");
        var settledVersion = (await cluster.GetAsync()).Status!.PlacementVersion;

        // Restart: a new controller (and reconciler) picks up the state as it is: no new placement version.
        await stop.CancelAsync();
        await run;
        Assert.True(metrics.Reconciles > 0);
        using var stop2 = new CancellationTokenSource();
        var restarted = new OperatorCluster.Restarted(cluster);
        var run2 = new OperatorController(cluster.OperatorClient, restarted.Reconciler, Options, new OperatorMetrics(), TimeProvider.System).RunAsync(stop2.Token);
        await Task.Delay(1500);
        var type = await cluster.GetAsync();
        Assert.Equal(settledVersion, type.Status!.PlacementVersion);
        Assert.Equal("True", type.Status.Conditions!.Single(c => c.Type == ConditionTypes.Ready).Status);
        await stop2.CancelAsync();
        await run2;
    }

    [Fact(Timeout = 60_000)]
    public async Task A_conflicting_writer_makes_a_pass_fail_and_retry_with_backoff_until_it_succeeds()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        await cluster.Client.CreateAsync(OperatorCluster.Counter());
        var conflicts = 0;
        var racing = new RacingReconciler(cluster, () => conflicts++ < 2);
        var metrics = new OperatorMetrics();
        using var stop = new CancellationTokenSource();
        var run = new OperatorController(cluster.OperatorClient, racing, Options with { Queue = new WorkQueueOptions { BackoffBase = TimeSpan.FromMilliseconds(20) } }, metrics, TimeProvider.System).RunAsync(stop.Token);
        await Until(async () => (await cluster.GetAsync()).Status?.Selector is not null, "status written despite conflicts");
        Assert.True(metrics.Errors >= 2, $"expected at least 2 failed passes, saw {metrics.Errors}");
        Assert.Contains("entityplatform_operator_reconcile_conflicts_total", metrics.Render());
        await stop.CancelAsync();
        await run;
    }

    /// <summary>Changes the EntityType between the reconciler's read and its writes, as another client would.</summary>
    private sealed class RacingReconciler(OperatorCluster cluster, Func<bool> race) : IReconciler
    {
        public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellation)
        {
            if (race())
            {
                var stale = await cluster.GetAsync();
                await cluster.Client.MergePatchAsync<EntityType>(Ns, "counter", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["touched"] = Guid.NewGuid().ToString("N") } } }, cancellation: cancellation);
                stale.Status = new EntityTypeStatus { Nodes = 0 };
                await cluster.Client.UpdateStatusAsync(stale, cancellation);
            }

            return await cluster.Reconciler.ReconcileAsync(key, cancellation);
        }
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(50);
        }
    }
}
