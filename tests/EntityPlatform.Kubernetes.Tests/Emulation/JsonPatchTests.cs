using System.Net;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Tests.Support;
using k8s;
using k8s.Models;
using Xunit;

namespace EntityPlatform.Kubernetes.Tests.Emulation;

/// <summary>
/// RFC 6902 JSON patch, as KubernetesClient sends it (<c>V1Patch.PatchType.JsonPatch</c>, the media type
/// application/json-patch+json) and a real API server applies it: operations in order, all or nothing,
/// 422 when one cannot apply (a failed test, a missing path), 400 when one is malformed.
/// </summary>
public sealed class JsonPatchTests
{
    private static Task<V1ConfigMap> Patch(TestCluster cluster, string operations) =>
        cluster.Client.Api.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(operations, V1Patch.PatchType.JsonPatch), "c", TestCluster.Namespace);

    [Fact]
    public async Task Add_replace_remove_move_and_copy_apply_in_order()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Objects.ConfigMap("c", new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }));

        var patched = await Patch(cluster, """
            [{"op":"add","path":"/data/c","value":"3"},{"op":"replace","path":"/data/a","value":"one"},{"op":"remove","path":"/data/b"},
             {"op":"move","from":"/data/c","path":"/data/d"},{"op":"copy","from":"/data/a","path":"/data/e"},
             {"op":"add","path":"/metadata/labels","value":{"x~y/z":"w"}}]
            """);

        Assert.Equal(new Dictionary<string, string> { ["a"] = "one", ["d"] = "3", ["e"] = "one" }, patched.Data);
        Assert.Equal("w", patched.Metadata.Labels!["x~y/z"]);
    }

    [Fact]
    public async Task A_failed_test_is_a_422_and_changes_nothing()
    {
        await using var cluster = await TestCluster.StartAsync();
        var created = await cluster.Client.CreateAsync(Objects.ConfigMap("c"));

        var error = await Assert.ThrowsAsync<InvalidException>(() => Patch(cluster, """
            [{"op":"replace","path":"/data/key","value":"changed"},{"op":"test","path":"/metadata/resourceVersion","value":"12345678"}]
            """));

        Assert.Contains("testing value /metadata/resourceVersion failed", error.Message, StringComparison.Ordinal);
        var live = (await cluster.Client.GetAsync<V1ConfigMap>(TestCluster.Namespace, "c"))!;
        Assert.Equal("value", live.Data["key"]);
        Assert.Equal(created.Metadata.ResourceVersion, live.Metadata.ResourceVersion);

        // The same test with the live version passes: how a JSON patch is made conditional.
        var patched = await Patch(cluster, $$"""
            [{"op":"test","path":"/metadata/resourceVersion","value":"{{created.Metadata.ResourceVersion}}"},{"op":"replace","path":"/data/key","value":"changed"}]
            """);
        Assert.Equal("changed", patched.Data["key"]);
    }

    [Fact]
    public async Task A_missing_path_is_a_422_and_a_malformed_operation_a_400()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Objects.ConfigMap("c"));

        var missing = await Assert.ThrowsAsync<InvalidException>(() => Patch(cluster, """[{"op":"remove","path":"/data/absent"}]"""));
        Assert.Contains("path /data/absent does not exist", missing.Message, StringComparison.Ordinal);

        var malformed = await Assert.ThrowsAsync<KubernetesApiException>(() => Patch(cluster, """[{"op":"frobnicate","path":"/data/key"}]"""));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("unknown op \"frobnicate\"", malformed.Message, StringComparison.Ordinal);

        var notAList = await Assert.ThrowsAsync<KubernetesApiException>(() => Patch(cluster, """{"op":"add"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, notAList.StatusCode);
    }
}
