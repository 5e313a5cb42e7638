using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;

namespace EntityPlatform.Operator.Nodes;

/// <summary>The admin API over Grpc.Net.Client (on each node's internal port), one kept channel per node address.</summary>
public sealed class GrpcNodeAdmin(TimeSpan callTimeout) : INodeAdmin, IDisposable
{
    // Addresses are per pod ordinal; far more than this means addresses are churning, so start over.
    private const int MaxChannels = 2048;
    private ChannelPool _channels = new();

    public async Task<StatusReply?> StatusAsync(Uri node, CancellationToken cancellation)
    {
        try
        {
            return await Client(node).StatusAsync(new StatusRequest(), Options(callTimeout, cancellation)).ConfigureAwait(false);
        }
        catch (Exception error) when ((error is RpcException && !cancellation.IsCancellationRequested) || error is HttpRequestException or IOException
            || (error is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            return null;
        }
    }

    public Task<DrainReply> DrainAsync(Uri node, TimeSpan timeout, CancellationToken cancellation) =>
        Client(node).DrainAsync(new DrainRequest { TimeoutMs = (uint)timeout.TotalMilliseconds }, Options(timeout + callTimeout, cancellation)).ResponseAsync;

    public Task<ApplyPlacementReply> ApplyPlacementAsync(Uri node, ApplyPlacementRequest request, CancellationToken cancellation) =>
        Client(node).ApplyPlacementAsync(request, Options(callTimeout, cancellation)).ResponseAsync;

    public void Dispose() => _channels.Dispose();

    private static CallOptions Options(TimeSpan timeout, CancellationToken cancellation) =>
        new(deadline: DateTime.UtcNow + timeout, cancellationToken: cancellation);

    private AdminService.AdminServiceClient Client(Uri node)
    {
        if (_channels.Count > MaxChannels)
        {
            Interlocked.Exchange(ref _channels, new ChannelPool()).Dispose();
        }

        return new AdminService.AdminServiceClient(_channels.Get(node));
    }
}
