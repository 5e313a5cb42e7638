using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Http;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Tests.Support;

namespace EntityPlatform.Kubernetes.Tests.Client;

public sealed class CrudTests
{
    [Fact]
    public async Task Create_then_get_round_trips_and_the_server_fills_in_metadata()
    {
        await using var cluster = await TestCluster.StartAsync();
        var created = await cluster.Client.CreateAsync(Objects.ConfigMap("placement", new() { ["shard-0"] = "pod-0,pod-1,pod-2" }));

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.False(string.IsNullOrEmpty(created.Metadata.ResourceVersion));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        var read = await cluster.Client.GetAsync<V1ConfigMap>(TestCluster.Namespace, "placement");
        Assert.NotNull(read);
        Assert.Equal("pod-0,pod-1,pod-2", read.Data!["shard-0"]);
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        Assert.Contains(cluster.Emulator.Requests, r => r.StartsWith("POST /api/v1/namespaces/tests/configmaps", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_of_a_missing_object_returns_null()
    {
        await using var cluster = await TestCluster.StartAsync();
        Assert.Null(await cluster.Client.GetAsync<V1StatefulSet>(TestCluster.Namespace, "missing"));
    }

    [Fact]
    public async Task Create_of_an_existing_name_throws_AlreadyExists_not_Conflict()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Objects.ConfigMap("dup"));
        var error = await Assert.ThrowsAsync<AlreadyExistsException>(() => cluster.Client.CreateAsync(Objects.ConfigMap("dup")));
        Assert.Equal("AlreadyExists", error.Reason);
    }

    [Fact]
    public async Task Each_kind_is_served_under_its_own_API_path()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Objects.StatefulSet("nodes"));
        await cluster.Client.CreateAsync(Objects.EntityType("counter"));
        await k8s.CoordinationV1OperationsExtensions.CreateNamespacedLeaseAsync(cluster.Client.Api.CoordinationV1, new k8s.Models.V1Lease
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "leader" }, Spec = new k8s.Models.V1LeaseSpec { HolderIdentity = "a" },
        }, TestCluster.Namespace);
        await cluster.Client.CreateAsync(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = "nodes" },
            Spec = new V1PodDisruptionBudgetSpec { MaxUnavailable = 1, Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "nodes" } } },
        });

        var requests = cluster.Emulator.Requests;
        Assert.Contains("POST /apis/apps/v1/namespaces/tests/statefulsets", requests);
        Assert.Contains("POST /apis/entityplatform.io/v1alpha1/namespaces/tests/entitytypes", requests);
        Assert.Contains("POST /apis/coordination.k8s.io/v1/namespaces/tests/leases", requests);
        Assert.Contains("POST /apis/policy/v1/namespaces/tests/poddisruptionbudgets", requests);
        var pdb = await cluster.Client.GetAsync<V1PodDisruptionBudget>(TestCluster.Namespace, "nodes");
        Assert.Equal("1", pdb!.Spec.MaxUnavailable!.Value);
    }

    [Fact]
    public async Task List_filters_by_label_and_reads_every_page()
    {
        await using var cluster = await TestCluster.StartAsync(clientOptions: new KubernetesClientOptions { ListPageSize = 2 });
        for (var i = 0; i < 5; i++)
        {
            await cluster.Client.CreateAsync(Objects.ConfigMap($"mine-{i}", labels: new() { ["owner"] = "me" }));
        }
        await cluster.Client.CreateAsync(Objects.ConfigMap("other", labels: new() { ["owner"] = "you" }));

        var list = await cluster.Client.ListAsync<V1ConfigMap>(TestCluster.Namespace, new ListOptions { LabelSelector = "owner=me" });

        Assert.Equal(["mine-0", "mine-1", "mine-2", "mine-3", "mine-4"], list.Items.Select(i => i.Metadata.Name!));
        Assert.Equal(3, cluster.Emulator.Requests.Count(r => r.StartsWith("GET /api/v1/namespaces/tests/configmaps?", StringComparison.Ordinal)));
        Assert.False(string.IsNullOrEmpty(list.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Delete_removes_the_object_and_reports_whether_it_existed()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Objects.ConfigMap("gone"));

        Assert.True(await cluster.Client.DeleteAsync<V1ConfigMap>(TestCluster.Namespace, "gone"));
        Assert.Null(await cluster.Client.GetAsync<V1ConfigMap>(TestCluster.Namespace, "gone"));
        Assert.False(await cluster.Client.DeleteAsync<V1ConfigMap>(TestCluster.Namespace, "gone"));
    }

    [Fact]
    public async Task An_invalid_name_is_a_422_naming_metadata_name()
    {
        await using var cluster = await TestCluster.StartAsync();
        var error = await Assert.ThrowsAsync<InvalidException>(() => cluster.Client.CreateAsync(Objects.ConfigMap("Not_Valid")));
        Assert.Equal(["metadata.name"], error.Fields);
    }
}
