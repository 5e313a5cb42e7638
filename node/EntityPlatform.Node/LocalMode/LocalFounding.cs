using EntityPlatform.Node.Hosting;

namespace EntityPlatform.Node.LocalMode;

/// <summary>
/// Local mode's part in issue 12, item 11, as the operator does it in Kubernetes: name the cluster, mark it
/// founded once it has elected its leaders, and restart a node with <c>--rejoin</c> when its data directory is
/// empty in a founded cluster (a node never founds its groups twice).
/// </summary>
public static class LocalFounding
{
    /// <summary>A fresh cluster id for <c>local up</c>: nodes record it in their identity markers.</summary>
    public static string NewClusterId() => $"local-{Guid.CreateVersion7():N}";

    /// <summary>Records in the cluster file that the cluster has elected its leaders.</summary>
    public static void MarkFounded(string clusterFilePath)
    {
        var cluster = ClusterFile.Load(clusterFilePath);
        if (cluster.Founded != true)
        {
            (cluster with { Founded = true }).Save(clusterFilePath);
        }
    }

    /// <summary>Whether a node started on <paramref name="dataDirectory"/> must rejoin: no log of its own in a founded cluster.</summary>
    public static bool MustRejoin(string dataDirectory, ClusterFile cluster) =>
        cluster.IsFounded && !DataDirectoryAdmission.HoldsData(dataDirectory);

    /// <summary><c>local restart --node N</c>: starts a stopped node again, rejoining when its data was lost.</summary>
    public static LocalState Restart(LocalState state, ulong nodeId, TextWriter output)
    {
        var node = state.Nodes.SingleOrDefault(candidate => candidate.Id == nodeId)
            ?? throw new ArgumentException($"--node {nodeId} is not a node of the local cluster; expected one of {string.Join(", ", state.Nodes.Select(n => n.Id))}");
        if (NodeProcesses.IsRunning(node.Pid))
        {
            throw new ArgumentException($"node {nodeId} is running (pid {node.Pid}); stop it first");
        }

        var rejoin = MustRejoin(node.DataDirectory, ClusterFile.Load(state.ClusterFile));
        var (program, prefix) = NodeProcesses.SelfCommand();
        var pid = NodeProcesses.Start(program, prefix, node.Id, node.DataDirectory, state.ClusterFile, node.GrpcPort, node.InternalPort, node.HttpPort, node.LogFile, rejoin,
            extraArguments: state.SecurityArguments(node.Id));
        output.WriteLine($"restarted node {node.Id} (pid {pid})" + (rejoin ? ": its data directory is empty, so it rejoins (no votes until caught up)" : ""));
        var restarted = state with { Nodes = state.Nodes.Select(n => n.Id == nodeId ? n with { Pid = pid } : n).ToArray() };
        restarted.Save();
        return restarted;
    }
}
