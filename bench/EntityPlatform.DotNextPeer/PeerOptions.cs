using System.Globalization;
using System.Net;

namespace EntityPlatform.DotNextPeer;

/// <summary>
/// One member's command line: <c>--id K --members host:port,host:port,host:port --http-port P --data DIR</c>.
/// Member K's Raft endpoint is the K-th entry of <c>--members</c>; it listens there (DotNext's TCP transport) and
/// serves the key-value API on the same host at <c>--http-port</c>. Every member gets the same list, so a
/// cluster starts from a static configuration (no cold start, no membership changes).
/// </summary>
public sealed record PeerOptions(int Id, IReadOnlyList<IPEndPoint> Members, int HttpPort, string DataDirectory)
{
    /// <summary>Bounded so the harness's member ids stay small; DotNext itself has no such limit.</summary>
    public const int MaxMembers = 9;

    public IPEndPoint RaftEndPoint => Members[Id - 1];

    public static PeerOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"argument '{args[i]}': expected --name value pairs (--id, --members, --http-port, --data)");
            }

            values[args[i][2..]] = args[i + 1];
        }

        string Required(string name) => values.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new ArgumentException($"--{name} is missing");

        var members = Required("members").Split(',').Select(ParseEndPoint).ToList();
        if (members.Count is < 1 or > MaxMembers)
        {
            throw new ArgumentException($"--members has {members.Count} entries; expected 1 to {MaxMembers} host:port entries");
        }

        var id = ParseInt("id", Required("id"), 1, members.Count);
        var httpPort = ParseInt("http-port", Required("http-port"), 1, 65_535);
        return new PeerOptions(id, members, httpPort, Required("data"));
    }

    private static IPEndPoint ParseEndPoint(string text) => IPEndPoint.TryParse(text, out var endPoint) && endPoint.Port > 0
        ? endPoint
        : throw new ArgumentException($"--members entry '{text}': expected an IP address and a port, such as 127.0.0.1:7001");

    private static int ParseInt(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"--{name} is '{text}'; expected an integer from {min} to {max}");
}
