using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Tests.Support;

namespace EntityPlatform.Kubernetes.Tests.Emulation;

/// <summary>
/// The validation a real API server applies to the built-in kinds the operator writes, with its
/// wording: each case here is a 422 on a real cluster, so the emulation must refuse it too.
/// </summary>
public sealed class AdmissionTests
{
    private const string Ns = TestCluster.Namespace;

    [Theory]
    [InlineData("1counter-peers")]
    [InlineData("bank.accounts-peers")]
    [InlineData("a-service-name-that-is-sixty-four-characters-long-xxxxxxxxxxxxxx")]
    public async Task Service_names_must_be_DNS_1035_labels(string name)
    {
        await using var cluster = await TestCluster.StartAsync();
        var error = await Assert.ThrowsAsync<InvalidException>(() => cluster.Client.CreateAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Ns },
            Spec = new V1ServiceSpec { ClusterIP = "None", Ports = [new V1ServicePort { Name = "grpc", Port = 7100 }] },
        }));
        Assert.Contains("metadata.name", error.Fields);
        Assert.Contains("a DNS-1035 label must consist of lower case alphanumeric characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Label_values_longer_than_63_characters_or_with_bad_characters_are_refused()
    {
        await using var cluster = await TestCluster.StartAsync();
        var tooLong = await Assert.ThrowsAsync<InvalidException>(() =>
            cluster.Client.CreateAsync(Objects.ConfigMap("a", labels: new() { ["app"] = new string('x', 64) })));
        var badCharacter = await Assert.ThrowsAsync<InvalidException>(() =>
            cluster.Client.CreateAsync(Objects.ConfigMap("b", labels: new() { ["app"] = "-starts-with-a-dash" })));

        Assert.Contains("must be no more than 63 characters", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("a valid label must be an empty string", badCharacter.Message, StringComparison.Ordinal);
        Assert.NotNull(await cluster.Client.CreateAsync(Objects.ConfigMap("c", labels: new() { ["app"] = new string('x', 63) })));
    }

    [Fact]
    public async Task Resource_quantities_in_pod_templates_and_claims_must_parse()
    {
        await using var cluster = await TestCluster.StartAsync();
        // KubernetesClient's ResourceQuantity refuses "two" before sending, so the bad quantities go in as JSON,
        // as a kubectl apply of a hand-written manifest would send them.
        var set = Objects.StatefulSet("counter");
        set.Spec.VolumeClaimTemplates = [new V1PersistentVolumeClaim { Metadata = new V1ObjectMeta { Name = "data" }, Spec = new V1PersistentVolumeClaimSpec() }];
        var json = System.Text.Json.Nodes.JsonNode.Parse(k8s.KubernetesJson.Serialize(set))!;
        json["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"] = System.Text.Json.Nodes.JsonNode.Parse("""{"requests":{"cpu":"two","memory":"1Gi"}}""");
        json["spec"]!["volumeClaimTemplates"]![0]!["spec"]!["resources"] = System.Text.Json.Nodes.JsonNode.Parse("""{"requests":{"storage":"10GB"}}""");

        var error = await Assert.ThrowsAsync<InvalidException>(() => cluster.Client.ApplyAsync<V1StatefulSet>(TestCluster.Namespace, "counter", json, "tests"));

        Assert.Equal(["spec.template.spec.containers[0].resources.requests[cpu]", "spec.volumeClaimTemplates[0].spec.resources.requests[storage]"], error.Fields);
    }

    [Fact]
    public async Task StatefulSet_fields_other_than_replicas_template_and_update_strategy_are_immutable()
    {
        await using var cluster = await TestCluster.StartAsync();
        var set = await cluster.Client.CreateAsync(Objects.StatefulSet("counter"));
        set.Spec.Replicas = 5;
        set.Spec.Template.Spec.Containers[0].Image = "node:2";
        set = await cluster.Client.UpdateAsync(set);

        set.Spec.ServiceName = "other-peers";
        var error = await Assert.ThrowsAsync<InvalidException>(() => cluster.Client.UpdateAsync(set));

        Assert.Contains("spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
            error.Message, StringComparison.Ordinal);
        Assert.Equal("counter-peers", (await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"))!.Spec.ServiceName);
    }

    [Fact]
    public async Task Lease_durations_must_be_positive()
    {
        await using var cluster = await TestCluster.StartAsync();
        var error = await Assert.ThrowsAsync<InvalidException>(() => k8s.CoordinationV1OperationsExtensions.CreateNamespacedLeaseAsync(cluster.Client.Api.CoordinationV1, new k8s.Models.V1Lease
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "operator", NamespaceProperty = Ns },
            Spec = new k8s.Models.V1LeaseSpec { HolderIdentity = "a", LeaseDurationSeconds = 0 },
        }, Ns));
        Assert.Equal(["spec.leaseDurationSeconds"], error.Fields);
    }
}
