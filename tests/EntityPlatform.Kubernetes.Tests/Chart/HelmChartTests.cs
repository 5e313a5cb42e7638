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
    public async Task The_default_render_is_namespaced_least_privilege()
    {
        var manifests = await Helm.TemplateAsync();
        var kinds = manifests.Select(m => m["kind"]!.ToString()).Order().ToList();
        Assert.Equal(["ClusterRole", "ClusterRoleBinding", "Deployment", "Role", "Role", "RoleBinding", "RoleBinding", "ServiceAccount"], kinds);
        // The one cluster-scoped right: reading Nodes, for the planner's zones.
        var nodeReader = Rules(Assert.Single(OfKind(manifests, "ClusterRole"))).Single();
        Assert.Equal(("", "nodes"), (nodeReader.Group, nodeReader.Resource));
        Assert.True(nodeReader.Verbs.SetEquals(["get", "list", "watch"]));
        Assert.All(OfKind(manifests, "RoleBinding"), binding =>
        {
            Assert.Equal("ep-entity-platform", binding["subjects"]![0]!["name"]!.ToString());
            Assert.Equal("entityplatform-system", binding["subjects"]![0]!["namespace"]!.ToString());
            Assert.Equal("entityplatform-system", binding["metadata"]!["namespace"]!.ToString());
        });
        var container = Assert.Single(OfKind(manifests, "Deployment"))["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Contains("--watch-namespace=entityplatform-system", container["args"]!.AsArray().Select(a => a!.ToString()));
    }

    [Fact]
    public async Task ClusterWide_swaps_the_manager_Role_for_a_ClusterRole_and_watches_every_namespace()
    {
        var manifests = await Helm.TemplateAsync("--set", "clusterWide=true");
        var binding = Assert.Single(OfKind(manifests, "ClusterRoleBinding"), b => b["metadata"]!["name"]!.ToString().EndsWith("-manager", StringComparison.Ordinal));
        Assert.Equal("ep-entity-platform", binding["subjects"]![0]!["name"]!.ToString());
        Assert.Equal(2, OfKind(manifests, "ClusterRole").Count()); // the manager's and the node reader's
        var container = Assert.Single(OfKind(manifests, "Deployment"))["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Contains("--watch-namespace=", container["args"]!.AsArray().Select(a => a!.ToString()));
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
        var manager = Rules(Assert.Single(OfKind(manifests, "Role"), r => r["metadata"]!["name"]!.ToString().EndsWith("-manager", StringComparison.Ordinal)))
            .ToDictionary(r => $"{r.Group}/{r.Resource}", r => r.Verbs);
        Assert.Equal(["entityplatform.io/entitytypes", "entityplatform.io/entitytypes/status", "entityplatform.io/entitytypes/finalizers",
            "apps/statefulsets", "apps/statefulsets/scale", "/services", "/configmaps", "policy/poddisruptionbudgets", "/pods", "/pods/eviction", "/events"], manager.Keys);
        Assert.DoesNotContain("create", manager["entityplatform.io/entitytypes"]); // users own EntityTypes
        Assert.DoesNotContain("delete", manager["entityplatform.io/entitytypes"]);
        // ScaleReconciler resizes through the scale subresource, which needs its own rule.
        Assert.True(manager["apps/statefulsets/scale"].SetEquals(["get", "update"]));
        // Pods leave through the Eviction API (the PodDisruptionBudget arbitrates), never a plain delete.
        Assert.True(manager["/pods"].SetEquals(["list", "watch"]));
        Assert.True(manager["/pods/eviction"].SetEquals(["create"]));
        Assert.True(manager["/events"].SetEquals(["create"]));
        // Owned objects are applied and garbage-collected: no update, no delete (the StatefulSet's delete is the finalizer's).
        Assert.All(["/services", "/configmaps", "policy/poddisruptionbudgets"], owned => Assert.True(manager[owned].Intersect(["update", "delete"]).Count() == 0, owned));
        var election = Rules(Assert.Single(OfKind(manifests, "Role"), r => r["metadata"]!["name"]!.ToString().EndsWith("-leader-election", StringComparison.Ordinal))).Single();
        Assert.Equal(("coordination.k8s.io", "leases"), (election.Group, election.Resource));
        Assert.True(election.Verbs.SetEquals(["get", "create", "update"]));
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
    public async Task Watching_another_namespace_puts_the_manager_Role_there()
    {
        var manifests = await Helm.TemplateAsync("--set", "watchNamespace=team-a");
        Assert.Equal(["ep-entity-platform-node-reader"], OfKind(manifests, "ClusterRole").Select(r => r["metadata"]!["name"]!.ToString()));
        Assert.Equal(["ep-entity-platform-node-reader"], OfKind(manifests, "ClusterRoleBinding").Select(r => r["metadata"]!["name"]!.ToString()));
        var manager = Assert.Single(OfKind(manifests, "Role"), r => r["metadata"]!["name"]!.ToString().EndsWith("-manager", StringComparison.Ordinal));
        Assert.Equal("team-a", manager["metadata"]!["namespace"]!.ToString());
        var binding = Assert.Single(OfKind(manifests, "RoleBinding"), r => r["metadata"]!["namespace"]!.ToString() == "team-a");
        Assert.Equal("Role", binding["roleRef"]!["kind"]!.ToString());
        var container = Assert.Single(OfKind(manifests, "Deployment"))["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Contains("--watch-namespace=team-a", container["args"]!.AsArray().Select(a => a!.ToString()));
    }

    [Theory]
    [InlineData(new[] { "leaderElection.enabled=false" }, "replicaCount: 2 replicas need leaderElection.enabled=true")]
    [InlineData(new[] { "leaderElection.renewDeadline=20s" }, "leaderElection.leaseDuration: 15s must be longer than leaderElection.renewDeadline 20s")]
    [InlineData(new[] { "leaderElection.retryPeriod=10s" }, "leaderElection.renewDeadline: 10s must be longer than leaderElection.retryPeriod 10s")]
    [InlineData(new[] { "leaderElection.retryPeriod=1m" }, "leaderElection.renewDeadline: 10s must be longer than leaderElection.retryPeriod 1m")]
    [InlineData(new[] { "clusterWide=true", "watchNamespace=team-a" }, "watchNamespace: set either watchNamespace")]
    public async Task Settings_that_contradict_each_other_are_refused_naming_the_field(string[] settings, string message)
    {
        var result = await Helm.RunAsync(["template", "ep", Helm.Chart, .. settings.SelectMany(setting => new[] { "--set", setting })]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_replica_may_run_without_leader_election_and_a_PodMonitor_is_optional()
    {
        var single = await Helm.TemplateAsync("--set", "leaderElection.enabled=false", "--set", "replicaCount=1");
        Assert.Empty(OfKind(single, "PodMonitor"));
        var monitored = await Helm.TemplateAsync("--set", "metrics.podMonitor.enabled=true");
        var monitor = Assert.Single(OfKind(monitored, "PodMonitor"));
        Assert.Equal("metrics", monitor["spec"]!["podMetricsEndpoints"]![0]!["port"]!.ToString());
        Assert.Equal("ep", monitor["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/instance"]!.ToString());
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
