using EntityPlatform.Node.Hosting;
using EntityPlatform.Placement;

namespace EntityPlatform.Node.LocalMode;

/// <summary>
/// The supervisor of local mode: plays the operator's part on one machine. It places shards with the same
/// planner the operator uses, starts the node processes on 127.0.0.1, and stops them.
/// </summary>
public static class LocalCluster
{
    /// <summary>
    /// Starts <paramref name="nodeCount"/> nodes. Secure by default: a new development CA and certificates under
    /// the state folder, TLS on every gRPC port; <paramref name="insecure"/> runs plaintext instead.
    /// </summary>
    public static async Task<LocalState> UpAsync(int nodeCount, IReadOnlyList<EntityTypeManifest> types, TextWriter output, bool insecure = false)
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
                Path.Combine(root, "data", $"n{i}"), Path.Combine(root, $"n{i}.log"), Tls: !insecure))
            .ToList();
        var clusterPath = Path.Combine(root, "cluster.json");
        (BuildClusterFile(types, nodes) with { ClusterId = LocalFounding.NewClusterId() }).Save(clusterPath);
        var certificates = insecure ? null : LocalCertificates.Create(Path.Combine(root, "tls"), nodes.Select(node => node.Id));
        var pending = new LocalState(clusterPath, nodes, certificates?.Directory);

        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            File.WriteAllText(node.LogFile, "");
            var pid = NodeProcesses.Start(node.Id, node.DataDirectory, clusterPath, node.GrpcPort, node.InternalPort, node.HttpPort, node.LogFile,
                pending.SecurityArguments(node.Id));
            nodes[i] = node with { Pid = pid };
            output.WriteLine($"started node {node.Id} (pid {pid}) client gRPC 127.0.0.1:{node.GrpcPort} internal gRPC 127.0.0.1:{node.InternalPort} HTTP 127.0.0.1:{node.HttpPort}");
        }

        var state = pending with { Nodes = nodes };
        state.Save();
        PrintHowToCall(state, output);
        return state;
    }

    private static void PrintHowToCall(LocalState state, TextWriter output)
    {
        if (state.Certificates is not { } certificates)
        {
            output.WriteLine("INSECURE (--insecure): plaintext, no authentication; anyone who reaches these ports controls the cluster");
            return;
        }

        var client = certificates.ClientDirectory;
        output.WriteLine($"TLS is on: CA, node, admin and client certificates are in {certificates.Directory} (local up --insecure for plaintext)");
        output.WriteLine("call the client API with the client certificate, for example:");
        output.WriteLine($"  grpcurl -cacert {certificates.CaCertificatePath} -cert {client}/tls.crt -key {client}/tls.key {state.Nodes[0].Host}:{state.Nodes[0].GrpcPort} entityplatform.v1.EntityService/Topology");
        output.WriteLine($"  C# SDK: options.Endpoints = [{state.Nodes[0].GrpcAddress}]; options.Tls = ClientTls.FromDirectory(\"{client}\")");
        output.WriteLine($"the admin API (internal ports) needs the admin certificate in {certificates.AdminDirectory}");
    }

    /// <summary>
    /// Places every type's shards on nodes 1..N with the shared planner (node names n1..nN). When the nodes
    /// run with TLS the file gets a security section naming the local trust domain (no access rules: every
    /// certificate of the local CA may do everything).
    /// </summary>
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
            Security = nodes.Any(node => node.Tls) ? new Security.ClusterSecurity { TrustDomain = LocalCertificates.TrustDomain } : null,
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
