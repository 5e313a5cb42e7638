using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.LocalMode;

namespace EntityPlatform.Node.Bench;

/// <summary>Node processes of the sample binary in a temporary directory, killed by PID on dispose.</summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private static readonly string NodeDll = Path.Combine(AppContext.BaseDirectory, "entityplatform-samples.dll");
    private readonly string directory = Directory.CreateTempSubdirectory("ep-bench-").FullName;

    public BenchCluster(int nodeCount, int shards, int quiesceAfterIdleTicks = 200)
    {
        for (var i = 1; i <= nodeCount; i++)
        {
            Nodes.Add(new LocalNode((ulong)i, 0, NodeProcesses.FreePort(), NodeProcesses.FreePort(), NodeProcesses.FreePort(),
                Path.Combine(directory, $"n{i}"), Path.Combine(directory, $"n{i}.log")));
        }

        ClusterPath = Path.Combine(directory, "cluster.json");
        var file = LocalCluster.BuildClusterFile([new EntityTypeManifest("counter", shards, 3, nodeCount, 10, 15, 3)], Nodes);
        (file with { Raft = file.Raft with { QuiesceAfterIdleTicks = quiesceAfterIdleTicks } }).Save(ClusterPath);
        foreach (var node in Nodes.ToArray())
        {
            Start(node.Id);
        }

        Shards = shards;
    }

    public List<LocalNode> Nodes { get; } = [];
    public string ClusterPath { get; }
    public int Shards { get; }

    public void Start(ulong id)
    {
        var node = Nodes.Single(n => n.Id == id);
        var pid = NodeProcesses.Start("dotnet", [NodeDll], id, node.DataDirectory, ClusterPath, node.GrpcPort, node.InternalPort, node.HttpPort, node.LogFile);
        Nodes[Nodes.IndexOf(node)] = node with { Pid = pid };
    }

    public async Task WaitForLeadersAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var view = await ClusterView.CollectAsync(Nodes.Where(n => NodeProcesses.IsRunning(n.Pid)).ToArray(), Shards);
            if (view.Leaders.Count == Shards)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("not every shard has a leader");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes.Where(n => n.Pid != 0))
        {
            NodeProcesses.Kill(node.Pid);
        }

        await Task.Delay(300);
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
