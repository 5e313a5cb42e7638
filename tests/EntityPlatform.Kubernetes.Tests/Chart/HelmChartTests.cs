using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Tests.Crd;
using EntityPlatform.Kubernetes.Yaml;

namespace EntityPlatform.Kubernetes.Tests.Chart;

/// <summary>helm lint and helm template with the real helm binary, and what the manifests must say.</summary>
public sealed class HelmChartTests
{
    private static IEnumerable<JsonObject> OfKind(List<JsonObject> manifests, string kind) =>
        manifests.Where(m => m["kind"]?.ToString() == kind);

    private static IEnumerable<(string Group, string Resource, HashSet<string> Verbs)> Rules(JsonObject role) =>
        (role["rules"] as JsonArray ?? []).OfType<JsonObject>().SelectMany(rule =>
            from g in rule["apiGroups"]!.AsArray()
            from r in rule["resources"]!.AsArray()
            select (g!.ToString(), r!.ToString(), rule["verbs"]!.AsArray().Select(v => v!.ToString()).ToHashSet()));

    [Fact]
    public async Task Helm_lint_passes()
    {
        var result = await Helm.RunAsync("lint", Helm.Chart, "--strict");
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
    }

    [Fact]
    public async Task The_default_render_has_every_kind_with_cluster_wide_rights()
    {
        var manifests = await Helm.TemplateAsync();
        var kinds = manifests.Select(m => m["kind"]!.ToString()).Order().ToList();
        Assert.Equal(["ClusterRole", "ClusterRoleBinding", "Deployment", "Role", "RoleBinding", "ServiceAccount"], kinds);
        var binding = Assert.Single(OfKind(manifests, "ClusterRoleBinding"));
        Assert.Equal("ep-entity-platform", binding["subjects"]![0]!["name"]!.ToString());
        Assert.Equal("entityplatform-system", binding["subjects"]![0]!["namespace"]!.ToString());
    }

    [Fact]
    public async Task RBAC_is_least_privilege_with_no_wildcards()
    {
        var manifests = await Helm.TemplateAsync();
        var roles = OfKind(manifests, "ClusterRole").Concat(OfKind(manifests, "Role")).ToList();
        foreach (var (group, resource, verbs) in roles.SelectMany(Rules))
        {
            Assert.DoesNotContain("*", verbs);
            Assert.NotEqual("*", resource);
            Assert.NotEqual("*", group);
            Assert.DoesNotContain("escalate", verbs);
            Assert.DoesNotContain("bind", verbs);
            Assert.DoesNotContain("impersonate", verbs);
        }
        var manager = Rules(Assert.Single(OfKind(manifests, "ClusterRole"))).ToDictionary(r => $"{r.Group}/{r.Resource}", r => r.Verbs);
        Assert.Equal(["entityplatform.io/entitytypes", "entityplatform.io/entitytypes/status", "entityplatform.io/entitytypes/finalizers",
            "apps/statefulsets", "/services", "/configmaps", "policy/poddisruptionbudgets", "/pods", "/events"], manager.Keys);
        Assert.DoesNotContain("create", manager["entityplatform.io/entitytypes"]); // users own EntityTypes
        Assert.DoesNotContain("delete", manager["entityplatform.io/entitytypes"]);
        Assert.True(manager["/pods"].SetEquals(["get", "list", "watch", "delete"]));
        Assert.True(manager["/events"].SetEquals(["create", "patch"]));
        var election = Rules(Assert.Single(OfKind(manifests, "Role"))).Single();
        Assert.Equal(("coordination.k8s.io", "leases"), (election.Group, election.Resource));
        Assert.True(election.Verbs.SetEquals(["get", "create", "update"]));
        Assert.Equal("entityplatform-system", Assert.Single(OfKind(manifests, "Role"))["metadata"]!["namespace"]!.ToString());
    }

    [Fact]
    public async Task The_operator_container_has_probes_resources_and_leader_election_settings()
    {
        var deployment = Assert.Single(OfKind(await Helm.TemplateAsync(), "Deployment"));
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("/healthz", container["livenessProbe"]!["httpGet"]!["path"]!.ToString());
        Assert.Equal("/readyz", container["readinessProbe"]!["httpGet"]!["path"]!.ToString());
        Assert.Equal("health", container["readinessProbe"]!["httpGet"]!["port"]!.ToString());
        Assert.NotNull(container["resources"]!["requests"]!["cpu"]);
        Assert.NotNull(container["resources"]!["limits"]!["memory"]);
        var args = container["args"]!.AsArray().Select(a => a!.ToString()).ToList();
        Assert.Contains("--lease-duration=15s", args);
        Assert.Contains("--renew-deadline=10s", args);
        Assert.Contains("--retry-period=2s", args);
        Assert.Contains("--leader-elect=true", args);
        Assert.Equal(2L, (long)deployment["spec"]!["replicas"]!);
        Assert.Equal("ep-entity-platform", deployment["spec"]!["template"]!["spec"]!["serviceAccountName"]!.ToString());
    }

    [Fact]
    public async Task Watching_one_namespace_swaps_the_ClusterRole_for_a_Role_there()
    {
        var manifests = await Helm.TemplateAsync("--set", "watchNamespace=team-a");
        Assert.Empty(OfKind(manifests, "ClusterRole"));
        Assert.Empty(OfKind(manifests, "ClusterRoleBinding"));
        var manager = Assert.Single(OfKind(manifests, "Role"), r => r["metadata"]!["name"]!.ToString().EndsWith("-manager", StringComparison.Ordinal));
        Assert.Equal("team-a", manager["metadata"]!["namespace"]!.ToString());
        var binding = Assert.Single(OfKind(manifests, "RoleBinding"), r => r["metadata"]!["namespace"]!.ToString() == "team-a");
        Assert.Equal("Role", binding["roleRef"]!["kind"]!.ToString());
        var container = Assert.Single(OfKind(manifests, "Deployment"))["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Contains("--watch-namespace=team-a", container["args"]!.AsArray().Select(a => a!.ToString()));
    }

    [Theory]
    [InlineData("replicaCount=0", "/replicaCount")]
    [InlineData("leaderElection.leaseDuration=soon", "/leaderElection/leaseDuration")]
    [InlineData("watchNamespace=Not_A_Namespace", "/watchNamespace")]
    [InlineData("logLevel=loud", "/logLevel")]
    public async Task The_values_schema_rejects_bad_values_naming_the_field(string setting, string field)
    {
        var result = await Helm.RunAsync("template", "ep", Helm.Chart, "--set", setting);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(field, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chart_installs_exactly_the_generated_CRD()
    {
        var manifests = await Helm.TemplateAsync("--include-crds");
        var crd = Assert.Single(OfKind(manifests, "CustomResourceDefinition"));
        var generated = YamlJson.Parse(File.ReadAllText(CrdDriftTests.CrdPath));
        Assert.True(JsonNode.DeepEquals(generated, crd), "the rendered CRD differs from crds/entitytypes.entityplatform.io.yaml");
    }
}
