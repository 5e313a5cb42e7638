using System.Collections.Concurrent;
using EntityPlatform.Grpc.Api;
using EntityPlatform.Grpc.Client;
using EntityPlatform.Grpc.Metadata;
using EntityPlatform.Node.Transport;

namespace EntityPlatform.Node.Api;

/// <summary>
/// Sends a request on to the shard's leader, one hop at most: a forwarded call carries
/// <see cref="ForwardedHeader"/>, and a node receiving one answers with a leader hint instead of forwarding
/// again, so stale leader tables can never bounce a request around.
/// </summary>
public sealed class Forwarder(PeerDirectory directory) : IDisposable
{
    public const string ForwardedHeader = "ep-forwarded";

    private readonly ConcurrentDictionary<Uri, EntityServiceClient> clients = new();
    private readonly ConcurrentBag<GrpcChannel> channels = [];

    public EntityServiceClient? ClientFor(ulong nodeId)
    {
        if (!directory.TryGet(nodeId, out var address))
        {
            return null;
        }

        return clients.GetOrAdd(address, uri =>
        {
            var channel = new GrpcChannel(uri);
            channels.Add(channel);
            return new EntityServiceClient(channel);
        });
    }

    public static CallOptions OptionsFor(DateTime deadlineUtc, CancellationToken cancellation) => new()
    {
        Headers = new GrpcMetadata().Add(ForwardedHeader, "1"),
        Timeout = deadlineUtc == DateTime.MaxValue ? null : deadlineUtc - DateTime.UtcNow,
        CancellationToken = cancellation,
    };

    public void Dispose()
    {
        foreach (var channel in channels)
        {
            channel.Dispose();
        }
    }
}
