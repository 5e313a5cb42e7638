using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Builders;
using EntityPlatform.Operator.Tests.Support;

namespace EntityPlatform.Operator.Tests.Reconcile;

/// <summary>The reconciler against the API emulation, with the StatefulSet controller and the nodes played by the test.</summary>
public sealed class ReconcileTests
{
    private const string Ns = OperatorCluster.Namespace;

    [Fact]
    public async Task A_new_EntityType_gets_its_owned_objects_a_finalizer_and_an_honest_status()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        await cluster.Client.CreateAsync(OperatorCluster.Counter());
        await cluster.ReconcileAsync();

        var type = await cluster.GetAsync();
        Assert.Contains(ObjectNames.Finalizer, type.Metadata.Finalizers!);
        foreach (var owned in new IKubernetesObject<V1ObjectMeta>?[]
        {
            await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"), await cluster.Client.GetAsync<V1Service>(Ns, "counter"),
            await cluster.Client.GetAsync<V1Service>(Ns, "counter-peers"), await cluster.Client.GetAsync<V1PodDisruptionBudget>(Ns, "counter"),
            await cluster.Client.GetAsync<V1ConfigMap>(Ns, "counter-placement"),
        })
        {
            Assert.NotNull(owned);
            Assert.Equal(type.Metadata.Uid, Assert.Single(owned.Metadata.OwnerReferences!).Uid);
        }

