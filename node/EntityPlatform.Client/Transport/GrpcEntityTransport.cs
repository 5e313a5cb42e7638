using EntityPlatform.Client.Diagnostics;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace EntityPlatform.Client.Transport;

/// <summary>
/// The real transport: Grpc.Net.Client, one channel per node endpoint, created on first use and kept; calls
/// carry the trace context and, with a token provider, an authorization header from the <see cref="TokenCache"/>.
/// TLS (the cluster's CA, a client certificate) comes with <paramref name="settings"/>.
/// </summary>
internal sealed class GrpcEntityTransport(ChannelSettings settings, TokenCache? tokens = null) : IEntityTransport, IEventStreamTransport
{
    // Bounded in practice by the cluster's node count plus the seeds; nodes are few and addresses stable.
    private readonly ChannelPool channels = new(settings);
    private static readonly TopologyRequest TopologyRequest = new();
    private static readonly WatchTopologyRequest WatchTopologyRequest = new();

    public async Task<CommandReply> CommandAsync(Uri endpoint, CommandRequest request, CallOptions options) =>
        await ClientFor(endpoint).CommandAsync(request, await WithTokenAsync(options).ConfigureAwait(false)).ResponseAsync.ConfigureAwait(false);

    public async Task<QueryReply> QueryAsync(Uri endpoint, QueryRequest request, CallOptions options) =>
        await ClientFor(endpoint).QueryAsync(request, await WithTokenAsync(options).ConfigureAwait(false)).ResponseAsync.ConfigureAwait(false);

    public async Task<TopologyReply> TopologyAsync(Uri endpoint, CallOptions options) =>
        await ClientFor(endpoint).TopologyAsync(TopologyRequest, await WithTokenAsync(options).ConfigureAwait(false)).ResponseAsync.ConfigureAwait(false);

    /// <summary>Adds the authorization header (a copy of the headers: callers may reuse theirs).</summary>
    private async ValueTask<CallOptions> WithTokenAsync(CallOptions options)
    {
        if (tokens is null)
        {
            return options;
        }

        var header = await tokens.HeaderAsync(options.CancellationToken).ConfigureAwait(false);
        var headers = new Metadata();
        foreach (var entry in options.Headers ?? [])
        {
            headers.Add(entry);
        }

        headers.Add("authorization", header);
        return options.WithHeaders(headers);
    }

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
