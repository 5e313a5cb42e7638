using EntityPlatform.Client.Transport;
using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;

namespace EntityPlatform.Client.Bench;

/// <summary>A transport that answers at once from memory, so the SDK's own per-call cost can be measured without the network or Raft.</summary>
internal sealed class InstantTransport : IEntityTransport
{
    private static readonly CommandReply Reply = new() { Accepted = new Accepted { EventCount = 1 } };
    private readonly TopologyReply topology;

    public InstantTransport()
    {
        topology = new TopologyReply { NodeId = 1 };
        topology.Nodes.Add(new TopologyNode { NodeId = 1, Address = "http://127.0.0.1:1" });
        var type = new EntityTypeTopology { Name = "counter", Shards = 8 };
        type.Leaders.AddRange(Enumerable.Range(0, 8).Select(shard => new ShardLeader { ShardId = (uint)shard, LeaderNodeId = 1, Term = 1 }));
        topology.EntityTypes.Add(type);
    }

    public Task<CommandReply> CommandAsync(Uri endpoint, CommandRequest request, CallOptions options) => Task.FromResult(Reply);

    public Task<QueryReply> QueryAsync(Uri endpoint, QueryRequest request, CallOptions options) => Task.FromResult(new QueryReply());

    public Task<TopologyReply> TopologyAsync(Uri endpoint, CallOptions options) => Task.FromResult(topology);

    /// <summary>The topology once, then silence until the client cancels (the benchmark measures calls, not leader changes).</summary>
    public async IAsyncEnumerable<TopologyReply> WatchTopologyAsync(Uri endpoint, CallOptions options)
    {
        yield return topology;
        await Task.Delay(Timeout.Infinite, options.CancellationToken);
    }

    public void Dispose()
    {
    }
}
