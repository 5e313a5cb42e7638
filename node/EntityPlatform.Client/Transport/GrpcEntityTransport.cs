using EntityPlatform.Client.Diagnostics;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace EntityPlatform.Client.Transport;

/// <summary>The real transport: Grpc.Net.Client, one channel per node endpoint, created on first use and kept; calls carry the trace context.</summary>
internal sealed class GrpcEntityTransport(ChannelSettings settings) : IEntityTransport, IEventStreamTransport
{
    // Bounded in practice by the cluster's node count plus the seeds; nodes are few and addresses stable.
    private readonly ChannelPool channels = new(settings);
    private static readonly TopologyRequest TopologyRequest = new();
    private static readonly WatchTopologyRequest WatchTopologyRequest = new();

    public Task<CommandReply> CommandAsync(Uri endpoint, CommandRequest request, CallOptions options) =>
        ClientFor(endpoint).CommandAsync(request, options).ResponseAsync;

    public Task<QueryReply> QueryAsync(Uri endpoint, QueryRequest request, CallOptions options) =>
        ClientFor(endpoint).QueryAsync(request, options).ResponseAsync;

    public Task<TopologyReply> TopologyAsync(Uri endpoint, CallOptions options) =>
        ClientFor(endpoint).TopologyAsync(TopologyRequest, options).ResponseAsync;

    public AsyncServerStreamingCall<CommittedEvent> Subscribe(Uri endpoint, SubscribeRequest request, CallOptions options) =>
        ClientFor(endpoint).Subscribe(request, options);

    public async IAsyncEnumerable<TopologyReply> WatchTopologyAsync(Uri endpoint, CallOptions options)
    {
        using var call = ClientFor(endpoint).WatchTopology(WatchTopologyRequest, options);
        while (await call.ResponseStream.MoveNext(options.CancellationToken).ConfigureAwait(false))
        {
            yield return call.ResponseStream.Current;
        }
    }

    // The interceptor sends the trace context (Diagnostics/TraceContextInterceptor); wrapping is a small allocation per call.
    private EntityService.EntityServiceClient ClientFor(Uri endpoint) => new(channels.Get(endpoint).Intercept(TraceContextInterceptor.Instance));

    public void Dispose() => channels.Dispose();
}
