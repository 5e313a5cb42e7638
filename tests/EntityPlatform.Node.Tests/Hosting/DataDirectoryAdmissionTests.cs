using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.Tests.Support;
using EntityPlatform.Storage.Identity;

namespace EntityPlatform.Node.Tests.Hosting;

/// <summary>
/// Issue 12, item 11: the identity marker in a node's data directory, and the refusal to found groups again on
/// an empty directory of a cluster that already exists.
/// </summary>
public sealed class DataDirectoryAdmissionTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("ep-admission-").FullName;
    private readonly ManualTimeProvider clock = new();

    public void Dispose() => Directory.Delete(data, recursive: true);

    [Fact]
    public void A_fresh_directory_of_a_new_cluster_founds_and_writes_the_marker()
    {
        var admitted = DataDirectoryAdmission.Admit(Options(nodeId: 2), Cluster("c-1", founded: null), clock);

        Assert.False(admitted.Rejoin);
        Assert.Equal(new NodeIdentity("c-1", 2, clock.GetUtcNow()), NodeIdentityFile.TryRead(data));
    }

    [Fact]
    public void A_marker_of_another_node_is_refused_naming_the_field_and_both_values()
    {
        NodeIdentityFile.Write(data, new NodeIdentity("c-1", 3, clock.GetUtcNow()));

        var error = Assert.Throws<ArgumentException>(() => DataDirectoryAdmission.Admit(Options(nodeId: 2), Cluster("c-1", founded: true), clock));

        Assert.Contains("nodeId is 3", error.Message);
        Assert.Contains("--node-id is 2", error.Message);
    }

    [Fact]
    public void A_marker_of_another_cluster_is_refused_naming_the_field_and_both_values()
    {
        NodeIdentityFile.Write(data, new NodeIdentity("c-old", 2, clock.GetUtcNow()));

        var error = Assert.Throws<ArgumentException>(() => DataDirectoryAdmission.Admit(Options(nodeId: 2), Cluster("c-new", founded: true), clock));

        Assert.Contains("clusterId is 'c-old'", error.Message);
        Assert.Contains("'c-new'", error.Message);
    }

    [Fact]
    public void A_matching_marker_starts_normally_even_in_a_founded_cluster()
    {
        NodeIdentityFile.Write(data, new NodeIdentity("c-1", 2, clock.GetUtcNow()));
        WriteLog();

        var admitted = DataDirectoryAdmission.Admit(Options(nodeId: 2), Cluster("c-1", founded: true), clock);

        Assert.False(admitted.Rejoin);
    }

    [Fact]
    public void A_marker_whose_log_was_deleted_counts_as_an_empty_directory()
    {
        NodeIdentityFile.Write(data, new NodeIdentity("c-1", 2, clock.GetUtcNow()));

        Assert.Throws<ArgumentException>(() => DataDirectoryAdmission.Admit(Options(nodeId: 2), Cluster("c-1", founded: true), clock));
        Assert.True(DataDirectoryAdmission.Admit(Options(nodeId: 2) with { Rejoin = true }, Cluster("c-1", founded: true), clock).Rejoin);
    }

    [Fact]
    public void An_empty_directory_in_a_founded_cluster_is_refused_without_rejoin()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            DataDirectoryAdmission.Admit(Options(nodeId: 2), Cluster("c-1", founded: true), clock));

        Assert.Contains("--rejoin", error.Message);
        Assert.Contains("founded=True", error.Message);
        Assert.Null(NodeIdentityFile.TryRead(data));
    }

    [Fact]
    public void A_new_node_that_the_founding_placement_leaves_out_is_admitted_without_rejoin()
    {
        // Node 3 holds no founding shard (a scale-up): it founds nothing, and gets its replicas by message.
        var admitted = DataDirectoryAdmission.Admit(Options(nodeId: 3), Cluster("c-1", founded: true), clock);

        Assert.False(admitted.Rejoin);
        Assert.Equal(3UL, NodeIdentityFile.TryRead(data)!.NodeId);
    }

    [Fact]
    public void An_empty_directory_at_a_later_placement_bootstraps_nothing_and_its_replicas_rejoin()
    {
        // Nothing is founded from a later placement: replicas are created on the first message, rejoining.
        var admitted = DataDirectoryAdmission.Admit(Options(nodeId: 2), Cluster("c-1", founded: null, placementVersion: 2), clock);

        Assert.False(admitted.Rejoin);
        Assert.True(admitted.RejoinPending);
    }

    [Fact]
    public void An_empty_directory_in_a_founded_cluster_rejoins_with_auto_rejoin()
    {
        var admitted = DataDirectoryAdmission.Admit(Options(nodeId: 2) with { AutoRejoin = true }, Cluster("c-1", founded: true), clock);

        Assert.True(admitted.Rejoin);
        Assert.Equal(2UL, NodeIdentityFile.TryRead(data)!.NodeId);
    }

    [Fact]
    public void A_node_that_stops_while_rejoining_rejoins_again_until_the_rejoin_finished()
    {
        var first = DataDirectoryAdmission.Admit(Options(nodeId: 2) with { AutoRejoin = true }, Cluster("c-1", founded: true), clock);
        Assert.True(first.RejoinPending);

        // It stored part of its groups, then crashed before every replica caught up: a plain restart still rejoins.
        WriteLog();
        var restarted = DataDirectoryAdmission.Admit(Options(nodeId: 2), Cluster("c-1", founded: true), clock);
        Assert.True(restarted.RejoinPending);

        // Once the scheduler reported every replica caught up, the host clears the mark and starts are normal again.
        RejoinPendingFile.Clear(data);
        var normal = DataDirectoryAdmission.Admit(Options(nodeId: 2), Cluster("c-1", founded: true), clock);
        Assert.False(normal.Rejoin);
        Assert.False(normal.RejoinPending);
    }

    [Fact]
    public void Auto_rejoin_founds_a_cluster_that_is_not_founded_yet()
    {
        var admitted = DataDirectoryAdmission.Admit(Options(nodeId: 2) with { AutoRejoin = true }, Cluster("c-1", founded: null), clock);

        Assert.False(admitted.Rejoin);
    }

    [Fact]
    public void Data_from_before_markers_is_adopted()
    {
        WriteLog();

        var admitted = DataDirectoryAdmission.Admit(Options(nodeId: 2), Cluster("c-1", founded: true), clock);

        Assert.False(admitted.Rejoin);
        Assert.NotNull(NodeIdentityFile.TryRead(data));
    }

    [Fact]
    public void A_damaged_marker_is_an_error_naming_the_file_not_an_empty_directory()
    {
        File.WriteAllText(NodeIdentityFile.PathIn(data), "{ not json");

        var error = Assert.Throws<ArgumentException>(() => DataDirectoryAdmission.Admit(Options(nodeId: 2), Cluster("c-1", founded: null), clock));

        Assert.Contains(NodeIdentityFile.FileName, error.Message);
    }

    private void WriteLog()
    {
        Directory.CreateDirectory(Path.Combine(data, DataDirectoryAdmission.LogDirectoryName));
        File.WriteAllText(Path.Combine(data, DataDirectoryAdmission.LogDirectoryName, "segment.0"), "x");
    }

    private NodeOptions Options(ulong nodeId) => new(nodeId, data, "/tmp/cluster.json", 7001, 7201, 8001);

    private static ClusterFile Cluster(string clusterId, bool? founded, long placementVersion = 1) => new()
    {
        ClusterId = clusterId,
        Founded = founded,
        EntityTypes = [new ClusterFile.EntityTypeEntry("counters", 1)],
        Nodes = [new ClusterFile.NodeEntry(1, "http://127.0.0.1:7001"), new ClusterFile.NodeEntry(2, "http://127.0.0.1:7002")],
        Placement = new ClusterFile.PlacementEntry(placementVersion, [new ClusterFile.ShardEntry("counters", 0, [1, 2])]),
    };
}
