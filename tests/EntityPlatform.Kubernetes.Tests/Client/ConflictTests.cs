using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Tests.Support;

namespace EntityPlatform.Kubernetes.Tests.Client;

public sealed class ConflictTests
{
    [Fact]
    public async Task An_update_with_a_stale_resourceVersion_is_a_409_ConflictException_and_changes_nothing()
    {
        await using var cluster = await TestCluster.StartAsync();
        var original = await cluster.Client.CreateAsync(Objects.ConfigMap("shared"));
        var first = await cluster.Client.GetAsync<V1ConfigMap>(TestCluster.Namespace, "shared");
        first!.Data!["key"] = "writer-1";
        await cluster.Client.UpdateAsync(first);

        original.Data!["key"] = "writer-2"; // still carries the version read before writer-1 wrote
        var error = await Assert.ThrowsAsync<ConflictException>(() => cluster.Client.UpdateAsync(original));

        Assert.Equal("Conflict", error.Reason);
        Assert.Contains("the object has been modified", error.Message, StringComparison.Ordinal);
        Assert.Equal("writer-1", (await cluster.Client.GetAsync<V1ConfigMap>(TestCluster.Namespace, "shared"))!.Data!["key"]);
    }

    [Fact]
    public async Task Every_write_gets_a_new_higher_resourceVersion_from_one_global_counter()
    {
        await using var cluster = await TestCluster.StartAsync();
        var a = await cluster.Client.CreateAsync(Objects.ConfigMap("a"));
        var b = await cluster.Client.CreateAsync(Objects.StatefulSet("b"));
        a.Data!["key"] = "changed";
        var a2 = await cluster.Client.UpdateAsync(a);

        var versions = new[] { a.Metadata.ResourceVersion, b.Metadata.ResourceVersion, a2.Metadata.ResourceVersion }.Select(v => long.Parse(v!)).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(3, versions.Distinct().Count());
    }

    [Fact]
    public async Task An_update_that_changes_nothing_keeps_the_resourceVersion()
    {
        await using var cluster = await TestCluster.StartAsync();
        var created = await cluster.Client.CreateAsync(Objects.ConfigMap("same"));
        var updated = await cluster.Client.UpdateAsync(created);
        Assert.Equal(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task A_custom_resource_update_without_a_resourceVersion_is_rejected()
    {
        await using var cluster = await TestCluster.StartAsync();
        var created = await cluster.Client.CreateAsync(Objects.EntityType("counter"));
        created.Metadata.ResourceVersion = null;
        var error = await Assert.ThrowsAsync<InvalidException>(() => cluster.Client.UpdateAsync(created));
        Assert.Equal(["metadata.resourceVersion"], error.Fields);
    }
}
