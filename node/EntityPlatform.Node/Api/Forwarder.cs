using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.Transport;
using Grpc.Core;

namespace EntityPlatform.Node.Api;

/// <summary>
/// Sends a request on to the shard's leader, one hop at most: a forwarded call carries
/// <see cref="ApiMetadata.Forwarded"/>, and a node receiving one answers with a leader hint instead of
/// forwarding again, so stale leader tables can never bounce a request around. The forwarded call keeps
/// the caller's deadline and is cancelled with the caller's call.
/// </summary>
public sealed class Forwarder(PeerDirectory clients, ChannelPool channels)
{
    private static readonly Metadata ForwardedHeaders = new() { { ApiMetadata.Forwarded, "1" } };

    public EntityService.EntityServiceClient? ClientFor(ulong nodeId) =>
        clients.TryGet(nodeId, out var address) ? new EntityService.EntityServiceClient(channels.Get(address)) : null;

    public static CallOptions OptionsFor(DateTime deadlineUtc, CancellationToken cancellation) =>
        new(ForwardedHeaders, deadlineUtc == DateTime.MaxValue ? null : deadlineUtc, cancellation);

    /// <summary>
    /// Runs a forwarded call. The leader's own answer (any status, with its trailers) passes through as is.
    /// When the leader cannot be reached at all, the caller gets UNAVAILABLE with reason LEADER_UNREACHABLE
    /// and the leader hint: this node is alive, the leader is not (docs/grpc.md).
    /// </summary>
    public static async Task<TReply> RunAsync<TReply>(ulong leader, PeerDirectory clients, Func<Task<TReply>> call, CancellationToken callerCancelled)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException error) when (IsTransportFailure(error) && !callerCancelled.IsCancellationRequested)
        {
            throw RichErrors.Create(StatusCode.Unavailable,
                $"this node forwarded the call to the shard's leader, node {leader}, which did not answer ({error.Status.Detail}); retry there or later",
                ErrorReasons.LeaderUnreachable, LeaderHints.Of(clients, leader));
        }
    }

    /// <summary>A failure of the hop itself (no status from the leader): connect or stream errors, not an answer.</summary>
    private static bool IsTransportFailure(RpcException error) =>
        error.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown
        && error.Trailers.Get("grpc-status-details-bin") is null && error.Trailers.Get(ApiMetadata.LeaderHint) is null;
}
