using EntityPlatform.Node.Transport;

namespace EntityPlatform.Node.Api;

/// <summary>The leader hint clients see in <c>ep-leader-hint</c>: <c>&lt;node id&gt;@&lt;host&gt;:&lt;port&gt;</c>, or empty.</summary>
internal static class LeaderHints
{
    public static string Format(PeerDirectory directory, ulong nodeId) =>
        nodeId != 0 && directory.TryGet(nodeId, out var address) ? $"{nodeId}@{address.Host}:{address.Port}" : "";
}
