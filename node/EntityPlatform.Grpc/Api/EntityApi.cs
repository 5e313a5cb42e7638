using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Grpc.Definitions;

namespace EntityPlatform.Grpc.Api;

/// <summary>The client API's methods (proto/entityplatform/v1/entity.proto). One line per method.</summary>
public static class EntityApi
{
    public static readonly ServiceDescriptor Service = new("entityplatform.v1.EntityService");

    public static readonly Method<CommandRequest, CommandReply> Command = Service.Unary(CommandRequest.Parser, CommandReply.Parser, "Command");
    public static readonly Method<QueryRequest, QueryReply> Query = Service.Unary(QueryRequest.Parser, QueryReply.Parser, "Query");
    public static readonly Method<TopologyRequest, TopologyReply> Topology = Service.Unary(TopologyRequest.Parser, TopologyReply.Parser, "Topology");
    public static readonly Method<SubscribeRequest, CommittedEvent> Subscribe = Service.ServerStreaming(SubscribeRequest.Parser, CommittedEvent.Parser, "Subscribe");
}
