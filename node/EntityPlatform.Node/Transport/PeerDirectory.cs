using System.Collections.Concurrent;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// Node id → gRPC endpoint of that node's PeerService. Updated at runtime as placement adds or moves
/// nodes; thread-safe. Senders look the endpoint up on every (re)connect, so a change takes effect at the
/// next reconnect; <see cref="Changed"/> lets a sender drop a stream to a stale address at once.
/// </summary>
public sealed class PeerDirectory
{
    private readonly ConcurrentDictionary<ulong, Uri> _endpoints = new();

    /// <summary>Raised after a node's endpoint is set to a different value or removed (argument: node id).</summary>
    public event Action<ulong>? Changed;

    public int Count => _endpoints.Count;

    /// <summary>Adds or replaces the endpoint of <paramref name="nodeId"/>: an absolute http:// (h2c) or https:// address.</summary>
    public void Set(ulong nodeId, Uri endpoint)
    {
        if (nodeId == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(nodeId), "Node ids start at 1.");
        }

        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"The endpoint of node {nodeId} must be an absolute http:// or https:// address, not '{endpoint}'.", nameof(endpoint));
        }

        var previous = _endpoints.TryGetValue(nodeId, out var old) ? old : null;
        _endpoints[nodeId] = endpoint;
        if (previous is not null && previous != endpoint)
        {
            Changed?.Invoke(nodeId);
        }
    }

    public bool Remove(ulong nodeId)
    {
        if (!_endpoints.TryRemove(nodeId, out _))
        {
            return false;
        }

        Changed?.Invoke(nodeId);
        return true;
    }

    public bool TryGet(ulong nodeId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? endpoint) =>
        _endpoints.TryGetValue(nodeId, out endpoint);

    /// <summary>A point-in-time copy, for status pages and tests.</summary>
    public IReadOnlyDictionary<ulong, Uri> Snapshot() => new Dictionary<ulong, Uri>(_endpoints);
}
