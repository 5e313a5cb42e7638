using System.Collections.Concurrent;
using Grpc.Net.Client;

namespace EntityPlatform.Contracts.Wire;

/// <summary>
/// One long-lived channel per endpoint, created on first use and kept until the pool is disposed. The set
/// of endpoints is a cluster's nodes (plus seeds), small and bounded, so nothing is evicted.
/// </summary>
public sealed class ChannelPool(ChannelSettings? settings = null) : IDisposable
{
    private readonly ConcurrentDictionary<Uri, Lazy<GrpcChannel>> _channels = new();
    private volatile bool _disposed;

    public ChannelSettings Settings { get; } = settings ?? ChannelSettings.Default;

    /// <summary>How many endpoints have a channel.</summary>
    public int Count => _channels.Count;

    public GrpcChannel Get(Uri endpoint)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _channels.GetOrAdd(endpoint, uri => new Lazy<GrpcChannel>(() => Channels.Create(uri, Settings))).Value;
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var channel in _channels.Values.Where(lazy => lazy.IsValueCreated))
        {
            channel.Value.Dispose();
        }

        _channels.Clear();
    }
}
