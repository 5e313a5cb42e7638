using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.LocalMode;

namespace EntityPlatform.Node.Tests.LocalMode;

/// <summary>Issue 12, item 11: local mode marks its cluster founded and restarts a node with an empty data directory rejoining.</summary>
public sealed class LocalFoundingTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ep-founding-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void A_node_rejoins_only_when_its_data_is_gone_from_a_founded_cluster()
    {
        var clusterPath = Path.Combine(directory, "cluster.json");
        Cluster().Save(clusterPath);
        var data = Path.Combine(directory, "n1");

        Assert.False(LocalFounding.MustRejoin(data, ClusterFile.Load(clusterPath)));

        LocalFounding.MarkFounded(clusterPath);
        var founded = ClusterFile.Load(clusterPath);
        Assert.True(founded.Founded);
        Assert.Equal("local-test", founded.ClusterId);
        Assert.True(LocalFounding.MustRejoin(data, founded));

        Directory.CreateDirectory(Path.Combine(data, DataDirectoryAdmission.LogDirectoryName));
        File.WriteAllText(Path.Combine(data, DataDirectoryAdmission.LogDirectoryName, "segment.0"), "x");
        Assert.False(LocalFounding.MustRejoin(data, founded));
    }

    private static ClusterFile Cluster() => new()
    {
        ClusterId = "local-test",
        EntityTypes = [new ClusterFile.EntityTypeEntry("counters", 1)],
        Nodes = [new ClusterFile.NodeEntry(1, "http://127.0.0.1:7001")],
        Placement = new ClusterFile.PlacementEntry(1, [new ClusterFile.ShardEntry("counters", 0, [1])]),
    };
}
