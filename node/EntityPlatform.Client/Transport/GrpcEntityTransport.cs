using System.Collections.Concurrent;
using EntityPlatform.Grpc.Api;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Grpc.Client;

namespace EntityPlatform.Client.Transport;

/// <summary>The real transport: one pooled HTTP/2 channel per node endpoint, created on first use and kept.</summary>
internal sealed class GrpcEntityTransport(GrpcChannelOptions channelOptions) : IEntityTransport
{
    // Bounded in practice by the cluster's node count plus the seeds; nodes are few and addresses stable.
    private readonly ConcurrentDictionary<Uri, Lazy<(GrpcChannel Channel, EntityServiceClient Client)>> clients = new();
    private static readonly TopologyRequest TopologyRequest = new();

    public Task<CommandReply> CommandAsync(Uri endpoint, CommandRequest request, CallOptions options) =>
        ClientFor(endpoint).CommandAsync(request, options);

    public Task<QueryReply> QueryAsync(Uri endpoint, QueryRequest request, CallOptions options) =>
        ClientFor(endpoint).QueryAsync(request, options);

    public Task<TopologyReply> TopologyAsync(Uri endpoint, CallOptions options) =>
        ClientFor(endpoint).TopologyAsync(TopologyRequest, options);

    private EntityServiceClient ClientFor(Uri endpoint) =>
        clients.GetOrAdd(endpoint, uri => new Lazy<(GrpcChannel, EntityServiceClient)>(() =>
        {
            var channel = new GrpcChannel(uri, channelOptions);
            return (channel, new EntityServiceClient(channel));
        })).Value.Client;

    public void Dispose()
    {
        foreach (var entry in clients.Values.Where(entry => entry.IsValueCreated))
        {
            entry.Value.Channel.Dispose();
        }

        clients.Clear();
    }
}
