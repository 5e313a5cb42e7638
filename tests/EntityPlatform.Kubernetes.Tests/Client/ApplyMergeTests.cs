using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Tests.Support;

namespace EntityPlatform.Kubernetes.Tests.Client;

/// <summary>
/// Server-side apply as documented (kubernetes.io "Server-Side Apply": merge strategy and field
/// management): list-maps merge item by item by their keys, and writes that are not applies record
/// their manager with operation Update, which later applies conflict with.
/// </summary>
public sealed class ApplyMergeTests
{
    private static JsonNode Set(string containers) => JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"nodes"},
         "spec":{"selector":{"matchLabels":{"app":"n"}},"serviceName":"nodes",
                 "template":{"metadata":{"labels":{"app":"n"}},"spec":{"containers":
        """ + containers + "}}}}")!;

    private static async Task<V1StatefulSet> Apply(TestCluster cluster, string manager, string containers) =>
        await cluster.Client.ApplyAsync<V1StatefulSet>(TestCluster.Namespace, "nodes", Set(containers), manager);

    [Fact]
    public async Task Containers_merge_by_name_ports_by_port_and_protocol_and_env_by_name()
    {
        await using var cluster = await TestCluster.StartAsync();
        await Apply(cluster, "operator", """[{"name":"node","image":"node:1","ports":[{"containerPort":7100,"name":"grpc"}],"env":[{"name":"A","value":"1"}]}]""");
        var merged = await Apply(cluster, "mesh",
            """[{"name":"node","ports":[{"containerPort":9090,"name":"metrics"}],"env":[{"name":"B","value":"2"}]},{"name":"sidecar","image":"proxy:1"}]""");

        var containers = merged.Spec.Template.Spec.Containers;
        Assert.Equal(["node", "sidecar"], containers.Select(c => c.Name));
        Assert.Equal("node:1", containers[0].Image);
        Assert.Equal([7100, 9090], containers[0].Ports!.Select(p => p.ContainerPort));
        Assert.Equal(["A", "B"], containers[0].Env!.Select(e => e.Name));

        // The mesh stops applying its items: they go, what the operator applied stays.
        var after = await Apply(cluster, "mesh", """[{"name":"node"}]""");
        var node = Assert.Single(after.Spec.Template.Spec.Containers);
        Assert.Equal(("node", "node:1"), (node.Name, node.Image));
        Assert.Equal(7100, Assert.Single(node.Ports!).ContainerPort);
        Assert.Equal("A", Assert.Single(node.Env!).Name);
    }

    [Fact]
    public async Task An_item_key_names_the_item_in_managedFields_and_conflicts()
    {
        await using var cluster = await TestCluster.StartAsync();
        var applied = await Apply(cluster, "operator", """[{"name":"node","image":"node:1","ports":[{"containerPort":7100}]}]""");
        var fields = Assert.Single(ManagedFieldsJson.Entries(applied.Metadata))["fieldsV1"]!["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!;
        Assert.NotNull(fields["k:{\"name\":\"node\"}"]!["f:ports"]!["k:{\"containerPort\":7100,\"protocol\":\"TCP\"}"]);

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => Apply(cluster, "other", """[{"name":"node","image":"node:2"}]"""));
        Assert.Contains("conflict with \"operator\": .spec.template.spec.containers[name=\"node\"].image", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Conditions_of_a_custom_resource_merge_by_type()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.CreateAsync(Objects.EntityType("counter"));
        JsonNode Status(string type) => JsonNode.Parse($$$"""
            {"apiVersion":"entityplatform.io/v1alpha1","kind":"EntityType","metadata":{"name":"counter"},
             "status":{"conditions":[{"type":"{{{type}}}","status":"True","reason":"Because","message":"m","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}
            """)!;
        await cluster.Client.ApplyAsync<Operator.Api.EntityType>(TestCluster.Namespace, "counter", Status("Ready"), "operator", subresource: "status");
        var both = await cluster.Client.ApplyAsync<Operator.Api.EntityType>(TestCluster.Namespace, "counter", Status("Audited"), "auditor", subresource: "status");
        Assert.Equal(["Ready", "Audited"], both.Status!.Conditions!.Select(c => c.Type));
    }

    [Fact]
    public async Task A_PUT_records_an_Update_manager_that_a_later_apply_conflicts_with()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.ApplyAsync(Objects.StatefulSet("nodes", replicas: 3), "operator");
        var live = (await cluster.Client.GetAsync<V1StatefulSet>(TestCluster.Namespace, "nodes"))!;
        live.Spec.Replicas = 4;
        using var http = new HttpClient { BaseAddress = cluster.Emulator.BaseAddress };
        using var put = await http.PutAsync($"/apis/apps/v1/namespaces/{TestCluster.Namespace}/statefulsets/nodes?fieldManager=kubectl-edit",
            new StringContent(k8s.KubernetesJson.Serialize(live), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var edited = (await cluster.Client.GetAsync<V1StatefulSet>(TestCluster.Namespace, "nodes"))!;
        var update = ManagedFieldsJson.Entries(edited.Metadata).Single(entry => entry["manager"]!.ToString() == "kubectl-edit");
        Assert.Equal("Update", update["operation"]!.ToString());
        Assert.NotNull(update["fieldsV1"]!["f:spec"]!["f:replicas"]);
        var applier = ManagedFieldsJson.Entries(edited.Metadata).Single(entry => entry["manager"]!.ToString() == "operator");
        Assert.Null(applier["fieldsV1"]!["f:spec"]!["f:replicas"]); // the update took the field

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => cluster.Client.ApplyAsync(Objects.StatefulSet("nodes", replicas: 3), "operator"));
        Assert.Contains("conflict with \"kubectl-edit\" using apps/v1: .spec.replicas", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(3, (await cluster.Client.ApplyAsync(Objects.StatefulSet("nodes", replicas: 3), "operator", force: true)).Spec.Replicas);
    }
}
