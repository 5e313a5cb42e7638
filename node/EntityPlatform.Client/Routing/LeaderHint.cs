using System.Globalization;

namespace EntityPlatform.Client.Routing;

/// <summary>Parses <c>ep-leader-hint: &lt;node id&gt;@&lt;host&gt;:&lt;port&gt;</c> (entity.proto). Empty or malformed means "no leader known".</summary>
internal static class LeaderHint
{
    public static bool TryParse(string? value, string scheme, out ulong nodeId, out Uri? address)
    {
        nodeId = 0;
        address = null;
        var at = value?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        if (value is null || at <= 0
            || !ulong.TryParse(value.AsSpan(0, at), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id == 0)
        {
            return false;
        }

        // The port is required: a hint without one would silently mean port 80. The host may be an IPv6
        // literal in brackets, so the port's colon is the last one and comes after any ']'.
        var hostPort = value[(at + 1)..];
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || colon < hostPort.LastIndexOf(']')
            || !ushort.TryParse(hostPort.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port == 0
            || !Uri.TryCreate($"{scheme}://{hostPort}/", UriKind.Absolute, out var parsed))
        {
            return false;
        }

        nodeId = id;
        address = parsed;
        return true;
    }
}
