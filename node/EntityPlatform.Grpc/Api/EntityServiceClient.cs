using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Grpc.Client;

namespace EntityPlatform.Grpc.Api;

/// <summary>Typed client of <c>EntityService</c> over a channel.</summary>
public sealed class EntityServiceClient(GrpcChannel channel)
{
    public Task<CommandReply> CommandAsync(CommandRequest request, CallOptions options = default) => channel.UnaryAsync(EntityApi.Command, request, options);

    public Task<QueryReply> QueryAsync(QueryRequest request, CallOptions options = default) => channel.UnaryAsync(EntityApi.Query, request, options);

    public Task<TopologyReply> TopologyAsync(TopologyRequest request, CallOptions options = default) => channel.UnaryAsync(EntityApi.Topology, request, options);

    public GrpcCall<SubscribeRequest, CommittedEvent> Subscribe(SubscribeRequest request, CallOptions options = default) => channel.ServerStreaming(EntityApi.Subscribe, request, options);
}
