using System.Collections.Concurrent;
using EntityPlatform.Grpc.Api;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Grpc.Client;
using EntityPlatform.Grpc.Status;

namespace EntityPlatform.Operator.Nodes;

/// <summary>The admin API over gRPC, one cached channel per node address.</summary>
public sealed class GrpcNodeAdmin(TimeSpan callTimeout) : INodeAdmin, IDisposable
{
    // Addresses are per pod ordinal; far more than this means addresses are churning, so start over.
    private const int MaxChannels = 2048;
    private readonly ConcurrentDictionary<Uri, GrpcChannel> _channels = new();

    public async Task<StatusReply?> StatusAsync(Uri node, CancellationToken cancellation)
    {
        try
        {
            return await Client(node).StatusAsync(new StatusRequest(), Options(callTimeout, cancellation)).ConfigureAwait(false);
        }
        catch (Exception error) when (error is GrpcCallException or HttpRequestException or IOException
            || (error is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            return null;
        }
    }

    public Task<DrainReply> DrainAsync(Uri node, TimeSpan timeout, CancellationToken cancellation) =>
        Client(node).DrainAsync(new DrainRequest { TimeoutMs = (uint)timeout.TotalMilliseconds }, Options(timeout + callTimeout, cancellation));

    public Task<ApplyPlacementReply> ApplyPlacementAsync(Uri node, ApplyPlacementRequest request, CancellationToken cancellation) =>
        Client(node).ApplyPlacementAsync(request, Options(callTimeout, cancellation));

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        _channels.Clear();
    }

    private static CallOptions Options(TimeSpan timeout, CancellationToken cancellation) =>
        new() { Timeout = timeout, CancellationToken = cancellation };

    private AdminServiceClient Client(Uri node)
    {
        if (_channels.Count > MaxChannels)
        {
            Dispose();
        }

        return new AdminServiceClient(_channels.GetOrAdd(node, address => new GrpcChannel(address)));
    }
}
