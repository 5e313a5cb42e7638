using EntityPlatform.Grpc.Api.V1;

namespace EntityPlatform.Operator.Nodes;

/// <summary>
/// The operator's view of one node's admin API (proto/entityplatform/v1/admin.proto). Calls are bounded
/// by the implementation's timeout; an unreachable node is null (status) or an exception (writes).
/// </summary>
public interface INodeAdmin
{
    /// <summary>The node's replicas, or null when it cannot be reached now.</summary>
    Task<StatusReply?> StatusAsync(Uri node, CancellationToken cancellation);

    Task<DrainReply> DrainAsync(Uri node, TimeSpan timeout, CancellationToken cancellation);

    Task<ApplyPlacementReply> ApplyPlacementAsync(Uri node, ApplyPlacementRequest request, CancellationToken cancellation);
}
