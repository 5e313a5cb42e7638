using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;

namespace EntityPlatform.Client.Transport;

/// <summary>
/// The seam between the SDK's routing and retry logic and the wire: one unary call to one node endpoint.
/// Failures surface as <see cref="RpcException"/>, exactly as Grpc.Net.Client reports them,
/// so tests can drive the router with a fake that answers "not leader", UNAVAILABLE or timeouts.
/// </summary>
internal interface IEntityTransport : IDisposable
{
    Task<CommandReply> CommandAsync(Uri endpoint, CommandRequest request, CallOptions options);

    Task<QueryReply> QueryAsync(Uri endpoint, QueryRequest request, CallOptions options);

    Task<TopologyReply> TopologyAsync(Uri endpoint, CallOptions options);

    /// <summary>The node's topology stream (WatchTopology): one answer at once, then one per leadership change there.</summary>
    IAsyncEnumerable<TopologyReply> WatchTopologyAsync(Uri endpoint, CallOptions options);
}
