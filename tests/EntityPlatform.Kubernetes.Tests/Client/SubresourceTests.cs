using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Tests.Support;
using EntityPlatform.Operator.Api;

namespace EntityPlatform.Kubernetes.Tests.Client;

public sealed class SubresourceTests
{
    [Fact]
    public async Task A_status_update_writes_only_status_and_a_main_update_cannot_write_status()
    {
        await using var cluster = await TestCluster.StartAsync();
        var et = await cluster.Client.CreateAsync(Objects.EntityType("counter"));

        et.Spec.Image = "sneaky:2";
        et.Status = new EntityTypeStatus { Shards = new ShardCounts { Total = 8, WithLeader = 8 } };
        et = await cluster.Client.UpdateStatusAsync(et);
        Assert.Equal("registry.example.com/counter:1.0.0", et.Spec.Image);
        Assert.Equal(8, et.Status!.Shards!.WithLeader);

        et.Status.Shards.WithLeader = 0;
        et.Metadata.Labels = new Dictionary<string, string> { ["a"] = "b" };
        et = await cluster.Client.UpdateAsync(et);
        Assert.Equal(8, et.Status!.Shards!.WithLeader);
        Assert.Equal("b", et.Metadata.Labels!["a"]);
    }

    [Fact]
    public async Task Status_sent_with_a_create_is_dropped()
    {
        await using var cluster = await TestCluster.StartAsync();
        var sts = Objects.StatefulSet("nodes");
        sts.Status = new V1StatefulSetStatus { Replicas = 99 };
        var created = await cluster.Client.CreateAsync(sts);
        Assert.Null(created.Status);
    }

    [Fact]
    public async Task The_scale_subresource_reads_and_writes_EntityType_spec_nodes()
    {
        await using var cluster = await TestCluster.StartAsync();
        var et = await cluster.Client.CreateAsync(Objects.EntityType("counter", nodes: 3));
        et.Status = new EntityTypeStatus { Nodes = 2, Selector = "app.kubernetes.io/instance=counter" };
        await cluster.Client.UpdateStatusAsync(et);

        var scale = await cluster.Client.GetScaleAsync<EntityType>(TestCluster.Namespace, "counter");
        Assert.Equal(3, scale.Spec.Replicas);
        Assert.Equal(2, scale.Status!.Replicas);
        Assert.Equal("app.kubernetes.io/instance=counter", scale.Status.Selector);

        scale.Spec.Replicas = 5;
        var scaled = await cluster.Client.UpdateScaleAsync<EntityType>(TestCluster.Namespace, "counter", scale);
        Assert.Equal(5, scaled.Spec.Replicas);
        var after = await cluster.Client.GetAsync<EntityType>(TestCluster.Namespace, "counter");
        Assert.Equal(5, after!.Spec.Nodes);
        Assert.Equal(2, after.Metadata.Generation);
    }

    [Fact]
    public async Task A_scale_write_with_a_stale_version_conflicts_and_one_that_breaks_a_rule_is_422()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Objects.EntityType("counter", nodes: 3, replicationFactor: 3));
        var scale = await cluster.Client.GetScaleAsync<EntityType>(TestCluster.Namespace, "counter");
        var fresh = await cluster.Client.GetScaleAsync<EntityType>(TestCluster.Namespace, "counter");
        fresh.Spec.Replicas = 4;
        await cluster.Client.UpdateScaleAsync<EntityType>(TestCluster.Namespace, "counter", fresh);

        scale.Spec.Replicas = 6;
        await Assert.ThrowsAsync<ConflictException>(() => cluster.Client.UpdateScaleAsync<EntityType>(TestCluster.Namespace, "counter", scale));

        var latest = await cluster.Client.GetScaleAsync<EntityType>(TestCluster.Namespace, "counter");
        latest.Spec.Replicas = 2; // below replicationFactor 3
        var invalid = await Assert.ThrowsAsync<InvalidException>(
            () => cluster.Client.UpdateScaleAsync<EntityType>(TestCluster.Namespace, "counter", latest));
        Assert.Equal(["spec"], invalid.Fields);
        Assert.Contains("nodes must be at least replicationFactor", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatefulSet_scale_reports_the_selector_as_a_string()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Objects.StatefulSet("nodes", replicas: 3));
        var scale = await cluster.Client.GetScaleAsync<V1StatefulSet>(TestCluster.Namespace, "nodes");
        Assert.Equal(3, scale.Spec.Replicas);
        Assert.Equal("app=nodes", scale.Status!.Selector);
    }
}
