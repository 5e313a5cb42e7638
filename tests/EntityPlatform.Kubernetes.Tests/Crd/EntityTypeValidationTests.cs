using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Tests.Support;
using EntityPlatform.Operator.Api;

namespace EntityPlatform.Kubernetes.Tests.Crd;

/// <summary>The CRD's rules, enforced by the emulated API server with Kubernetes-shaped 422 errors.</summary>
public sealed class EntityTypeValidationTests
{
    private static async Task<InvalidException> Rejected(TestCluster cluster, EntityType et) =>
        await Assert.ThrowsAsync<InvalidException>(() => cluster.Client.CreateAsync(et));

    [Theory]
    [InlineData(2, "replicationFactor must be odd")]
    [InlineData(4, "replicationFactor must be odd")]
    [InlineData(9, "should be less than or equal to 7")]
    [InlineData(0, "should be greater than or equal to 1")]
    public async Task ReplicationFactor_must_be_odd_and_between_1_and_7(int replicationFactor, string message)
    {
        await using var cluster = await TestCluster.StartAsync();
        var error = await Rejected(cluster, Objects.EntityType("bad", nodes: 9, replicationFactor: replicationFactor));
        Assert.Equal(["spec.replicationFactor"], error.Fields);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("EntityType.entityplatform.io \"bad\" is invalid: spec.replicationFactor: Invalid value:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    public async Task Odd_replication_factors_up_to_7_are_accepted(int replicationFactor)
    {
        await using var cluster = await TestCluster.StartAsync();
        var created = await cluster.Client.CreateAsync(Objects.EntityType("ok", nodes: 7, replicationFactor: replicationFactor));
        Assert.Equal(replicationFactor, created.Spec.ReplicationFactor);
    }

    [Fact]
    public async Task Shards_cannot_change_after_creation_and_the_message_says_why()
    {
        await using var cluster = await TestCluster.StartAsync();
        var et = await cluster.Client.CreateAsync(Objects.EntityType("counter", shards: 8));
        et.Spec.Shards = 16;
        var error = await Assert.ThrowsAsync<InvalidException>(() => cluster.Client.UpdateAsync(et));
        Assert.Equal(["spec.shards"], error.Fields);
        Assert.Contains("Invalid value: \"integer\": shards is immutable", error.Message, StringComparison.Ordinal);

        et.Spec.Shards = 8;
        et.Spec.Nodes = 5; // other fields still change freely
        Assert.Equal(5, (await cluster.Client.UpdateAsync(et)).Spec.Nodes);
    }

    [Fact]
    public async Task Several_errors_are_reported_together_each_naming_its_field()
    {
        await using var cluster = await TestCluster.StartAsync();
        var et = Objects.EntityType("bad");
        et.Spec.Image = "";
        et.Spec.Shards = 0;
        et.Spec.Storage = new StorageSpec { Size = "lots" };
        var error = await Rejected(cluster, et);
        Assert.Equal(["spec.image", "spec.shards", "spec.storage.size"], error.Fields);
    }

    [Fact]
    public async Task Missing_required_fields_are_named()
    {
        await using var cluster = await TestCluster.StartAsync();
        var body = JsonNode.Parse("""{"apiVersion":"entityplatform.io/v1alpha1","kind":"EntityType","metadata":{"name":"x"},"spec":{"image":"i:1"}}""")!;
        var error = await Assert.ThrowsAsync<InvalidException>(() =>
            cluster.Client.ApplyAsync<EntityType>(TestCluster.Namespace, "x", body, "test"));
        Assert.Equal(["spec.shards", "spec.nodes"], error.Fields);
        Assert.All(error.Status!.Details!.Causes!, c => Assert.Equal("FieldValueRequired", c.Reason));
    }

    [Fact]
    public async Task Defaults_are_filled_in_and_unknown_fields_are_pruned()
    {
        await using var cluster = await TestCluster.StartAsync();
        var body = JsonNode.Parse("""
            {"apiVersion":"entityplatform.io/v1alpha1","kind":"EntityType","metadata":{"name":"d"},
             "spec":{"image":"i:1","shards":4,"nodes":3,"raft":{"tickMs":50},"storage":{},"typo":true}}
            """)!;
        var created = await cluster.Client.ApplyAsync<EntityType>(TestCluster.Namespace, "d", body, "test");
        Assert.Equal(3, created.Spec.ReplicationFactor);
        Assert.Equal("topology.kubernetes.io/zone", created.Spec.TopologySpreadKey);
        // The shared contract's defaults, the same local mode uses (EntityTypeContract).
        Assert.Equal((50, 15, 3), (created.Spec.Raft!.TickMs, created.Spec.Raft.ElectionTicks, created.Spec.Raft.HeartbeatTicks));
        Assert.Equal("10Gi", created.Spec.Storage!.Size);
        var raw = await cluster.Client.GetAsync<EntityType>(TestCluster.Namespace, "d");
        Assert.NotNull(raw);
        Assert.DoesNotContain(cluster.Emulator.Store.Get(cluster.Emulator.Store.Resolve("entityplatform.io", "v1alpha1", "entitytypes")!, TestCluster.Namespace, "d")["spec"]!.AsObject(),
            p => p.Key == "typo");
    }

    [Fact]
    public async Task Object_level_rules_check_fields_against_each_other()
    {
        await using var cluster = await TestCluster.StartAsync();
        var tooFewNodes = await Rejected(cluster, Objects.EntityType("a", nodes: 3, replicationFactor: 5));
        Assert.Equal(["spec"], tooFewNodes.Fields);
        Assert.Contains("nodes must be at least replicationFactor", tooFewNodes.Message, StringComparison.Ordinal);

        var et = Objects.EntityType("b");
        et.Spec.Raft = new RaftTimings { ElectionTicks = 2, HeartbeatTicks = 2 };
        var badRaft = await Rejected(cluster, et);
        Assert.Equal(["spec.raft"], badRaft.Fields);
    }

    [Fact]
    public async Task Enum_and_quantity_fields_reject_unknown_values()
    {
        await using var cluster = await TestCluster.StartAsync();
        var body = JsonNode.Parse("""
            {"apiVersion":"entityplatform.io/v1alpha1","kind":"EntityType","metadata":{"name":"e"},
             "spec":{"image":"i:1","shards":4,"nodes":3,"storage":{"size":"lots"},
                     "resources":{"requests":{"cpu":true}}}}
            """)!;
        var error = await Assert.ThrowsAsync<InvalidException>(() => cluster.Client.ApplyAsync<EntityType>(TestCluster.Namespace, "e", body, "test"));
        Assert.Equal(["spec.storage.size", "spec.resources.requests[cpu]"], error.Fields);
    }

    [Theory]
    [InlineData("1counter")]
    [InlineData("bank.accounts")]
    [InlineData("a-name-that-is-fifty-three-characters-long-xxxxxxxxxx")]
    public async Task Names_that_would_make_an_invalid_Service_or_label_are_refused(string name)
    {
        // A real server would refuse the derived Service (DNS-1035) or the StatefulSet's revision label
        // (63 characters) on every pass; the CRD refuses the EntityType up front instead.
        await using var cluster = await TestCluster.StartAsync();
        var error = await Rejected(cluster, Objects.EntityType(name));
        Assert.Contains("metadata.name must be a DNS-1035 label", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_cannot_change_after_creation()
    {
        await using var cluster = await TestCluster.StartAsync();
        var et = Objects.EntityType("counter");
        et.Spec.Storage = new StorageSpec { Size = "1Gi" };
        et = await cluster.Client.CreateAsync(et);
        et.Spec.Storage = new StorageSpec { Size = "2Gi" };
        var error = await Assert.ThrowsAsync<InvalidException>(() => cluster.Client.UpdateAsync(et));
        Assert.Contains("storage is immutable", error.Message, StringComparison.Ordinal);
        et.Spec.Storage = null;
        error = await Assert.ThrowsAsync<InvalidException>(() => cluster.Client.UpdateAsync(et));
        Assert.Contains("storage is immutable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pod_template_fields_are_accepted_and_kept_as_written()
    {
        await using var cluster = await TestCluster.StartAsync();
        var body = JsonNode.Parse("""
            {"apiVersion":"entityplatform.io/v1alpha1","kind":"EntityType","metadata":{"name":"p"},
             "spec":{"image":"i:1","shards":4,"nodes":3,
                     "nodeSelector":{"example.com/pool":"stateful"},
                     "tolerations":[{"key":"dedicated","operator":"Equal","value":"ep","effect":"NoExecute","tolerationSeconds":30},{"operator":"Exists"}],
                     "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"arch","operator":"In","values":["amd64"]}]}]}}},
                     "imagePullSecrets":[{"name":"registry-creds"}],"priorityClassName":"high-priority",
                     "podAnnotations":{"sidecar.istio.io/inject":"false"},
                     "env":[{"name":"DOTNET_gcServer","value":"1"}],
                     "resources":{"requests":{"cpu":"500m","memory":"1Gi"},"limits":{"memory":2147483648}}}}
            """)!;
        var created = await cluster.Client.ApplyAsync<EntityType>(TestCluster.Namespace, "p", body, "test");
        Assert.Equal("stateful", created.Spec.NodeSelector!["example.com/pool"]);
        Assert.Equal([("dedicated", "NoExecute", (long?)30), (null, null, null)], created.Spec.Tolerations!.Select(t => (t.Key, t.Effect, t.TolerationSeconds)));
        Assert.Equal("amd64", created.Spec.Affinity!.NodeAffinity!["requiredDuringSchedulingIgnoredDuringExecution"]!["nodeSelectorTerms"]![0]!["matchExpressions"]![0]!["values"]![0]!.GetValue<string>());
        Assert.Equal("registry-creds", Assert.Single(created.Spec.ImagePullSecrets!).Name);
        Assert.Equal("high-priority", created.Spec.PriorityClassName);
        Assert.Equal("false", created.Spec.PodAnnotations!["sidecar.istio.io/inject"]);
        Assert.Equal(("DOTNET_gcServer", "1"), (created.Spec.Env![0].Name, created.Spec.Env[0].Value));
    }

    [Fact]
    public async Task Bad_pod_template_fields_are_refused_naming_each_field()
    {
        // The checks a real server makes on a pod spec, moved up to the EntityType, so a typo is refused
        // when it is written, not on every reconcile pass as a 422 on the StatefulSet.
        await using var cluster = await TestCluster.StartAsync();
        var body = JsonNode.Parse("""
            {"apiVersion":"entityplatform.io/v1alpha1","kind":"EntityType","metadata":{"name":"q"},
             "spec":{"image":"i:1","shards":4,"nodes":3,
                     "nodeSelector":{"pool":"not a label value"},
                     "tolerations":[{"key":"k","operator":"Maybe"},{"key":"k","effect":"NoSchedul"}],
                     "imagePullSecrets":[{"name":"Bad_Name"}],"priorityClassName":"High",
                     "env":[{"name":"1-bad=name","value":"x"}],
                     "resources":{"requests":{"cpu":"half"},"limits":{"memory":"1GB"}}}}
            """)!;
        var error = await Assert.ThrowsAsync<InvalidException>(() => cluster.Client.ApplyAsync<EntityType>(TestCluster.Namespace, "q", body, "test"));
        Assert.Equal(
            ["spec.resources.requests[cpu]", "spec.resources.limits[memory]", "spec.nodeSelector[pool]", "spec.tolerations[0].operator",
                "spec.tolerations[1].effect", "spec.imagePullSecrets[0].name", "spec.priorityClassName", "spec.env[0].name"],
            error.Fields);
    }

    [Theory]
    [InlineData("""{"key":"k","operator":"Exists","value":"v"}""", "value must be empty when operator is Exists")]
    [InlineData("""{"operator":"Equal","value":"v"}""", "a toleration without a key must use operator Exists")]
    [InlineData("""{"key":"k","effect":"NoSchedule","tolerationSeconds":5}""", "tolerationSeconds applies only to effect NoExecute")]
    public async Task Tolerations_follow_the_pod_specs_rules(string toleration, string message)
    {
        await using var cluster = await TestCluster.StartAsync();
        var body = JsonNode.Parse($$$"""
            {"apiVersion":"entityplatform.io/v1alpha1","kind":"EntityType","metadata":{"name":"t"},
             "spec":{"image":"i:1","shards":4,"nodes":3,"tolerations":[{{{toleration}}}]}}
            """)!;
        var error = await Assert.ThrowsAsync<InvalidException>(() => cluster.Client.ApplyAsync<EntityType>(TestCluster.Namespace, "t", body, "test"));
        Assert.Equal(["spec.tolerations[0]"], error.Fields);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Env_valueFrom_takes_exactly_one_source_never_beside_a_value_and_only_valid_references()
    {
        await using var cluster = await TestCluster.StartAsync();
        var both = Objects.EntityType("both");
        both.Spec.Env = [new EnvironmentVariable { Name = "A", Value = "1", ValueFrom = new EnvironmentVariableSource { FieldRef = new PodFieldReference { FieldPath = "spec.nodeName" } } }];
        var bothError = await Rejected(cluster, both);
        Assert.Equal(["spec.env[0]"], bothError.Fields);
        Assert.Contains("value and valueFrom are mutually exclusive", bothError.Message, StringComparison.Ordinal);

        var two = Objects.EntityType("two");
        two.Spec.Env = [new EnvironmentVariable
        {
            Name = "A",
            ValueFrom = new EnvironmentVariableSource
            {
                SecretKeyRef = new KeyReference { Name = "creds", Key = "password" },
                ConfigMapKeyRef = new KeyReference { Name = "settings", Key = "mode" },
            },
        }];
        var twoError = await Rejected(cluster, two);
        Assert.Equal(["spec.env[0].valueFrom"], twoError.Fields);
        Assert.Contains("exactly one of secretKeyRef, configMapKeyRef and fieldRef must be set", twoError.Message, StringComparison.Ordinal);

        var badRefs = Objects.EntityType("refs");
        badRefs.Spec.Env =
        [
            new EnvironmentVariable { Name = "S", ValueFrom = new EnvironmentVariableSource { SecretKeyRef = new KeyReference { Name = "Bad_Name", Key = "k" } } },
            new EnvironmentVariable { Name = "F", ValueFrom = new EnvironmentVariableSource { FieldRef = new PodFieldReference { FieldPath = "spec.containers" } } },
        ];
        var refsError = await Rejected(cluster, badRefs);
        Assert.Equal(["spec.env[0].valueFrom.secretKeyRef.name", "spec.env[1].valueFrom.fieldRef.fieldPath"], refsError.Fields);

        var good = Objects.EntityType("good");
        good.Spec.Env =
        [
            new EnvironmentVariable { Name = "PASSWORD", ValueFrom = new EnvironmentVariableSource { SecretKeyRef = new KeyReference { Name = "creds", Key = "password", Optional = true } } },
            new EnvironmentVariable { Name = "MODE", ValueFrom = new EnvironmentVariableSource { ConfigMapKeyRef = new KeyReference { Name = "settings", Key = "mode.v1" } } },
            new EnvironmentVariable { Name = "ZONE", ValueFrom = new EnvironmentVariableSource { FieldRef = new PodFieldReference { FieldPath = "metadata.labels['topology.kubernetes.io/zone']" } } },
        ];
        var created = await cluster.Client.CreateAsync(good);
        Assert.Equal("password", created.Spec.Env![0].ValueFrom!.SecretKeyRef!.Key);
    }
}
