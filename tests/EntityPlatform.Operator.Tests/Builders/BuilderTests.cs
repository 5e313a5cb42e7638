using k8s.Models;
using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Builders;
using EntityPlatform.Operator.Tests.Support;
using EntityPlatform.Placement;

namespace EntityPlatform.Operator.Tests.Builders;

public sealed class BuilderTests
{
    private static EntityType Type()
    {
        var type = OperatorCluster.Counter();
        type.Metadata.Uid = "uid-1";
        type.Spec.Storage = new StorageSpec { Size = "20Gi", Class = "fast" };
        type.Spec.Resources = new ComputeResources { Requests = new() { ["cpu"] = "500m" }, Limits = new() { ["memory"] = "1Gi" } };
        type.Spec.TopologySpreadKey = "example.com/rack";
        return type;
    }

    [Fact]
    public void The_StatefulSet_has_stable_identities_the_node_args_storage_resources_probes_and_spread()
    {
        var set = StatefulSetBuilder.Build(Type(), replicas: 3);
        Assert.Equal("counter", set.Metadata.Name);
        Assert.Equal(3, set.Spec.Replicas);
        Assert.Equal("counter-peers", set.Spec.ServiceName);
        Assert.Equal("OnDelete", set.Spec.UpdateStrategy!.Type);
        var container = Assert.Single(set.Spec.Template.Spec.Containers);
        Assert.Equal("registry.example.com/counter:1.0.0", container.Image);
        // No shell (Pod Security "restricted" images may have none): the node derives its id from the hostname.
        Assert.Equal(["entityplatform-node"], container.Command);
        Assert.Equal(["run", "--node-id-from-hostname", "--data", "/var/lib/entityplatform", "--cluster", "/etc/entityplatform/cluster.json",
            "--grpc-port", "7100", "--internal-port", "7200", "--http-port", "8100", "--bind", "0.0.0.0", "--auto-rejoin"], container.Args);
        Assert.Equal("/readyz", container.ReadinessProbe!.HttpGet!.Path);
        Assert.Equal("/healthz", container.LivenessProbe!.HttpGet!.Path);
        Assert.Equal("500m", container.Resources!.Requests!["cpu"]);
        Assert.Equal("1Gi", container.Resources.Limits!["memory"]);
        var claim = Assert.Single(set.Spec.VolumeClaimTemplates!);
        Assert.Equal("20Gi", claim.Spec.Resources!.Requests!["storage"]);
        Assert.Equal("fast", claim.Spec.StorageClassName);
        var spread = set.Spec.Template.Spec.TopologySpreadConstraints!;
        Assert.Equal([("kubernetes.io/hostname", "DoNotSchedule"), ("example.com/rack", "ScheduleAnyway")],
            spread.Select(constraint => (constraint.TopologyKey, constraint.WhenUnsatisfiable)));
        Assert.Equal("counter-placement", Assert.Single(set.Spec.Template.Spec.Volumes!, volume => volume.Name == "placement").ConfigMap!.Name);
        var owner = Assert.Single(set.Metadata.OwnerReferences!);
        Assert.True(owner.Controller);
        Assert.Equal("uid-1", owner.Uid);
    }

    [Fact]
    public void The_template_hash_changes_with_the_image_and_only_with_pod_affecting_fields()
    {
        var type = Type();
        var before = PodTemplateBuilder.Build(type).Metadata.Annotations![ObjectNames.TemplateHashAnnotation];
        type.Spec.Nodes = 5;
        Assert.Equal(before, PodTemplateBuilder.Build(type).Metadata.Annotations![ObjectNames.TemplateHashAnnotation]);
        type.Spec.Image = "registry.example.com/counter:2.0.0";
        Assert.NotEqual(before, PodTemplateBuilder.Build(type).Metadata.Annotations![ObjectNames.TemplateHashAnnotation]);
    }