        var degraded = type.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Degraded);
        Assert.Equal("True", degraded.Status);
        Assert.Contains("counter-0, counter-1, counter-2", degraded.Message);
        Assert.Equal(1, type.Status.PlacementVersion);
        Assert.Equal(type.Metadata.Generation, type.Status.ObservedGeneration);
    }

    [Fact]
    public async Task Once_pods_are_ready_and_shards_lead_the_EntityType_is_Ready_and_a_quiet_pass_writes_nothing()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        await cluster.Client.CreateAsync(OperatorCluster.Counter());
        await cluster.ReconcileAsync();
        await cluster.SyncPodsAsync();
        // The first pass with ready pods hands them the placement; the next one sees the shards led.
        await cluster.ReconcileAsync();
        await cluster.ReconcileAsync();

        var type = await cluster.GetAsync();
        Assert.Equal("True", type.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Ready).Status);
        Assert.Equal((4, 4, 0), (type.Status.Shards!.Total, type.Status.Shards.WithLeader, type.Status.Shards.UnderReplicated));
        Assert.Equal(4, type.Status.Leaders!.Values.Sum());
        Assert.Equal(3, type.Status.Nodes);
        Assert.Equal(3, cluster.Admin.Applied.Select(a => a.Node).Distinct().Count());

        var version = type.Metadata.ResourceVersion;
        var result = await cluster.ReconcileAsync();
        Assert.True(result.IsDone);
        Assert.Equal(version, (await cluster.GetAsync()).Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Scaling_up_grows_the_StatefulSet_then_places_replicas_on_the_new_pods()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        await cluster.Client.CreateAsync(OperatorCluster.Counter());
        await cluster.ReconcileAsync();
        await cluster.SyncPodsAsync();
        await cluster.ReconcileAsync();

        await cluster.Client.MergePatchAsync<EntityType>(Ns, "counter", JsonNode.Parse("""{"spec":{"nodes":5}}""")!);
        await cluster.ReconcileAsync();
        Assert.Equal(5, (await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"))!.Spec.Replicas);
        Assert.Equal(1, (await cluster.GetAsync()).Status!.PlacementVersion);

        await cluster.SyncPodsAsync();
        await cluster.ReconcileAsync();
        var placement = PlacementConfigMapBuilder.CurrentPlacement(await cluster.GetAsync(), await cluster.Client.GetAsync<V1ConfigMap>(Ns, "counter-placement"))!;
        Assert.Equal(2, placement.Version);
        Assert.Contains(placement.Shards, shard => shard.Replicas.Contains("counter-4"));
        Assert.Contains(cluster.Admin.Applied, a => a.Version == 2 && a.Node.Port == cluster.Addresses.GrpcPort(4));
    }

    [Fact]
    public async Task Scaling_down_moves_every_replica_off_the_departing_pods_before_the_StatefulSet_shrinks()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        await cluster.Client.CreateAsync(OperatorCluster.Counter(nodes: 5));
        await cluster.ReconcileAsync();
        await cluster.SyncPodsAsync();
        await cluster.ReconcileAsync();

        cluster.Admin.AutoConverge = false;
        await cluster.Client.MergePatchAsync<EntityType>(Ns, "counter", JsonNode.Parse("""{"spec":{"nodes":3}}""")!);
        var result = await cluster.ReconcileAsync();
        Assert.False(result.IsDone);
        var type = await cluster.GetAsync();
        Assert.Contains("moving replicas off counter-3, counter-4", type.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Progressing).Message);

        // The placement moves in steps (each pod in one shard move at a time), each published once the
        // nodes converge on the previous one; the StatefulSet keeps 5 pods until no step uses 3 or 4.
        var previous = PlacementConfigMapBuilder.CurrentPlacement(type, await cluster.Client.GetAsync<V1ConfigMap>(Ns, "counter-placement"))!;
        for (var step = 0; step < 20 && (await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"))!.Spec.Replicas == 5; step++)
        {
            await cluster.ReconcileAsync();
            var unchanged = PlacementConfigMapBuilder.CurrentPlacement(await cluster.GetAsync(), await cluster.Client.GetAsync<V1ConfigMap>(Ns, "counter-placement"))!;
            Assert.Equal(previous.Version, unchanged.Version); // not converged yet: no next step
            cluster.Admin.Converge();
            await cluster.ReconcileAsync();
            var next = PlacementConfigMapBuilder.CurrentPlacement(await cluster.GetAsync(), await cluster.Client.GetAsync<V1ConfigMap>(Ns, "counter-placement"))!;
            var replicas = (await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"))!.Spec.Replicas;
            Assert.True(replicas == 5 || !next.Shards.Any(shard => shard.Replicas.Any(pod => pod is "counter-3" or "counter-4")),
                $"the StatefulSet shrank to {replicas} while placement v{next.Version} still uses counter-3 or counter-4");
            AssertOneMovePerPod(previous, next);
            previous = next;
        }

        Assert.Equal(3, (await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"))!.Spec.Replicas);
        Assert.DoesNotContain(previous.Shards, shard => shard.Replicas.Any(pod => pod is "counter-3" or "counter-4"));
    }

    private static void AssertOneMovePerPod(Placement.ShardMap before, Placement.ShardMap after)
    {
        var moves = before.Shards.Zip(after.Shards)
            .SelectMany(pair => pair.First.Replicas.Except(pair.Second.Replicas).Concat(pair.Second.Replicas.Except(pair.First.Replicas)))
            .GroupBy(pod => pod).Where(group => group.Count() > 1).Select(group => group.Key).ToArray();
        Assert.True(moves.Length == 0, $"pods {string.Join(", ", moves)} take part in two shard moves between v{before.Version} and v{after.Version}");
    }

    [Fact]
    public async Task A_rolling_update_drains_and_replaces_the_highest_outdated_ordinal_only_when_the_cluster_is_whole()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        await cluster.Client.CreateAsync(OperatorCluster.Counter());
        await cluster.ReconcileAsync();
        await cluster.SyncPodsAsync();
        await cluster.ReconcileAsync();

        await cluster.Client.MergePatchAsync<EntityType>(Ns, "counter", JsonNode.Parse("""{"spec":{"image":"registry.example.com/counter:2.0.0"}}""")!);
        await cluster.ReconcileAsync();
        Assert.Equal(cluster.Addresses.GrpcPort(2), Assert.Single(cluster.Admin.Drained).Port);
        Assert.Null(await cluster.Client.GetAsync<V1Pod>(Ns, "counter-2"));
        Assert.NotNull(await cluster.Client.GetAsync<V1Pod>(Ns, "counter-1"));

        // counter-2 is not back yet: nothing else may go.
        await cluster.ReconcileAsync();
        Assert.Single(cluster.Admin.Drained);
        await cluster.SyncPodsAsync();
        await cluster.ReconcileAsync();
        Assert.Equal([2, 1], cluster.Admin.Drained.Select(node => node.Port - cluster.Addresses.GrpcPort(0)));
        var image = (await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"))!.Spec.Template.Spec.Containers[0].Image;
        Assert.Equal("registry.example.com/counter:2.0.0", image);
    }

    [Fact]
    public async Task A_rollout_to_a_bad_image_is_undone_by_a_fixed_image_without_a_manual_step()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        await cluster.Client.CreateAsync(OperatorCluster.Counter());
        await cluster.ReconcileAsync();
        await cluster.SyncPodsAsync();
        await cluster.ReconcileAsync();

        // The bad image: counter-2 is replaced and its new pod never gets ready, so the rollout stops there.
        await cluster.Client.MergePatchAsync<EntityType>(Ns, "counter", JsonNode.Parse("""{"spec":{"image":"registry.example.com/counter:bad"}}""")!);
        await cluster.ReconcileAsync();
        await cluster.SyncPodsAsync(notReady: new HashSet<string> { "counter-2" });
        var crashing = cluster.Addresses.Grpc(OperatorCluster.Counter(), 2);
        cluster.Admin.Down.Add(crashing);
        await cluster.ReconcileAsync();
        Assert.Single(cluster.Admin.Drained);
        var stuck = (await cluster.Client.GetAsync<V1Pod>(Ns, "counter-2"))!;

        // The fixed image: the outdated, not-ready counter-2 goes at once (0 and 1 keep every quorum),
        // without a drain (it serves nothing) and through the Eviction API.
        await cluster.Client.MergePatchAsync<EntityType>(Ns, "counter", JsonNode.Parse("""{"spec":{"image":"registry.example.com/counter:fixed"}}""")!);
        await cluster.ReconcileAsync();

        Assert.Null(await cluster.Client.GetAsync<V1Pod>(Ns, "counter-2"));
        Assert.Single(cluster.Admin.Drained);
        Assert.Contains(cluster.Emulator.Requests, request => request == $"POST /api/v1/namespaces/{Ns}/pods/counter-2/eviction");
        Assert.NotNull(stuck.Metadata.Uid);
        cluster.Admin.Down.Remove(crashing);
        await cluster.SyncPodsAsync();
        await cluster.ReconcileAsync();
        await cluster.SyncPodsAsync();
        await cluster.ReconcileAsync();
        await cluster.SyncPodsAsync();
        await cluster.ReconcileAsync();
        var hash = (await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"))!.Spec.Template.Metadata.Annotations![ObjectNames.TemplateHashAnnotation];
        var pods = (await cluster.Client.ListAsync<V1Pod>(Ns, new Kubernetes.Client.ListOptions())).Items;
        Assert.All(pods, pod => Assert.Equal(hash, pod.Metadata.Annotations![ObjectNames.TemplateHashAnnotation]));
        Assert.Equal(3, pods.Count);
    }

    [Fact]
    public async Task A_spec_that_contradicts_the_running_shards_is_reported_naming_the_field_and_changes_nothing()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        await cluster.Client.CreateAsync(OperatorCluster.Counter());
        await cluster.ReconcileAsync();
        await cluster.SyncPodsAsync();
        await cluster.ReconcileAsync();
        var before = (await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"))!.Metadata.ResourceVersion;

        // The CRD's CEL rule keeps spec.shards fixed; an EntityType recreated under the same name over a
        // live placement (here: one written for 8 shards) is what only the operator can see.
        var configMap = (await cluster.Client.GetAsync<V1ConfigMap>(Ns, "counter-placement"))!;
        var document = ClusterDocument.TryParse(configMap.Data![ObjectNames.PlacementKey])!;
        configMap.Data[ObjectNames.PlacementKey] = (document with { EntityTypes = [new ClusterDocument.EntityTypeEntry("counter", 8)] }).ToJson();
        await cluster.Client.UpdateAsync(configMap);
        await cluster.Client.MergePatchAsync<EntityType>(Ns, "counter", JsonNode.Parse("""{"spec":{"image":"x:2"}}""")!);
        await cluster.ReconcileAsync();
        var degraded = (await cluster.GetAsync()).Status!.Conditions!.Single(c => c.Type == ConditionTypes.Degraded);
        Assert.Equal(("True", "InvalidSpec"), (degraded.Status, degraded.Reason));
        Assert.StartsWith("spec.shards: 4 differs from the 8 shards", degraded.Message);
        Assert.Equal(before, (await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"))!.Metadata.ResourceVersion);
        Assert.Empty(cluster.Admin.Drained);
    }

    [Fact]
    public async Task The_pod_template_fields_are_written_to_the_StatefulSet_the_API_server_stores()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        var type = OperatorCluster.Counter();
        type.Spec.NodeSelector = new Dictionary<string, string> { ["example.com/pool"] = "stateful" };
        type.Spec.Tolerations = [new PodToleration { Operator = "Exists" }];
        type.Spec.Affinity = new AffinityRules { PodAntiAffinity = JsonNode.Parse("""{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":10,"podAffinityTerm":{"topologyKey":"example.com/rack"}}]}""")!.AsObject() };
        type.Spec.ImagePullSecrets = [new PullSecretReference { Name = "registry-creds" }];
        type.Spec.PriorityClassName = "high-priority";
        type.Spec.PodAnnotations = new Dictionary<string, string> { ["prometheus.io/scrape"] = "true" };
        type.Spec.Env = [new EnvironmentVariable { Name = "LOG_LEVEL", Value = "debug" }];
        type.Spec.Resources = new ComputeResources { Requests = new Dictionary<string, IntOrString> { ["memory"] = "2147483648" } };
        await cluster.Client.CreateAsync(type);
        await cluster.ReconcileAsync();

        var pod = (await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"))!.Spec.Template;
        Assert.Equal("stateful", pod.Spec.NodeSelector!["example.com/pool"]);
        Assert.Equal("Exists", Assert.Single(pod.Spec.Tolerations!).OperatorProperty);
        Assert.Equal(10, pod.Spec.Affinity!.PodAntiAffinity!.PreferredDuringSchedulingIgnoredDuringExecution![0].Weight);
        Assert.Equal("registry-creds", Assert.Single(pod.Spec.ImagePullSecrets!).Name);
        Assert.Equal("high-priority", pod.Spec.PriorityClassName);
        Assert.Equal("true", pod.Metadata.Annotations!["prometheus.io/scrape"]);
        Assert.Equal("debug", Assert.Single(pod.Spec.Containers[0].Env!).Value);
        Assert.Equal("2147483648", pod.Spec.Containers[0].Resources!.Requests!["memory"]);
    }

    [Theory]
    [InlineData("podAnnotations", "spec.podAnnotations[entityplatform.io/template-hash]: keys under entityplatform.io/ are the operator's own")]
    [InlineData("env", "spec.env[HOSTNAME]: reserved")]
    public async Task Reserved_pod_template_keys_are_refused_naming_the_field(string field, string message)
    {
        await using var cluster = await OperatorCluster.StartAsync();
        var type = OperatorCluster.Counter();
        if (field == "env")
        {
            type.Spec.Env = [new EnvironmentVariable { Name = "HOSTNAME", Value = "x" }];
        }
        else
        {
            type.Spec.PodAnnotations = new Dictionary<string, string> { [ObjectNames.TemplateHashAnnotation] = "forged" };
        }

        await cluster.Client.CreateAsync(type);
        await cluster.ReconcileAsync();
        var degraded = (await cluster.GetAsync()).Status!.Conditions!.Single(c => c.Type == ConditionTypes.Degraded);
        Assert.Equal(("True", "InvalidSpec"), (degraded.Status, degraded.Reason));
        Assert.StartsWith(message, degraded.Message);
        Assert.Null(await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"));
    }

    [Fact]
    public async Task A_paused_EntityType_is_left_alone_and_says_so_until_the_annotation_goes()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        await cluster.Client.CreateAsync(OperatorCluster.Counter());
        await cluster.ReconcileAsync();
        await cluster.SyncPodsAsync();
        await cluster.ReconcileAsync();
        Assert.Equal("False", (await cluster.GetAsync()).Status!.Conditions!.Single(c => c.Type == ConditionTypes.Paused).Status);
        var statefulSet = (await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"))!.Metadata.ResourceVersion;
        var configMap = (await cluster.Client.GetAsync<V1ConfigMap>(Ns, "counter-placement"))!.Metadata.ResourceVersion;

        await cluster.Client.MergePatchAsync<EntityType>(Ns, "counter",
            JsonNode.Parse("""{"metadata":{"annotations":{"entityplatform.io/paused":"true"}},"spec":{"image":"x:2","nodes":5}}""")!);
        var applied = cluster.Admin.Applied.Count;
        await cluster.ReconcileAsync();
        await cluster.ReconcileAsync();

        var type = await cluster.GetAsync();
        var paused = type.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Paused);
        Assert.Equal(("True", "ReconciliationPaused"), (paused.Status, paused.Reason));
        Assert.Contains(ObjectNames.PausedAnnotation, paused.Message);
        Assert.True(type.Status.ObservedGeneration < type.Metadata.Generation, "a paused EntityType's spec change is not acted on");
        Assert.Equal(statefulSet, (await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"))!.Metadata.ResourceVersion);
        Assert.Equal(configMap, (await cluster.Client.GetAsync<V1ConfigMap>(Ns, "counter-placement"))!.Metadata.ResourceVersion);
        Assert.Equal(applied, cluster.Admin.Applied.Count);
        Assert.Empty(cluster.Admin.Drained);

        // Deletion waits too: the finalizer stays while paused.
        await cluster.Client.DeleteAsync<EntityType>(Ns, "counter");
        await cluster.ReconcileAsync();
        Assert.NotNull(await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"));
        Assert.NotNull(await cluster.Client.GetAsync<EntityType>(Ns, "counter"));

        await cluster.Client.MergePatchAsync<EntityType>(Ns, "counter",
            JsonNode.Parse("""{"metadata":{"annotations":{"entityplatform.io/paused":null}}}""")!);
        await cluster.ReconcileAsync();
        Assert.Null(await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"));
    }

    [Fact]
    public async Task Unpausing_resumes_reconciliation_and_clears_the_condition()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        var type = OperatorCluster.Counter();
        type.Metadata.Annotations = new Dictionary<string, string> { [ObjectNames.PausedAnnotation] = "true" };
        await cluster.Client.CreateAsync(type);
        await cluster.ReconcileAsync();
        Assert.Null(await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"));
        Assert.Equal("True", (await cluster.GetAsync()).Status!.Conditions!.Single(c => c.Type == ConditionTypes.Paused).Status);

        await cluster.Client.MergePatchAsync<EntityType>(Ns, "counter",
            JsonNode.Parse("""{"metadata":{"annotations":{"entityplatform.io/paused":"false"}}}""")!);
        await cluster.ReconcileAsync();
        Assert.NotNull(await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"));
        var after = await cluster.GetAsync();
        Assert.Equal("False", after.Status!.Conditions!.Single(c => c.Type == ConditionTypes.Paused).Status);
        Assert.Equal(after.Metadata.Generation, after.Status.ObservedGeneration);
    }

    [Fact]
    public async Task The_planner_spreads_each_shards_replicas_over_the_zones_of_the_Nodes_the_pods_run_on()
    {
        // Pods carry no zone label; the zone is the topology.kubernetes.io/zone label of the Node a pod is
        // scheduled to (spec.nodeName), read with the chart's node-reader ClusterRole.
        await using var cluster = await OperatorCluster.StartAsync();
        string[] zones = ["zone-a", "zone-a", "zone-b", "zone-b", "zone-c"];
        for (var machine = 0; machine < zones.Length; machine++)
        {
            await cluster.Client.CreateAsync(new V1Node { Metadata = new V1ObjectMeta { Name = $"machine-{machine}", Labels = new Dictionary<string, string> { ["topology.kubernetes.io/zone"] = zones[machine] } } });
        }

        await cluster.Client.CreateAsync(OperatorCluster.Counter(nodes: 5));
        await cluster.ReconcileAsync();
        await cluster.SyncPodsAsync(machineOf: ordinal => $"machine-{ordinal}");
        async Task<Placement.ShardMap> Current() =>
            PlacementConfigMapBuilder.CurrentPlacement(await cluster.GetAsync(), await cluster.Client.GetAsync<V1ConfigMap>(Ns, "counter-placement"))!;
        int ZonesOf(Placement.ShardMap map, int shard) => map.Shards[shard].Replicas.Select(pod => zones[int.Parse(pod["counter-".Length..])]).Distinct().Count();
        int Spread(Placement.ShardMap map) => map.Shards.Count(shard => ZonesOf(map, shard.Shard) == 3);
        var founding = await Current();
        Assert.Equal(1, Spread(founding)); // planned before any pod was scheduled, so without zones

        // The one zone-c pod holds at most ceil(12 replicas / 5 pods) = 3 replicas, so at best 3 of the 4
        // shards span three zones, and every shard spans two.
        var placement = founding;
        for (var pass = 0; pass < 30 && Spread(placement) < 3; pass++)
        {
            await cluster.ReconcileAsync();
            placement = await Current();
        }

        Assert.True(Spread(placement) == 3 && placement.Shards.All(shard => ZonesOf(placement, shard.Shard) >= 2),
            $"v{founding.Version} [{string.Join(" | ", founding.Shards.Select(shard => string.Join(",", shard.Replicas)))}] -> v{placement.Version} [{string.Join(" | ", placement.Shards.Select(shard => string.Join(",", shard.Replicas)))}]");
    }

    [Fact]
    public async Task Deleting_the_EntityType_removes_the_StatefulSet_then_the_finalizer()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        await cluster.Client.CreateAsync(OperatorCluster.Counter());
        await cluster.ReconcileAsync();
        await cluster.Client.DeleteAsync<EntityType>(Ns, "counter");
        Assert.NotNull(await cluster.Client.GetAsync<EntityType>(Ns, "counter"));
        await cluster.ReconcileAsync();
        Assert.Null(await cluster.Client.GetAsync<EntityType>(Ns, "counter"));
        Assert.Null(await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"));
    }

    [Fact]
    public async Task The_finalizer_stays_until_the_pods_have_stopped()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        await cluster.Client.CreateAsync(OperatorCluster.Counter());
        await cluster.ReconcileAsync();
        await cluster.SyncPodsAsync();
        await cluster.Client.DeleteAsync<EntityType>(Ns, "counter");

        await cluster.ReconcileAsync();
        Assert.Null(await cluster.Client.GetAsync<V1StatefulSet>(Ns, "counter"));
        Assert.NotNull(await cluster.Client.GetAsync<EntityType>(Ns, "counter"));

        // The pods stop (the StatefulSet controller and kubelets finish): now the finalizer goes.
        foreach (var pod in (await cluster.Client.ListAsync<V1Pod>(Ns, new Kubernetes.Client.ListOptions())).Items)
        {
            await cluster.Client.DeleteAsync<V1Pod>(Ns, pod.Metadata.Name!);
        }

        await cluster.ReconcileAsync();
        Assert.Null(await cluster.Client.GetAsync<EntityType>(Ns, "counter"));
    }

    [Fact]
    public async Task An_API_error_becomes_a_Degraded_condition_with_the_servers_message_and_a_Warning_Event()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        // A leftover StatefulSet of the same name whose serviceName the operator cannot change (immutable: 422).
        var leftover = new V1StatefulSet
        {
            Metadata = new V1ObjectMeta { Name = "counter", NamespaceProperty = Ns },
            Spec = new V1StatefulSetSpec
            {
                Replicas = 3, ServiceName = "legacy",
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [ObjectNames.EntityTypeLabel] = "counter" } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { [ObjectNames.EntityTypeLabel] = "counter" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "node", Image = "old:1" }] },
                },
            },
        };
        await cluster.Client.CreateAsync(leftover);
        await cluster.Client.CreateAsync(OperatorCluster.Counter());

        await Assert.ThrowsAsync<Kubernetes.Errors.InvalidException>(() => cluster.ReconcileAsync());

        var degraded = (await cluster.GetAsync()).Status!.Conditions!.Single(c => c.Type == ConditionTypes.Degraded);
        Assert.Equal(("True", "ReconcileFailed"), (degraded.Status, degraded.Reason));
        Assert.StartsWith("StatefulSet.apps \"counter\" is invalid: spec: Forbidden: updates to statefulset spec", degraded.Message, StringComparison.Ordinal);
        var events = (await k8s.CoreV1OperationsExtensions.ListNamespacedEventAsync(cluster.Client.Api.CoreV1, Ns)).Items;
        Assert.Contains(events, e => e.Type == "Warning" && e.Reason == "ReconcileFailed" && e.Message == degraded.Message);
    }

    [Fact]
    public async Task A_raft_change_reaches_the_cluster_file_and_rolls_the_pods()
    {
        await using var cluster = await OperatorCluster.StartAsync();
        await cluster.Client.CreateAsync(OperatorCluster.Counter());
        await cluster.ReconcileAsync();
        await cluster.SyncPodsAsync();
        await cluster.ReconcileAsync();

        await cluster.Client.MergePatchAsync<EntityType>(Ns, "counter", JsonNode.Parse("""{"spec":{"raft":{"tickMs":20}}}""")!);
        await cluster.ReconcileAsync();

        var configMap = (await cluster.Client.GetAsync<V1ConfigMap>(Ns, "counter-placement"))!;
        Assert.Equal(new ClusterDocument.RaftEntry(20, 15, 3), ClusterDocument.TryParse(configMap.Data![ObjectNames.PlacementKey])!.Raft);
        // The first outdated pod was drained and evicted: the new timings roll out pod by pod.
        Assert.Single(cluster.Admin.Drained);
        Assert.Null(await cluster.Client.GetAsync<V1Pod>(Ns, "counter-2"));
    }
}
