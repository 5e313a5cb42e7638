using System.Diagnostics;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;
using Grpc.Net.Client;
using EntityPlatform.Node.LocalMode;

namespace EntityPlatform.Client.Tests.Cluster;

/// <summary>
/// A real cluster of sample node processes on 127.0.0.1, in its own temporary directory (not the
/// cwd-relative `local up` state). The test owns every PID: it can SIGKILL, restart on the same data
/// directory and ports, SIGSTOP and SIGCONT nodes, and Dispose kills whatever is left, by PID.
/// </summary>
public sealed class NodeCluster : IDisposable
{
    private readonly List<LocalNode> nodes;
    private readonly string clusterFile;

    private NodeCluster(string root, List<LocalNode> nodes, string clusterFile)
    {
        Root = root;
        this.nodes = nodes;
        this.clusterFile = clusterFile;
    }

    public string Root { get; }

    public IReadOnlyList<LocalNode> Nodes => nodes;

    public IReadOnlyList<Uri> Endpoints => nodes.Select(node => node.GrpcAddress).ToArray();

    public static NodeCluster Start(int nodeCount, IReadOnlyList<EntityTypeManifest> types, string name)
    {
        var root = Path.Combine(Path.GetTempPath(), "ep-client-tests", $"{name}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(root);
        var nodes = Enumerable.Range(1, nodeCount)
            .Select(i => new LocalNode((ulong)i, 0, NodeProcesses.FreePort(), NodeProcesses.FreePort(), NodeProcesses.FreePort(),
                Path.Combine(root, $"data-n{i}"), Path.Combine(root, $"n{i}.log")))
            .ToList();
        var clusterFile = Path.Combine(root, "cluster.json");
        LocalCluster.BuildClusterFile(types, nodes).Save(clusterFile);
        var cluster = new NodeCluster(root, nodes, clusterFile);
        try
        {
            for (var i = 0; i < nodes.Count; i++)
            {
                cluster.StartNode(i);
            }
        }
        catch
        {
            cluster.Dispose();
            throw;
        }

        return cluster;
    }

    public LocalNode Node(ulong id) => nodes.Single(node => node.Id == id);

    /// <summary>SIGKILL: no drain, no flush beyond what the node already made durable.</summary>
    public void Kill(ulong id)
    {
        var node = Node(id);
        NodeLauncher.Signal(node.Pid, "CONT");
        NodeLauncher.Signal(node.Pid, "KILL");
        WaitExited(node.Pid);
    }

    /// <summary>Starts a killed node again on its data directory and ports, as a supervisor would.</summary>
    public void Restart(ulong id) => StartNode(nodes.FindIndex(node => node.Id == id));

    public void Pause(ulong id) => NodeLauncher.Signal(Node(id).Pid, "STOP");

    public void Resume(ulong id) => NodeLauncher.Signal(Node(id).Pid, "CONT");

    /// <summary>Polls every node's Topology until each shard of each type has a leader some node agrees on.</summary>
    public async Task WaitForLeadersAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var channels = nodes.Select(node => Channels.Create(node.GrpcAddress)).ToArray();
        try
        {
            while (true)
            {
                var leaderless = await CountLeaderlessAsync(channels);
                if (leaderless == 0)
                {
                    return;
                }

                if (clock.Elapsed > timeout)
                {
                    throw new TimeoutException($"{leaderless} shards have no leader after {timeout}; node logs in {Root}");
                }

                await Task.Delay(100);
            }
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    public string Logs() => string.Join("\n", nodes.Select(node =>
        File.Exists(node.LogFile) ? $"--- {node.LogFile} (tail)\n" + string.Join("\n", File.ReadLines(node.LogFile).TakeLast(15)) : ""));

    private static async Task<int> CountLeaderlessAsync(GrpcChannel[] channels)
    {
        var known = new HashSet<(string, uint)>();
        var all = new HashSet<(string, uint)>();
        foreach (var channel in channels)
        {
            try
            {
                var reply = await new EntityService.EntityServiceClient(channel).TopologyAsync(new TopologyRequest(), deadline: DateTime.UtcNow.AddSeconds(1));
                foreach (var type in reply.EntityTypes)
                {
                    for (var shard = 0u; shard < type.Shards; shard++)
                    {
                        all.Add((type.Name, shard));
                    }

                    foreach (var leader in type.Leaders.Where(leader => leader.LeaderNodeId != 0))
                    {
                        known.Add((type.Name, leader.ShardId));
                    }
                }
            }
            catch (RpcException)
            {
            }
        }

        return all.Count == 0 ? int.MaxValue : all.Count - all.Intersect(known).Count();
    }

    private void StartNode(int index)
    {
        var node = nodes[index];
        var pid = NodeLauncher.Start(node, clusterFile, TestPaths.SamplesNodeDll);
        nodes[index] = node with { Pid = pid };
    }

    private static void WaitExited(int pid)
    {
        var deadline = Stopwatch.StartNew();
        while (NodeProcesses.IsRunning(pid) && deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(20);
        }
    }

    public void Dispose()
    {
        foreach (var node in nodes)
        {
            // A paused process ignores nothing but SIGKILL, yet resuming first lets it die cleanly for the kernel too.
            NodeLauncher.Signal(node.Pid, "CONT");
            NodeLauncher.Signal(node.Pid, "KILL");
        }

        foreach (var node in nodes)
        {
            WaitExited(node.Pid);
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
