using EntityPlatform.Client.Resilience;
using EntityPlatform.Client.Routing;
using EntityPlatform.Client.Transport;
using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;

namespace EntityPlatform.Client.Calls;

/// <summary>A query: read-only, so any attempt may be repeated.</summary>
internal sealed class QueryCall(QueryRequest request, ShardKey? shard, CallBudget budget)
    : CallState<QueryReply>(request.EntityType, request.EntityId, shard, budget)
{
    public override string Method => "Query";

    public override bool AnyReplica => request.Consistency == Consistency.BoundedStaleness;

    public override Task<QueryReply> InvokeAsync(IEntityTransport transport, Uri endpoint, CallOptions options) =>
        transport.QueryAsync(endpoint, request, options);
}
