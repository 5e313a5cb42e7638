using EntityPlatform.Node.Hosting;

namespace EntityPlatform.Node.LocalMode;

/// <summary>Prints the nodes and the shard → leader map as plain tables, and the endpoint clients use.</summary>
public static class ClusterTable
{
    public static void Print(LocalState state, ClusterFile cluster, ClusterView view, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("NODE  PID      GRPC                    HTTP                    LEADS  STATE");
        foreach (var node in state.Nodes)
        {
            var leads = view.Leaders.Values.Count(leader => leader == node.Id);
            var alive = NodeProcesses.IsRunning(node.Pid) ? "running" : "stopped";
            output.WriteLine($"{node.Id,-5} {node.Pid,-8} {node.GrpcAddress,-23} http://127.0.0.1:{node.HttpPort,-6}   {leads,-6} {alive}");
        }

        output.WriteLine();
        output.WriteLine("SHARD           LEADER  REPLICAS");
        foreach (var type in cluster.EntityTypes)
        {
            for (var shard = 0; shard < type.Shards; shard++)
            {
                var key = (type.Name, (uint)shard);
                var leader = view.Leaders.TryGetValue(key, out var id) ? $"n{id}" : "-";
                var replicas = view.Replicas.TryGetValue(key, out var nodes) ? string.Join(' ', nodes.Select(node => $"n{node}")) : "-";
                output.WriteLine($"{type.Name + "/" + shard,-15} {leader,-7} {replicas}");
            }
        }

        output.WriteLine();
        output.WriteLine($"endpoint: {state.Nodes[0].GrpcAddress} (any node accepts any call; {(state.Nodes[0].Tls ? "gRPC over TLS with the client certificate" : "h2c gRPC")}, proto/entityplatform/v1)");
        output.WriteLine($"logs and data: {LocalState.Directory}");
    }
}
