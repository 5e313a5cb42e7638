using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Tests.Support;

namespace EntityPlatform.Kubernetes.Tests.Client;

public sealed class ApplyTests
{
    private const string Operator = "entityplatform-operator";

    [Fact]
    public async Task Apply_creates_a_missing_object_and_a_repeated_apply_is_a_no_op()
    {
        await using var cluster = await TestCluster.StartAsync();
        var first = await cluster.Client.ApplyAsync(Objects.StatefulSet("nodes"), Operator);
        var second = await cluster.Client.ApplyAsync(Objects.StatefulSet("nodes"), Operator);

        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
        var managed = Assert.Single(ManagedFieldsJson.Entries(second.Metadata));
        Assert.Equal(Operator, managed["manager"]!.ToString());
        Assert.Equal("Apply", managed["operation"]!.ToString());
        Assert.NotNull(managed["fieldsV1"]!["f:spec"]!["f:replicas"]);
        Assert.Contains(cluster.Emulator.Requests, r => r.Contains("fieldManager=entityplatform-operator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Taking_a_field_another_manager_applied_conflicts_and_names_the_field_unless_forced()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.ApplyAsync(Objects.StatefulSet("nodes", replicas: 3), Operator);
        var rival = JsonNode.Parse("""{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"nodes"},"spec":{"replicas":5}}""")!;

        var conflict = await Assert.ThrowsAsync<ConflictException>(
            () => cluster.Client.ApplyAsync<V1StatefulSet>(TestCluster.Namespace, "nodes", rival, "kubectl"));
        Assert.Contains("conflict with \"entityplatform-operator\": .spec.replicas", conflict.Message, StringComparison.Ordinal);

        var forced = await cluster.Client.ApplyAsync<V1StatefulSet>(TestCluster.Namespace, "nodes", rival, "kubectl", force: true);
        Assert.Equal(5, forced.Spec.Replicas);
        // Ownership moved: the operator re-applying 3 is now the one that conflicts.
        await Assert.ThrowsAsync<ConflictException>(() => cluster.Client.ApplyAsync(Objects.StatefulSet("nodes", replicas: 3), Operator));
    }

    [Fact]
    public async Task Applying_the_same_value_as_another_manager_shares_the_field_without_conflict()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.ApplyAsync(Objects.StatefulSet("nodes", replicas: 3), Operator);
        var same = JsonNode.Parse("""{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"nodes"},"spec":{"replicas":3}}""")!;
        var shared = await cluster.Client.ApplyAsync<V1StatefulSet>(TestCluster.Namespace, "nodes", same, "other");
        Assert.Equal(2, shared.Metadata.ManagedFields!.Count);
    }

    [Fact]
    public async Task A_field_the_manager_stops_applying_is_removed()
    {
        await using var cluster = await TestCluster.StartAsync();
        var withLabel = Objects.ConfigMap("cm", new() { ["a"] = "1", ["b"] = "2" }, labels: new() { ["tier"] = "x" });
        await cluster.Client.ApplyAsync(withLabel, Operator);

        var applied = await cluster.Client.ApplyAsync(Objects.ConfigMap("cm", new() { ["a"] = "1" }), Operator);

        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, applied.Data);
        Assert.Null(applied.Metadata.Labels);
    }

    [Fact]
    public async Task Apply_to_the_status_subresource_writes_only_status()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Objects.EntityType("counter"));
        var status = JsonNode.Parse("""
            {"apiVersion":"entityplatform.io/v1alpha1","kind":"EntityType","metadata":{"name":"counter"},
             "spec":{"nodes":9},"status":{"observedGeneration":1,"placementVersion":2}}
            """)!;
        var applied = await cluster.Client.ApplyAsync<Operator.Api.EntityType>(TestCluster.Namespace, "counter", status, Operator, subresource: "status");
        Assert.Equal(3, applied.Spec.Nodes);
        Assert.Equal(2, applied.Status!.PlacementVersion);
    }

    [Fact]
    public async Task Apply_without_a_field_manager_is_refused_by_the_client()
    {
        await using var cluster = await TestCluster.StartAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => cluster.Client.ApplyAsync(Objects.ConfigMap("cm"), " "));
    }
}
