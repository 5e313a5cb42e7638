using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.Transport;

namespace EntityPlatform.Node.Api;

/// <summary>
/// The leader hint clients see: <c>ep-leader-hint: &lt;node id&gt;@&lt;host&gt;:&lt;port&gt;</c> and the typed
/// LeaderHint detail, both naming the leader's CLIENT address (<paramref name="clients"/>), or empty.
/// </summary>
internal static class LeaderHints
{
    public static LeaderHint Of(PeerDirectory clients, ulong nodeId) =>
        nodeId != 0 && clients.TryGet(nodeId, out var address)
            ? new LeaderHint { NodeId = nodeId, Address = $"{address.Host}:{address.Port}" }
            : new LeaderHint();
}
