using System.Text.RegularExpressions;
using k8s;
using EntityPlatform.Kubernetes.Yaml;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.LocalMode;
using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Builders;
using EntityPlatform.Operator.Tests.Support;
using EntityPlatform.Placement;
using EntityPlatform.Storage.Events;

namespace EntityPlatform.Operator.Tests.Contract;

/// <summary>
/// spec.events.retention (issue 17) reaches the nodes through the operator's cluster file exactly as local mode
/// passes it, and the CRD's patterns accept nothing the node's parser would refuse.
/// </summary>
public sealed class EventRetentionContractTests
{
    private const string Manifest = """
        apiVersion: entityplatform.io/v1alpha1
        kind: EntityType
        metadata:
          name: counter
          namespace: default
        spec:
          image: i:1
          shards: 2
          nodes: 3
          events:
            retention:
              maxAge: 90m
              maxBytes: 64Mi
        """;

    [Fact]
    public void The_retention_reaches_the_cluster_file_the_node_loads_as_local_mode_passes_it()
    {
        var directory = Directory.CreateTempSubdirectory("ep-retention-").FullName;
        try
        {
            var manifestPath = Path.Combine(directory, "counter.yaml");
            File.WriteAllText(manifestPath, Manifest);
            var local = Assert.Single(EntityTypeManifest.Load(manifestPath));
            var type = KubernetesJson.Deserialize<EntityType>(YamlJson.Parse(Manifest).ToJsonString());
            type.Metadata.Uid = "uid-1";

            var document = PlacementConfigMapBuilder.Document(type, new ShardMap(1, []), 3, new DnsNodeAddresses());
            var clusterPath = Path.Combine(directory, "cluster.json");
            File.WriteAllText(clusterPath, document.ToJson());
            var entry = Assert.Single(ClusterFile.Load(clusterPath).EntityTypes);

            Assert.Equal(("90m", "64Mi"), (entry.EventsMaxAge, entry.EventsMaxBytes));
            Assert.Equal((local.EventsMaxAge, local.EventsMaxBytes), (entry.EventsMaxAge, entry.EventsMaxBytes));
            Assert.Equal(new EventRetention(TimeSpan.FromMinutes(90), 64L << 20), EventRetention.Parse(entry.EventsMaxAge, entry.EventsMaxBytes, "test"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Without_retention_the_cluster_file_leaves_the_fields_out_so_the_node_keeps_its_default()
    {
        var type = OperatorCluster.Counter();
        type.Metadata.Uid = "uid-1";

        var json = PlacementConfigMapBuilder.Document(type, new ShardMap(1, []), 3, new DnsNodeAddresses()).ToJson();

        Assert.DoesNotContain("eventsMax", json);
    }

    [Theory]
    [InlineData("7d", true)]
    [InlineData("90m", true)]
    [InlineData("999999s", true)]
    [InlineData("0d", false)]
    [InlineData("7w", false)]
    [InlineData("1.5h", false)]
    [InlineData("d", false)]
    public void The_age_pattern_accepts_only_what_the_node_parses(string value, bool accepted)
    {
        Assert.Equal(accepted, Regex.IsMatch(value, EventRetentionSpec.AgePattern));
        AssertNodeAgrees(() => EventRetention.Parse(value, null, "test"), accepted);
    }

    [Theory]
    [InlineData("1Gi", true)]
    [InlineData("999999Ti", true)]
    [InlineData("999999999999999999", true)]
    [InlineData("4096", true)]
    [InlineData("0", false)]
    [InlineData("1G", false)]
    [InlineData("1Pi", false)]
    [InlineData("-1Mi", false)]
    public void The_size_pattern_accepts_only_what_the_node_parses(string value, bool accepted)
    {
        Assert.Equal(accepted, Regex.IsMatch(value, EventRetentionSpec.BytesPattern));
        AssertNodeAgrees(() => EventRetention.Parse(null, value, "test"), accepted);
    }

    [Fact]
    public void A_retention_change_changes_the_template_hash_so_the_rolling_update_restarts_the_nodes()
    {
        var type = OperatorCluster.Counter();
        var before = PodTemplateBuilder.Build(type).Metadata.Annotations![ObjectNames.TemplateHashAnnotation];
        type.Spec.Events = new EventsSpec { Retention = new EventRetentionSpec { MaxAge = "1d" } };

        var after = PodTemplateBuilder.Build(type).Metadata.Annotations!;

        Assert.NotEqual(before, after[ObjectNames.TemplateHashAnnotation]);
        Assert.Equal("maxAge=1d,maxBytes=none", after[ObjectNames.EventsRetentionAnnotation]);
    }

    private static void AssertNodeAgrees(Action parse, bool accepted)
    {
        if (accepted)
        {
            parse();
        }
        else
        {
            Assert.Throws<ArgumentException>(parse);
        }
    }
}
