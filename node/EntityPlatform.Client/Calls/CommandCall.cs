using EntityPlatform.Client.Resilience;
using EntityPlatform.Client.Routing;
using EntityPlatform.Client.Transport;
using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;

namespace EntityPlatform.Client.Calls;

/// <summary>A command: the same request (same session and request id) goes out on every attempt, which is what makes retrying it safe.</summary>
internal sealed class CommandCall(CommandRequest request, ShardKey? shard, CallBudget budget)
    : CallState<CommandReply>(request.EntityType, request.EntityId, shard, budget)
{
    public CommandRequest Request => request;

    public override string Method => "Command";

    public override Task<CommandReply> InvokeAsync(IEntityTransport transport, Uri endpoint, CallOptions options) =>
        transport.CommandAsync(endpoint, request, options);
}
