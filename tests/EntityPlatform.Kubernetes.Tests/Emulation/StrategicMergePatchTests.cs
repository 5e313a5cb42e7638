using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Tests.Support;
using k8s;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Tests.Emulation;

/// <summary>
/// Strategic merge patch as a real API server applies it to built-in kinds, sent through
/// KubernetesClient's typed Patch call (<c>V1Patch.PatchType.StrategicMergePatch</c>): lists with a
/// patch merge key merge by key, <c>$patch: delete</c> removes an item, and custom resources refuse
/// it with 415.
/// </summary>
public sealed class StrategicMergePatchTests
{
    private const string Ns = TestCluster.Namespace;

    [Fact]
    public async Task Containers_and_env_merge_by_name_and_a_delete_directive_removes_one_item()
    {
        await using var cluster = await TestCluster.StartAsync();
        var set = Objects.StatefulSet("nodes");
        set.Spec.Template.Spec.Containers[0].Env = [new() { Name = "A", Value = "1" }, new() { Name = "B", Value = "2" }];
        await cluster.Client.CreateAsync(set);

        var patch = new V1Patch(
            """{"spec":{"template":{"spec":{"containers":[{"name":"node","env":[{"name":"B","value":"3"},{"name":"A","$patch":"delete"},{"name":"C","value":"4"}]}]}}}}""",
            V1Patch.PatchType.StrategicMergePatch);
        var patched = await cluster.Client.Api.AppsV1.PatchNamespacedStatefulSetAsync(patch, "nodes", Ns);

        var container = Assert.Single(patched.Spec.Template.Spec.Containers);
        Assert.Equal("node:1", container.Image); // a JSON merge patch would have replaced the list and lost it
        Assert.Equal([("B", "3"), ("C", "4")], container.Env.Select(e => (e.Name, e.Value)).ToArray());
    }

    [Fact]
    public async Task A_list_without_a_merge_key_is_replaced_and_an_item_without_its_key_is_refused()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Objects.StatefulSet("nodes"));

        var args = new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"node","args":["--a"]}]}}}}""", V1Patch.PatchType.StrategicMergePatch);
        await cluster.Client.Api.AppsV1.PatchNamespacedStatefulSetAsync(args, "nodes", Ns);
        var again = new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"node","args":["--b"]}]}}}}""", V1Patch.PatchType.StrategicMergePatch);
        var patched = await cluster.Client.Api.AppsV1.PatchNamespacedStatefulSetAsync(again, "nodes", Ns);
        Assert.Equal(["--b"], patched.Spec.Template.Spec.Containers[0].Args);

        var keyless = new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"image":"x:2"}]}}}}""", V1Patch.PatchType.StrategicMergePatch);
        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => cluster.Client.Api.AppsV1.PatchNamespacedStatefulSetAsync(keyless, "nodes", Ns));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task A_custom_resource_refuses_a_strategic_merge_patch_with_415()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Objects.EntityType("counter"));
        var patch = new V1Patch("""{"spec":{"nodes":4}}""", V1Patch.PatchType.StrategicMergePatch);
        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => cluster.Client.Api.CustomObjects.PatchNamespacedCustomObjectAsync(
            patch, "entityplatform.io", "v1alpha1", Ns, "entitytypes", "counter"));
        Assert.Equal(System.Net.HttpStatusCode.UnsupportedMediaType, error.StatusCode);
    }
}
