using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Tests.Support;
using EntityPlatform.Operator.Api;

namespace EntityPlatform.Kubernetes.Tests.Client;

public sealed class PatchTests
{
    [Fact]
    public async Task A_merge_patch_merges_objects_and_deletes_keys_set_to_null()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Objects.ConfigMap("cm", new() { ["keep"] = "1", ["drop"] = "2" }));
        var patch = JsonNode.Parse("""{"metadata":{"labels":{"role":"placement"}},"data":{"drop":null,"new":"3"}}""")!;

        var patched = await cluster.Client.MergePatchAsync<V1ConfigMap>(TestCluster.Namespace, "cm", patch);

        Assert.Equal(new Dictionary<string, string> { ["keep"] = "1", ["new"] = "3" }, patched.Data);
        Assert.Equal("placement", patched.Metadata.Labels!["role"]);
    }

    [Fact]
    public async Task A_merge_patch_carrying_a_stale_resourceVersion_conflicts()
    {
        await using var cluster = await TestCluster.StartAsync();
        var created = await cluster.Client.CreateAsync(Objects.ConfigMap("cm"));
        await cluster.Client.MergePatchAsync<V1ConfigMap>(TestCluster.Namespace, "cm", JsonNode.Parse("""{"data":{"a":"b"}}""")!);
        var stale = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = created.Metadata.ResourceVersion }, ["data"] = new JsonObject { ["a"] = "c" } };
        await Assert.ThrowsAsync<ConflictException>(() => cluster.Client.MergePatchAsync<V1ConfigMap>(TestCluster.Namespace, "cm", stale));
    }

    [Fact]
    public async Task A_merge_patch_of_the_status_subresource_leaves_spec_alone()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Objects.EntityType("counter"));
        var patch = JsonNode.Parse("""{"spec":{"nodes":7},"status":{"placementVersion":3}}""")!;
        var patched = await cluster.Client.MergePatchAsync<EntityType>(TestCluster.Namespace, "counter", patch, subresource: "status");
        Assert.Equal(3, patched.Spec.Nodes);
        Assert.Equal(3, patched.Status!.PlacementVersion);
    }
}