    [Fact]
    public void The_pod_template_fields_of_the_spec_reach_the_StatefulSet_and_the_operators_annotations_win()
    {
        var type = Type();
        type.Spec.NodeSelector = new() { ["example.com/pool"] = "stateful" };
        type.Spec.Tolerations = [new PodToleration { Key = "dedicated", Operator = "Equal", Value = "ep", Effect = "NoExecute", TolerationSeconds = 30 }];
        type.Spec.Affinity = new AffinityRules { NodeAffinity = System.Text.Json.Nodes.JsonNode.Parse("""{"preferredDuringSchedulingIgnoredDuringExecution":[]}""")!.AsObject() };
        type.Spec.ImagePullSecrets = [new PullSecretReference { Name = "registry-creds" }];
        type.Spec.PriorityClassName = "high-priority";
        type.Spec.PodAnnotations = new() { ["sidecar.istio.io/inject"] = "false" };
        type.Spec.Env = [new EnvironmentVariable { Name = "DOTNET_gcServer", Value = "1" }];

        var pod = StatefulSetBuilder.Build(type, replicas: 3).Spec.Template;
        Assert.Equal("stateful", pod.Spec.NodeSelector!["example.com/pool"]);
        var toleration = Assert.Single(pod.Spec.Tolerations!);
        Assert.Equal(("dedicated", "Equal", "ep", "NoExecute", (long?)30), (toleration.Key, toleration.OperatorProperty, toleration.Value, toleration.Effect, toleration.TolerationSeconds));
        Assert.NotNull(pod.Spec.Affinity!.NodeAffinity!.PreferredDuringSchedulingIgnoredDuringExecution);
        Assert.Equal("registry-creds", Assert.Single(pod.Spec.ImagePullSecrets!).Name);
        Assert.Equal("high-priority", pod.Spec.PriorityClassName);
        Assert.Equal("false", pod.Metadata.Annotations!["sidecar.istio.io/inject"]);
        Assert.Contains(ObjectNames.TemplateHashAnnotation, pod.Metadata.Annotations.Keys);
        var container = Assert.Single(pod.Spec.Containers);
        Assert.Equal(("DOTNET_gcServer", "1"), (Assert.Single(container.Env!).Name, container.Env![0].Value));
        Assert.Equal("500m", container.Resources!.Requests!["cpu"]);

        // Each of them is a pod change: the hash moves, so the rolling update replaces the pods.
        var hash = pod.Metadata.Annotations[ObjectNames.TemplateHashAnnotation];
        type.Spec.Env[0].Value = "0";
        Assert.NotEqual(hash, PodTemplateBuilder.Build(type).Metadata.Annotations![ObjectNames.TemplateHashAnnotation]);
    }

    [Fact]
    public void The_template_hash_does_not_depend_on_the_order_of_map_keys()
    {
        var type = Type();
        type.Spec.PodAnnotations = new() { ["b.example.com/x"] = "1", ["a.example.com/y"] = "2" };
        var before = PodTemplateBuilder.Build(type).Metadata.Annotations![ObjectNames.TemplateHashAnnotation];
        type.Spec.PodAnnotations = new() { ["a.example.com/y"] = "2", ["b.example.com/x"] = "1" };
        Assert.Equal(before, PodTemplateBuilder.Build(type).Metadata.Annotations![ObjectNames.TemplateHashAnnotation]);
    }

    [Fact]
    public void A_raft_timing_change_changes_the_template_hash_so_the_rolling_update_restarts_the_nodes()
    {
        var type = Type();
        var before = PodTemplateBuilder.Build(type).Metadata.Annotations![ObjectNames.TemplateHashAnnotation];
        type.Spec.Raft = new RaftTimings { TickMs = 20 };
        var after = PodTemplateBuilder.Build(type).Metadata.Annotations!;
        Assert.NotEqual(before, after[ObjectNames.TemplateHashAnnotation]);
        Assert.Equal("tickMs=20,electionTicks=15,heartbeatTicks=3", after[ObjectNames.RaftTimingsAnnotation]);
    }

    [Fact]
    public void Services_are_headless_for_peers_and_ClusterIP_for_clients()
    {
        var peers = ServiceBuilder.Peers(Type());
        Assert.Equal(("counter-peers", "None", true), (peers.Metadata.Name, peers.Spec.ClusterIP, peers.Spec.PublishNotReadyAddresses));
        var client = ServiceBuilder.Client(Type());
        Assert.Equal(("counter", "ClusterIP", 7100), (client.Metadata.Name, client.Spec.Type, Assert.Single(client.Spec.Ports!).Port));
        Assert.Equal(peers.Spec.Selector, client.Spec.Selector);
    }

