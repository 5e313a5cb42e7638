using EntityPlatform.Node.Hosting;
using EntityPlatform.Placement;

namespace EntityPlatform.Node.LocalMode;

/// <summary>
/// The supervisor of local mode: plays the operator's part on one machine. It places shards with the same
/// planner the operator uses, starts the node processes on 127.0.0.1, and stops them.
/// </summary>
public static class LocalCluster
{
    public static async Task<LocalState> UpAsync(int nodeCount, IReadOnlyList<EntityTypeManifest> types, TextWriter output)
    {
        if (LocalState.Load() is { } running && running.Nodes.Any(node => NodeProcesses.IsRunning(node.Pid)))
        {
            throw new ArgumentException($"a local cluster is already running (state in {LocalState.Directory}); run 'local down' first");
        }

        var root = LocalState.Directory;
        if (Directory.Exists(Path.Combine(root, "data")))
        {
            Directory.Delete(Path.Combine(root, "data"), recursive: true);
        }

        Directory.CreateDirectory(root);
        var nodes = Enumerable.Range(1, nodeCount)
            .Select(i => new LocalNode((ulong)i, 0, NodeProcesses.FreePort(), NodeProcesses.FreePort(), NodeProcesses.FreePort(),
                Path.Combine(root, "data", $"n{i}"), Path.Combine(root, $"n{i}.log")))
            .ToList();
        var clusterPath = Path.Combine(root, "cluster.json");
        (BuildClusterFile(types, nodes) with { ClusterId = LocalFounding.NewClusterId() }).Save(clusterPath);

        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            File.WriteAllText(node.LogFile, "");
            var pid = NodeProcesses.Start(node.Id, node.DataDirectory, clusterPath, node.GrpcPort, node.InternalPort, node.HttpPort, node.LogFile);
            nodes[i] = node with { Pid = pid };
            output.WriteLine($"started node {node.Id} (pid {pid}) client gRPC 127.0.0.1:{node.GrpcPort} internal gRPC 127.0.0.1:{node.InternalPort} HTTP 127.0.0.1:{node.HttpPort}");
        }

        var state = new LocalState(clusterPath, nodes);
        state.Save();
        return state;
    }

    /// <summary>Places every type's shards on nodes 1..N with the shared planner (node names n1..nN).</summary>
    public static ClusterFile BuildClusterFile(IReadOnlyList<EntityTypeManifest> types, IReadOnlyList<LocalNode> nodes)
    {
        var placementNodes = nodes.Select(node => new PlacementNode($"n{node.Id}")).ToArray();
        var shards = new List<ClusterFile.ShardEntry>();
        foreach (var type in types)
        {
            var plan = PlacementPlanner.Plan(new PlacementRequest(type.Shards, type.ReplicationFactor, placementNodes, null));
            shards.AddRange(plan.Shards.Select(shard => new ClusterFile.ShardEntry(
                type.Name, shard.Shard, shard.Replicas.Select(name => ulong.Parse(name[1..])).ToArray())));
        }

        var first = types[0];
        return new ClusterFile
        {
            EntityTypes = types.Select(type => new ClusterFile.EntityTypeEntry(type.Name, type.Shards, type.EventsMaxAge, type.EventsMaxBytes)).ToArray(),
            Nodes = nodes.Select(node => new ClusterFile.NodeEntry(node.Id, node.InternalAddress.ToString(), node.HttpAddress.ToString().TrimEnd('/'), node.GrpcAddress.ToString())).ToArray(),
            Placement = new ClusterFile.PlacementEntry(1, shards),
            Raft = new ClusterFile.RaftTimings(first.TickMs, first.ElectionTicks, first.HeartbeatTicks),
        };
    }

    public static async Task DownAsync(TextWriter output)
    {
        var state = LocalState.Load();
        if (state is null)
        {
            output.WriteLine("no local cluster is running");
            return;
        }

        await Task.WhenAll(state.Nodes.Select(node => NodeProcesses.StopAsync(node.Pid, TimeSpan.FromSeconds(10))));
        foreach (var node in state.Nodes)
        {
            output.WriteLine($"stopped node {node.Id} (pid {node.Pid})");
        }

        LocalState.Delete();
    }
}
