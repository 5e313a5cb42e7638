using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Models;
using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Builders;
using EntityPlatform.Operator.Tests.Support;

namespace EntityPlatform.Operator.Tests.Reconcile;

/// <summary>The reconciler against the API emulation, with the StatefulSet controller and the nodes played by the test.</summary>
public sealed class ReconcileTests
{
    private const string Ns = OperatorCluster.Namespace;

    [Fact]
    public async Task A_new_EntityType_gets_its_owned_objects_a_finalizer_and_an_honest_status()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        await cluster.Client.CreateAsync(OperatorCluster.Counter());
        await cluster.ReconcileAsync();

        var type = await cluster.GetAsync();
        Assert.Contains(ObjectNames.Finalizer, type.Metadata.Finalizers!);
        foreach (var owned in new IKubernetesObject?[]
        {
            await cluster.Client.GetAsync<StatefulSet>(Ns, "counter"), await cluster.Client.GetAsync<Service>(Ns, "counter"),
            await cluster.Client.GetAsync<Service>(Ns, "counter-peers"), await cluster.Client.GetAsync<PodDisruptionBudget>(Ns, "counter"),
            await cluster.Client.GetAsync<ConfigMap>(Ns, "counter-placement"),
        })
        {
            Assert.NotNull(owned);
            Assert.Equal(type.Metadata.Uid, Assert.Single(owned.Metadata.OwnerReferences!).Uid);
        }