    [Fact]
    public void Node_pods_meet_the_restricted_Pod_Security_profile_and_request_resources_by_default()
    {
        var bare = Type();
        bare.Spec.Resources = null;
        var pod = StatefulSetBuilder.Build(bare, replicas: 3).Spec.Template.Spec;
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.True(pod.SecurityContext!.RunAsNonRoot);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile!.Type);
        var container = Assert.Single(pod.Containers);
        Assert.False(container.SecurityContext!.AllowPrivilegeEscalation);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities!.Drop);
        Assert.Contains(container.VolumeMounts!, mount => mount.MountPath == "/tmp" && pod.Volumes!.Any(volume => volume.Name == mount.Name && volume.EmptyDir is not null));
        Assert.Equal(Canonical("250m", "512Mi"), new[] { container.Resources!.Requests!["cpu"].ToString(), container.Resources.Requests["memory"].ToString() });

        // A request in the spec wins over the default; the other default stays.
        var type = Type();
        type.Spec.Resources = new ComputeResources { Requests = new Dictionary<string, k8s.Models.IntOrString> { ["memory"] = "2Gi" } };
        var requests = Assert.Single(StatefulSetBuilder.Build(type, replicas: 3).Spec.Template.Spec.Containers).Resources!.Requests!;
        Assert.Equal(Canonical("250m", "2Gi"), new[] { requests["cpu"].ToString(), requests["memory"].ToString() });
    }

    /// <summary>Quantities as KubernetesClient's ResourceQuantity writes them (its canonical form, as the API server's).</summary>
    private static string[] Canonical(params string[] quantities) => [.. quantities.Select(quantity => new k8s.Models.ResourceQuantity(quantity).ToString())];

    [Fact]
    public void The_disruption_budget_allows_one_pod_at_a_time()
    {
        var budget = DisruptionBudgetBuilder.Build(Type());
        Assert.Equal("1", budget.Spec.MaxUnavailable!.Value);
        Assert.Equal(ObjectNames.Selector(Type()), budget.Spec.Selector!.MatchLabels);
    }

    [Fact]
    public void The_placement_ConfigMap_is_a_cluster_file_that_round_trips_with_pod_names()
    {
        var type = Type();
        var pods = Enumerable.Range(0, 3).Select(i => new PlacementNode(ObjectNames.Pod(type, i))).ToArray();
        var plan = PlacementPlanner.Plan(new PlacementRequest(4, 3, pods, null));
        var map = PlacementConfigMapBuilder.Build(type, plan, nodeCount: 5, new PortAddresses());
        var document = ClusterDocument.TryParse(map.Data![ObjectNames.PlacementKey])!;
        Assert.Equal(("counter", 4), (document.EntityTypes[0].Name, document.EntityTypes[0].Shards));
        Assert.Equal([1UL, 2, 3, 4, 5], document.Nodes.Select(node => node.Id));
        Assert.Equal("http://127.0.0.1:17100/", document.Nodes[0].Address);
        Assert.All(document.Placement.Shards, shard => Assert.Equal(3, shard.Replicas.Count));
        var back = PlacementConfigMapBuilder.CurrentPlacement(type, map)!;
        Assert.True(back.SamePlacementAs(plan));
        Assert.Equal(plan.Version, back.Version);
    }

    [Fact]
    public void A_ConfigMap_that_is_not_a_cluster_file_has_no_placement()
    {
        var map = new V1ConfigMap { Data = new Dictionary<string, string> { [ObjectNames.PlacementKey] = "{not json" } };
        Assert.Null(PlacementConfigMapBuilder.CurrentPlacement(Type(), map));
    }

    [Fact]
    public void Env_valueFrom_reaches_the_node_container_as_secretKeyRef_configMapKeyRef_and_fieldRef()
    {
        var type = Type();
        type.Spec.Env =
        [
            new EnvironmentVariable { Name = "PASSWORD", ValueFrom = new EnvironmentVariableSource { SecretKeyRef = new KeyReference { Name = "creds", Key = "password", Optional = true } } },
            new EnvironmentVariable { Name = "MODE", ValueFrom = new EnvironmentVariableSource { ConfigMapKeyRef = new KeyReference { Name = "settings", Key = "mode" } } },
            new EnvironmentVariable { Name = "NODE", ValueFrom = new EnvironmentVariableSource { FieldRef = new PodFieldReference { FieldPath = "spec.nodeName" } } },
        ];
        var env = StatefulSetBuilder.Build(type, replicas: 3).Spec.Template.Spec.Containers.Single().Env!;

        Assert.Equal(("creds", "password", true), (env[0].ValueFrom!.SecretKeyRef!.Name, env[0].ValueFrom!.SecretKeyRef!.Key, env[0].ValueFrom!.SecretKeyRef!.Optional));
        Assert.Equal(("settings", "mode"), (env[1].ValueFrom!.ConfigMapKeyRef!.Name, env[1].ValueFrom!.ConfigMapKeyRef!.Key));
        Assert.Equal("spec.nodeName", env[2].ValueFrom!.FieldRef!.FieldPath);
        Assert.All(env, variable => Assert.Null(variable.Value));
    }
}
