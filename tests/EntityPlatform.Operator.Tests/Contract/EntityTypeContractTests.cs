using k8s;
using EntityPlatform.Kubernetes.Yaml;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.LocalMode;
using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Builders;
using EntityPlatform.Operator.Reconcile;
using EntityPlatform.Operator.Tests.Support;
using EntityPlatform.Placement;

namespace EntityPlatform.Operator.Tests.Contract;

/// <summary>
/// Local mode and the operator read one EntityType the same way (EntityTypeContract): the hosted name is
/// metadata.name (what the sample image registers; the registry compares ordinally), the defaults are the
/// same, and so are the checks.
/// </summary>
public sealed class EntityTypeContractTests
{
    public static TheoryData<string> ShippedSamples() => ["counter.yaml", "accounts.yaml"];

    private static EntityType Parse(string file)
    {
        var type = KubernetesJson.Deserialize<EntityType>(YamlJson.Parse(File.ReadAllText(SourceTree.Of("crds", "samples", file))).ToJsonString());
        type.Metadata.Uid = "uid-1";
        return type;
    }

    [Theory]
    [MemberData(nameof(ShippedSamples))]
    public void A_shipped_sample_yields_the_cluster_file_local_mode_writes_for_it(string file)
    {
        var type = Parse(file);
        var local = Assert.Single(EntityTypeManifest.Load(SourceTree.Of("crds", "samples", file)));
        var placement = PlacementPlanner.Plan(new PlacementRequest(type.Spec.Shards, type.Spec.ReplicationFactorOrDefault(),
            Enumerable.Range(0, type.Spec.Nodes).Select(ordinal => new PlacementNode(ObjectNames.Pod(type, ordinal))).ToArray(), null));

        var document = PlacementConfigMapBuilder.Document(type, placement, type.Spec.Nodes, new DnsNodeAddresses());

        // The node's own loader reads what the operator writes, and hosts the name local mode would host.
        var path = Path.Combine(Path.GetTempPath(), $"ep-contract-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, document.ToJson());
            var cluster = ClusterFile.Load(path);
            Assert.Equal(local.Name, Assert.Single(cluster.EntityTypes).Name);
            Assert.All(cluster.Placement.Shards, shard => Assert.Equal(local.Name, shard.EntityType));
            Assert.Equal((local.TickMs, local.ElectionTicks, local.HeartbeatTicks), (cluster.Raft.TickMs, cluster.Raft.ElectionTicks, cluster.Raft.HeartbeatTicks));
            Assert.Equal(local.ReplicationFactor, type.Spec.ReplicationFactorOrDefault());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_counter_sample_hosts_counter_as_the_sample_image_registers_it_with_the_node_default_timings()
    {
        var document = PlacementConfigMapBuilder.Document(Parse("counter.yaml"), new ShardMap(1, []), 3, new DnsNodeAddresses());

        Assert.Equal("counter", Assert.Single(document.EntityTypes).Name);
        var defaults = new ClusterFile.RaftTimings();
        Assert.Equal(new ClusterDocument.RaftEntry(defaults.TickMs, defaults.ElectionTicks, defaults.HeartbeatTicks), document.Raft);
    }

    [Theory]
    [InlineData(2, 3, "spec.replicationFactor")]
    [InlineData(3, 2, "spec.nodes")]
    public void Both_modes_refuse_the_same_spec_naming_the_same_field(int replicationFactor, int nodes, string field)
    {
        var type = OperatorCluster.Counter(nodes: nodes);
        type.Spec.ReplicationFactor = replicationFactor;
        var path = Path.Combine(Path.GetTempPath(), $"ep-contract-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, $"apiVersion: entityplatform.io/v1alpha1\nkind: EntityType\nmetadata:\n  name: counter\nspec:\n  image: i:1\n  shards: 8\n  replicationFactor: {replicationFactor}\n  nodes: {nodes}\n");
            var local = Assert.Throws<ArgumentException>(() => EntityTypeManifest.Load(path));
            var operatorError = SpecValidator.Validate(type, running: null);

            Assert.Contains(field, local.Message, StringComparison.Ordinal);
            Assert.NotNull(operatorError);
            Assert.StartsWith(field, operatorError, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_name_length_in_the_CRD_rule_is_the_contract_length()
    {
        Assert.Equal(EntityTypeContract.MaxNameLengthText, EntityTypeContract.MaxNameLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(EntityTypeContract.Check(new string('a', EntityTypeContract.MaxNameLength), 1, 1, 1, 10, 15, 3));
        Assert.NotEmpty(EntityTypeContract.Check(new string('a', EntityTypeContract.MaxNameLength + 1), 1, 1, 1, 10, 15, 3));
    }
}
