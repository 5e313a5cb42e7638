using System.Net;
using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Emulation.Authorization;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Http;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Tests.Support;
using EntityPlatform.Operator.Api;

namespace EntityPlatform.Kubernetes.Tests.Authorization;

/// <summary>
/// The emulator authorizes the operator's ServiceAccount against the chart's rendered Role and
/// ClusterRole, as a real API server's RBAC does: every request needs a rule for its verb, group,
/// resource and subresource in its namespace, and anything else is a 403 naming the user and the verb.
/// </summary>
public sealed class RbacTests
{
    private const string Token = "operator-token";

    private static async Task<(TestCluster Cluster, KubernetesClient Operator)> StartAsync(params string[] settings)
    {
        var cluster = await TestCluster.StartAsync();
        await OperatorChart.RestrictAsync(cluster.Emulator, Token, RepoPaths.Root, TestCluster.Namespace, settings);
        var client = new KubernetesClient(cluster.Emulator.ClientConfig(TestCluster.Namespace, Token),
            new KubernetesClientOptions { RequestTimeout = TimeSpan.FromSeconds(10), RetryBaseDelay = TimeSpan.FromMilliseconds(10) });
        return (cluster, client);
    }

    [Fact]
    public async Task The_operator_may_resize_a_StatefulSet_through_its_scale_subresource()
    {
        var (cluster, client) = await StartAsync();
        await using var _ = cluster;
        using var __ = client;
        await cluster.Client.CreateAsync(Objects.StatefulSet("counter", replicas: 3));

        var scale = await client.GetScaleAsync<V1StatefulSet>(TestCluster.Namespace, "counter");
        scale.Spec.Replicas = 5;
        await client.UpdateScaleAsync<V1StatefulSet>(TestCluster.Namespace, "counter", scale);

        Assert.Equal(5, (await cluster.Client.GetAsync<V1StatefulSet>(TestCluster.Namespace, "counter"))!.Spec.Replicas);
        Assert.Empty(cluster.Emulator.Forbidden);
    }

    [Fact]
    public async Task What_the_chart_does_not_grant_is_forbidden_with_the_API_servers_message()
    {
        var (cluster, client) = await StartAsync();
        await using var _ = cluster;
        using var __ = client;
        await cluster.Client.CreateAsync(Objects.EntityType("counter"));
        await cluster.Client.CreateAsync(Objects.StatefulSet("counter", replicas: 3));

        // Users own EntityTypes: the operator neither creates nor deletes them, and pods only leave by eviction.
        var delete = await Assert.ThrowsAsync<KubernetesApiException>(() => client.DeleteAsync<EntityType>(TestCluster.Namespace, "counter"));
        var create = await Assert.ThrowsAsync<KubernetesApiException>(() => client.CreateAsync(Objects.EntityType("other")));

        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal("Forbidden", delete.Reason);
        Assert.Contains("entitytypes.entityplatform.io \"counter\" is forbidden: User \"system:serviceaccount:tests:ep-entity-platform\" cannot delete resource \"entitytypes\" in API group \"entityplatform.io\" in the namespace \"tests\"",
            delete.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(2, cluster.Emulator.Forbidden.Count);
        Assert.NotNull(await cluster.Client.GetAsync<EntityType>(TestCluster.Namespace, "counter"));
    }

    [Fact]
    public async Task A_namespaced_install_grants_nothing_in_other_namespaces()
    {
        var (cluster, client) = await StartAsync();
        await using var _ = cluster;
        using var __ = client;

        Assert.NotNull(await client.ListAsync<V1StatefulSet>(TestCluster.Namespace, new ListOptions()));
        var elsewhere = await Assert.ThrowsAsync<KubernetesApiException>(() => client.ListAsync<V1StatefulSet>("team-b", new ListOptions()));

        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        Assert.Contains("cannot list resource \"statefulsets\" in API group \"apps\" in the namespace \"team-b\"", elsewhere.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_wide_install_grants_the_rules_in_every_namespace()
    {
        var (cluster, client) = await StartAsync("clusterWide=true");
        await using var _ = cluster;
        using var __ = client;

        Assert.NotNull(await client.ListAsync<V1StatefulSet>("team-b", new ListOptions()));
        Assert.Empty(cluster.Emulator.Forbidden);
    }

    [Fact]
    public async Task Server_side_apply_that_creates_needs_create_as_well_as_patch()
    {
        var (cluster, client) = await StartAsync();
        await using var _ = cluster;
        using var __ = client;

        // Leases: get, create, update only. An apply (a PATCH) is refused even though it would create.
        var lease = new k8s.Models.V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1", Kind = "Lease",
            Metadata = new k8s.Models.V1ObjectMeta { Name = "l", NamespaceProperty = TestCluster.Namespace },
            Spec = new k8s.Models.V1LeaseSpec { HolderIdentity = "a" },
        };
        var applied = await Assert.ThrowsAsync<KubernetesApiException>(() => k8s.CoordinationV1OperationsExtensions.PatchNamespacedLeaseAsync(
            client.Api.CoordinationV1, new k8s.Models.V1Patch(lease, k8s.Models.V1Patch.PatchType.ApplyPatch), "l", TestCluster.Namespace, fieldManager: "test"));
        Assert.Equal(HttpStatusCode.Forbidden, applied.StatusCode);
        Assert.Contains("cannot patch resource \"leases\"", applied.Message, StringComparison.Ordinal);

        // ConfigMaps: patch and create, so an apply may create one.
        var configMap = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c", NamespaceProperty = TestCluster.Namespace }, Data = new Dictionary<string, string> { ["k"] = "v" } };
        Assert.Equal("v", (await client.ApplyAsync(configMap, "test")).Data!["k"]);
    }
}