        var degraded = type.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Degraded);
        Assert.Equal("True", degraded.Status);
        Assert.Contains("counter-0, counter-1, counter-2", degraded.Message);
        Assert.Equal(1, type.Status.PlacementVersion);
        Assert.Equal(type.Metadata.Generation, type.Status.ObservedGeneration);
    }

    [Fact]
    public async Task Once_pods_are_ready_and_shards_lead_the_EntityType_is_Ready_and_a_quiet_pass_writes_nothing()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        await cluster.Client.CreateAsync(OperatorCluster.Counter());
        await cluster.ReconcileAsync();
        await cluster.SyncPodsAsync();
        // The first pass with ready pods hands them the placement; the next one sees the shards led.
        await cluster.ReconcileAsync();
        await cluster.ReconcileAsync();

        var type = await cluster.GetAsync();
        Assert.Equal("True", type.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Ready).Status);
        Assert.Equal((4, 4, 0), (type.Status.Shards!.Total, type.Status.Shards.WithLeader, type.Status.Shards.UnderReplicated));
        Assert.Equal(4, type.Status.Leaders!.Values.Sum());
        Assert.Equal(3, type.Status.Nodes);
        Assert.Equal(3, cluster.Admin.Applied.Select(a => a.Node).Distinct().Count());

        var version = type.Metadata.ResourceVersion;
        var result = await cluster.ReconcileAsync();
        Assert.True(result.IsDone);
        Assert.Equal(version, (await cluster.GetAsync()).Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Scaling_up_grows_the_StatefulSet_then_places_replicas_on_the_new_pods()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        await cluster.Client.CreateAsync(OperatorCluster.Counter());
        await cluster.ReconcileAsync();
        await cluster.SyncPodsAsync();
        await cluster.ReconcileAsync();

        await cluster.Client.MergePatchAsync<EntityType>(Ns, "counter", JsonNode.Parse("""{"spec":{"nodes":5}}""")!);
        await cluster.ReconcileAsync();
        Assert.Equal(5, (await cluster.Client.GetAsync<StatefulSet>(Ns, "counter"))!.Spec.Replicas);
        Assert.Equal(1, (await cluster.GetAsync()).Status!.PlacementVersion);

        await cluster.SyncPodsAsync();
        await cluster.ReconcileAsync();
        var placement = PlacementConfigMapBuilder.CurrentPlacement(await cluster.GetAsync(), await cluster.Client.GetAsync<ConfigMap>(Ns, "counter-placement"))!;
        Assert.Equal(2, placement.Version);
        Assert.Contains(placement.Shards, shard => shard.Replicas.Contains("counter-4"));
        Assert.Contains(cluster.Admin.Applied, a => a.Version == 2 && a.Node.Port == cluster.Addresses.GrpcPort(4));
    }

    [Fact]
    public async Task Scaling_down_moves_every_replica_off_the_departing_pods_before_the_StatefulSet_shrinks()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        await cluster.Client.CreateAsync(OperatorCluster.Counter(nodes: 5));
        await cluster.ReconcileAsync();
        await cluster.SyncPodsAsync();
        await cluster.ReconcileAsync();

        cluster.Admin.AutoConverge = false;
        await cluster.Client.MergePatchAsync<EntityType>(Ns, "counter", JsonNode.Parse("""{"spec":{"nodes":3}}""")!);
        var result = await cluster.ReconcileAsync();
        Assert.False(result.IsDone);
        var type = await cluster.GetAsync();
        Assert.Contains("moving replicas off counter-3, counter-4", type.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Progressing).Message);

        // The placement moves in steps (each pod in one shard move at a time), each published once the
        // nodes converge on the previous one; the StatefulSet keeps 5 pods until no step uses 3 or 4.
        var previous = PlacementConfigMapBuilder.CurrentPlacement(type, await cluster.Client.GetAsync<ConfigMap>(Ns, "counter-placement"))!;
        for (var step = 0; step < 20 && (await cluster.Client.GetAsync<StatefulSet>(Ns, "counter"))!.Spec.Replicas == 5; step++)
        {
            await cluster.ReconcileAsync();
            var unchanged = PlacementConfigMapBuilder.CurrentPlacement(await cluster.GetAsync(), await cluster.Client.GetAsync<ConfigMap>(Ns, "counter-placement"))!;
            Assert.Equal(previous.Version, unchanged.Version); // not converged yet: no next step
            cluster.Admin.Converge();
            await cluster.ReconcileAsync();
            var next = PlacementConfigMapBuilder.CurrentPlacement(await cluster.GetAsync(), await cluster.Client.GetAsync<ConfigMap>(Ns, "counter-placement"))!;
            var replicas = (await cluster.Client.GetAsync<StatefulSet>(Ns, "counter"))!.Spec.Replicas;
            Assert.True(replicas == 5 || !next.Shards.Any(shard => shard.Replicas.Any(pod => pod is "counter-3" or "counter-4")),
                $"the StatefulSet shrank to {replicas} while placement v{next.Version} still uses counter-3 or counter-4");
            AssertOneMovePerPod(previous, next);
            previous = next;
        }

        Assert.Equal(3, (await cluster.Client.GetAsync<StatefulSet>(Ns, "counter"))!.Spec.Replicas);
        Assert.DoesNotContain(previous.Shards, shard => shard.Replicas.Any(pod => pod is "counter-3" or "counter-4"));
    }

    private static void AssertOneMovePerPod(Placement.ShardMap before, Placement.ShardMap after)
    {
        var moves = before.Shards.Zip(after.Shards)
            .SelectMany(pair => pair.First.Replicas.Except(pair.Second.Replicas).Concat(pair.Second.Replicas.Except(pair.First.Replicas)))
            .GroupBy(pod => pod).Where(group => group.Count() > 1).Select(group => group.Key).ToArray();
        Assert.True(moves.Length == 0, $"pods {string.Join(", ", moves)} take part in two shard moves between v{before.Version} and v{after.Version}");
    }

    [Fact]
    public async Task A_rolling_update_drains_and_replaces_the_highest_outdated_ordinal_only_when_the_cluster_is_whole()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        await cluster.Client.CreateAsync(OperatorCluster.Counter());
        await cluster.ReconcileAsync();
        await cluster.SyncPodsAsync();
        await cluster.ReconcileAsync();

        await cluster.Client.MergePatchAsync<EntityType>(Ns, "counter", JsonNode.Parse("""{"spec":{"image":"registry.example.com/counter:2.0.0"}}""")!);
        await cluster.ReconcileAsync();
        Assert.Equal(cluster.Addresses.GrpcPort(2), Assert.Single(cluster.Admin.Drained).Port);
        Assert.Null(await cluster.Client.GetAsync<Pod>(Ns, "counter-2"));
        Assert.NotNull(await cluster.Client.GetAsync<Pod>(Ns, "counter-1"));

        // counter-2 is not back yet: nothing else may go.
        await cluster.ReconcileAsync();
        Assert.Single(cluster.Admin.Drained);
        await cluster.SyncPodsAsync();
        await cluster.ReconcileAsync();
        Assert.Equal([2, 1], cluster.Admin.Drained.Select(node => node.Port - cluster.Addresses.GrpcPort(0)));
        var image = (await cluster.Client.GetAsync<StatefulSet>(Ns, "counter"))!.Spec.Template.Spec.Containers[0].Image;
        Assert.Equal("registry.example.com/counter:2.0.0", image);
    }

    [Fact]
    public async Task A_spec_that_contradicts_the_running_shards_is_reported_naming_the_field_and_changes_nothing()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        await cluster.Client.CreateAsync(OperatorCluster.Counter());
        await cluster.ReconcileAsync();
        await cluster.SyncPodsAsync();
        await cluster.ReconcileAsync();
        var before = (await cluster.Client.GetAsync<StatefulSet>(Ns, "counter"))!.Metadata.ResourceVersion;

        await cluster.Client.MergePatchAsync<EntityType>(Ns, "counter", JsonNode.Parse("""{"spec":{"entity":"Renamed","image":"x:2"}}""")!);
        await cluster.ReconcileAsync();
        var degraded = (await cluster.GetAsync()).Status!.Conditions!.Single(c => c.Type == ConditionTypes.Degraded);
        Assert.Equal(("True", "InvalidSpec"), (degraded.Status, degraded.Reason));
        Assert.StartsWith("spec.entity:", degraded.Message);
        Assert.Equal(before, (await cluster.Client.GetAsync<StatefulSet>(Ns, "counter"))!.Metadata.ResourceVersion);
        Assert.Empty(cluster.Admin.Drained);
    }

    [Fact]
    public async Task Deleting_the_EntityType_removes_the_StatefulSet_then_the_finalizer()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        await cluster.Client.CreateAsync(OperatorCluster.Counter());
        await cluster.ReconcileAsync();
        await cluster.Client.DeleteAsync<EntityType>(Ns, "counter");
        Assert.NotNull(await cluster.Client.GetAsync<EntityType>(Ns, "counter"));
        await cluster.ReconcileAsync();
        Assert.Null(await cluster.Client.GetAsync<EntityType>(Ns, "counter"));
        Assert.Null(await cluster.Client.GetAsync<StatefulSet>(Ns, "counter"));
    }
}
