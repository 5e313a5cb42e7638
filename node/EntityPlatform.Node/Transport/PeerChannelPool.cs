using EntityPlatform.Grpc.Client;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// One long-lived <see cref="GrpcChannel"/> (one pooled HTTP/2 connection) per endpoint, shared by the Raft
/// stream and snapshot uploads to that endpoint. Channels are kept until the transport is disposed: the set
/// of endpoints is the cluster's nodes, which is small and bounded.
/// </summary>
internal sealed class PeerChannelPool(GrpcChannelOptions options) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Uri, GrpcChannel> _channels = [];
    private bool _disposed;

    public GrpcChannel Get(Uri endpoint)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_channels.TryGetValue(endpoint, out var channel))
            {
                channel = new GrpcChannel(endpoint, options);
                _channels.Add(endpoint, channel);
            }

            return channel;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var channel in _channels.Values)
            {
                channel.Dispose();
            }

            _channels.Clear();
        }
    }
}
