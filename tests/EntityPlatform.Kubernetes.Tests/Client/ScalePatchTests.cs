using System.Net;
using System.Text;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Tests.Support;
using EntityPlatform.Operator.Api;

namespace EntityPlatform.Kubernetes.Tests.Client;

/// <summary>
/// <c>kubectl scale --replicas=N</c> sends a JSON merge patch <c>{"spec":{"replicas":N}}</c> to the
/// scale subresource; a real server applies it (unconditionally unless the patch names a resourceVersion).
/// </summary>
public sealed class ScalePatchTests
{
    private static async Task<HttpResponseMessage> PatchScaleAsync(TestCluster cluster, string path, string body)
    {
        using var http = new HttpClient { BaseAddress = cluster.Emulator.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Patch, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/merge-patch+json"),
        };
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task A_kubectl_scale_patch_sets_the_replicas_of_a_StatefulSet_and_of_an_EntityType()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Objects.StatefulSet("counter", replicas: 3));
        await cluster.Client.CreateAsync(Objects.EntityType("counter", nodes: 3));

        using var set = await PatchScaleAsync(cluster, $"/apis/apps/v1/namespaces/{TestCluster.Namespace}/statefulsets/counter/scale", """{"spec":{"replicas":5}}""");
        using var type = await PatchScaleAsync(cluster, $"/apis/entityplatform.io/v1alpha1/namespaces/{TestCluster.Namespace}/entitytypes/counter/scale", """{"spec":{"replicas":5}}""");

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.OK, type.StatusCode);
        Assert.Equal(5, (await cluster.Client.GetAsync<V1StatefulSet>(TestCluster.Namespace, "counter"))!.Spec.Replicas);
        Assert.Equal(5, (await cluster.Client.GetAsync<EntityType>(TestCluster.Namespace, "counter"))!.Spec.Nodes);
    }

    [Fact]
    public async Task A_scale_patch_with_a_stale_resourceVersion_is_a_conflict()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Objects.StatefulSet("counter", replicas: 3));

        using var stale = await PatchScaleAsync(cluster, $"/apis/apps/v1/namespaces/{TestCluster.Namespace}/statefulsets/counter/scale",
            """{"metadata":{"resourceVersion":"1"},"spec":{"replicas":5}}""");

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(3, (await cluster.Client.GetAsync<V1StatefulSet>(TestCluster.Namespace, "counter"))!.Spec.Replicas);
    }
}
