using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;
using Grpc.Net.Client;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.LocalMode;
using EntityPlatform.Placement;

namespace EntityPlatform.Cluster.Tests;

/// <summary>
/// Node processes of the sample binary on 127.0.0.1, in a temporary directory. Every process is killed
/// by PID on dispose, whatever happened. With <c>secure</c> the nodes run as <c>local up</c> starts them: TLS
/// with certificates of a development CA (<see cref="Certificates"/>); the fixture's own client, views and
/// placements then use the client and admin certificates. Otherwise the nodes get <c>--insecure</c>.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    private static readonly string NodeDll = Path.Combine(AppContext.BaseDirectory, "entityplatform-samples.dll");
    private readonly string directory = Directory.CreateTempSubdirectory("ep-cluster-").FullName;
    private readonly List<EntityTypeManifest> types;
    private readonly ulong snapshotEveryEntries;
    private readonly bool secure;

    public ProcessCluster(int nodeCount, int shards = 4, ulong snapshotEveryEntries = 10_000, IReadOnlyDictionary<string, string>? nodeEnvironment = null,
        Func<EntityTypeManifest, EntityTypeManifest>? configureType = null, bool secure = false)
    {
        this.secure = secure;
        foreach (var (name, value) in nodeEnvironment ?? new Dictionary<string, string>())
        {
            NodeEnvironment[name] = value;
        }

        types = [new("counter", shards, 3, nodeCount, 10, 15, 3), new("accounts", shards, 3, nodeCount, 10, 15, 3)];
        types = types.Select(configureType ?? (type => type)).ToList();
        this.snapshotEveryEntries = snapshotEveryEntries;
        for (var i = 1; i <= nodeCount; i++)
        {
            Nodes.Add(NewNode((ulong)i));
        }

        ClusterPath = Path.Combine(directory, "cluster.json");
        Certificates = secure ? LocalCertificates.Create(Path.Combine(directory, "tls"), Nodes.Select(node => node.Id)) : null;
        WriteClusterFile(Nodes, version: 1, ClusterPath, current: null);
        foreach (var node in Nodes.ToArray())
        {
            Start(node.Id);
        }

        Client = new DemoClient(Nodes, ClientSettings);
    }

    /// <summary>The development CA and certificates of a secure cluster; null otherwise.</summary>
    public LocalCertificates? Certificates { get; }

    /// <summary>Channel settings with the client certificate (secure), or null (plaintext).</summary>
    public ChannelSettings? ClientSettings => Certificates?.ClientChannel();

    /// <summary>Channel settings with the admin certificate (secure), or null (plaintext).</summary>
    public ChannelSettings? AdminSettings => Certificates?.AdminChannel();

    public List<LocalNode> Nodes { get; } = [];
    public string ClusterPath { get; }
    public DemoClient Client { get; private set; }
    public ClusterFile Cluster => ClusterFile.Load(ClusterPath);
    public int TotalShards => types.Sum(type => type.Shards);

    public LocalNode Node(ulong id) => Nodes.Single(node => node.Id == id);

    private LocalNode NewNode(ulong id) => new(id, 0, NodeProcesses.FreePort(), NodeProcesses.FreePort(), NodeProcesses.FreePort(),
        Path.Combine(directory, $"n{id}"), Path.Combine(directory, $"n{id}.log"), Tls: secure);

    /// <summary>Writes a cluster file placing every type with the shared planner from <paramref name="current"/>.</summary>
    public ClusterFile WriteClusterFile(IReadOnlyList<LocalNode> members, long version, string path, ClusterFile? current)
    {
        var file = LocalCluster.BuildClusterFile(types, members);
        if (current is not null)
        {
            var names = members.Select(node => new PlacementNode($"n{node.Id}")).ToArray();
            var shards = new List<ClusterFile.ShardEntry>();
            foreach (var type in types)
            {
                var previous = new ShardMap(current.Placement.Version, current.Placement.Shards.Where(s => s.EntityType == type.Name)
                    .OrderBy(s => s.Shard).Select(s => new EntityPlatform.Placement.ShardPlacement(s.Shard, s.Replicas.Select(r => $"n{r}").ToArray())).ToArray());
                var plan = PlacementPlanner.Plan(new PlacementRequest(type.Shards, 3, names, previous));
                shards.AddRange(plan.Shards.Select(s => new ClusterFile.ShardEntry(type.Name, s.Shard, s.Replicas.Select(r => ulong.Parse(r[1..])).ToArray())));
            }

            file = file with { Placement = new ClusterFile.PlacementEntry(version, shards) };
        }

        file = file with { Raft = file.Raft with { SnapshotEveryEntries = snapshotEveryEntries } };
        file.Save(path);
        return file;
    }

    /// <summary>Environment variables every node process started from now on gets (test-only switches).</summary>
    public Dictionary<string, string> NodeEnvironment { get; } = [];

    public void Start(ulong id, string? clusterPath = null, bool rejoin = false)
    {
        var node = Node(id);
        var pid = NodeProcesses.Start("dotnet", [NodeDll], id, node.DataDirectory, clusterPath ?? ClusterPath, node.GrpcPort, node.InternalPort, node.HttpPort, node.LogFile,
            rejoin, NodeEnvironment, Certificates is { } certificates ? ["--tls-dir", certificates.NodeDirectory(id)] : ["--insecure"]);
        Nodes[Nodes.IndexOf(node)] = node with { Pid = pid };
    }

    /// <summary>Adds a node process that joins an existing cluster (it receives its replicas by snapshot).</summary>
    public LocalNode AddNode()
    {
        var node = NewNode((ulong)Nodes.Count + 1);
        Certificates?.AddNode(node.Id);
        Nodes.Add(node);
        return node;
    }

    public void Kill(ulong id) => NodeProcesses.Kill(Node(id).Pid);

    public void WipeData(ulong id) => Directory.Delete(Node(id).DataDirectory, recursive: true);

    public void RefreshClient()
    {
        Client.Dispose();
        Client = new DemoClient(Nodes.Where(node => NodeProcesses.IsRunning(node.Pid)), ClientSettings);
    }

    public Task<ClusterView> ViewAsync() => ClusterView.CollectAsync(Nodes.Where(node => NodeProcesses.IsRunning(node.Pid)).ToArray(), TotalShards, AdminSettings);

    /// <summary>Waits until every shard has a leader, or fails with the logs' tails.</summary>
    public async Task WaitForLeadersAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if ((await ViewAsync()).Leaders.Count == TotalShards)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"not every shard elected a leader in time.\n{LogTails()}");
    }

    public async Task ApplyPlacementAsync(ClusterFile file, IEnumerable<LocalNode> to)
    {
        var request = new ApplyPlacementRequest { Version = (ulong)file.Placement.Version };
        request.Nodes.AddRange(file.Nodes.Select(node => new NodeAddress { NodeId = node.Id, Address = node.Address, ClientAddress = node.ClientAddress ?? "" }));
        request.Shards.AddRange(file.Placement.Shards.Select(shard =>
        {
            var entry = new EntityPlatform.Grpc.Api.V1.ShardPlacement { EntityType = shard.EntityType, ShardId = (uint)shard.Shard };
            entry.ReplicaNodeIds.AddRange(shard.Replicas);
            return entry;
        }));
        foreach (var node in to)
        {
            using var channel = Channels.Create(node.InternalAddress, AdminSettings);
            var admin = new AdminService.AdminServiceClient(channel);
            // A node that was just started may not listen yet: retry connection failures for a while.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (true)
            {
                try
                {
                    var reply = await admin.ApplyPlacementAsync(request, deadline: DateTime.UtcNow.AddSeconds(5));
                    Assert.Equal(request.Version, reply.AppliedVersion);
                    break;
                }
                catch (RpcException error) when (error.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
            }
        }
    }

    public string LogTails() => string.Join("\n", Nodes.Select(node =>
        $"--- n{node.Id} ---\n" + (File.Exists(node.LogFile) ? string.Join("\n", File.ReadLines(node.LogFile).TakeLast(15)) : "(no log)")));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        foreach (var node in Nodes.Where(node => node.Pid != 0))
        {
            NodeProcesses.Kill(node.Pid);
        }

        await Task.Delay(200);
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A process that is still exiting may hold a file; the temp directory is cleaned by the OS later.
        }
    }
}
