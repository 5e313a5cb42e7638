using EntityPlatform.Client.Resilience;
using EntityPlatform.Client.Routing;
using EntityPlatform.Client.Transport;
using Grpc.Core;

namespace EntityPlatform.Client.Calls;

/// <summary>A call with its reply type and the one transport method it uses.</summary>
internal abstract class CallState<TReply>(string entityType, string entityId, ShardKey? shard, CallBudget budget)
    : CallState(entityType, entityId, shard, budget)
{
    public abstract Task<TReply> InvokeAsync(IEntityTransport transport, Uri endpoint, CallOptions options);
}
