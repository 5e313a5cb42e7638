using System.Net;
using System.Net.Sockets;

namespace EntityPlatform.Node.Hosting;

/// <summary>
/// How one node process is started: <c>run --node-id 1 --data DIR --cluster FILE --grpc-port P --internal-port I --http-port H [--bind IP] [--rejoin] [--max-subscribers N] [--tls-dir DIR | --insecure]</c>.
/// <c>--grpc-port</c> is the CLIENT port (EntityService only); <c>--internal-port</c> serves the peer transport
/// and the admin API, and is the address other nodes know this node by (the cluster file's <c>address</c>).
/// <c>--rejoin</c> says the data directory was wiped (a lost or corrupted disk): the node's replicas start
/// from the founding membership but neither vote nor campaign until they caught up with their leaders.
/// <c>--auto-rejoin</c> is what local mode and the operator pass on every start: rejoin when the data directory
/// is empty and the cluster file says the cluster was founded, found it otherwise (see DataDirectoryAdmission).
/// <c>--bind</c> is the address every port listens on (127.0.0.1 by default): a node in its own network
/// namespace listens on that namespace's address, which must match its entry in the cluster file.
/// </summary>
public sealed record NodeOptions(ulong NodeId, string DataDirectory, string ClusterFilePath, int GrpcPort, int InternalPort, int HttpPort, bool Rejoin = false)
{
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary><c>--max-subscribers</c>: Subscribe streams served at once (docs/events.md); one more gets RESOURCE_EXHAUSTED.</summary>
    public int MaxSubscribers { get; init; } = 256;

    /// <summary>The environment variable read when <c>--max-subscribers</c> is not given.</summary>
    public const string MaxSubscribersVariable = "EP_MAX_SUBSCRIBERS";

    /// <summary>Rejoin if, and only if, the data directory turns out empty in a founded cluster.</summary>
    public bool AutoRejoin { get; init; }

    /// <summary>
    /// <c>--tls-dir DIR</c>: the node's tls.crt, tls.key and ca.crt (a kubernetes.io/tls Secret's keys). Both
    /// gRPC ports then use TLS: mutual TLS on the internal port, TLS with a client certificate or bearer token
    /// on the client port; the cluster file's <c>security</c> section says who may do what.
    /// </summary>
    public string? TlsDirectory { get; init; }

    /// <summary><c>--insecure</c>: plaintext and no authentication, chosen explicitly (a test, a closed network).</summary>
    public bool Insecure { get; init; }

    /// <summary>Set by DataDirectoryAdmission, not a flag: a rejoin is under way (see RejoinPendingFile).</summary>
    public bool RejoinPending { get; init; }

    /// <param name="environment">Reads HOSTNAME for <c>--node-id-from-hostname</c>; the process environment when null.</param>
    public static NodeOptions Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        var arguments = new CommandArguments(args, new HashSet<string> { "--rejoin", "--auto-rejoin", "--insecure", "--node-id-from-hostname" });
        var tlsDirectory = arguments.String("--tls-dir", "");
        if (tlsDirectory.Length > 0 && arguments.Flag("--insecure"))
        {
            throw new ArgumentException("options --tls-dir and --insecure contradict each other; pass one of them");
        }

        // A StatefulSet pod is NAME-N and its node id is N + 1; the operator's pods pass this flag instead of
        // computing the id in a shell, so the image needs no /bin/sh.
        var nodeId = arguments.Flag("--node-id-from-hostname")
            ? NodeIdFromHostname((environment ?? Environment.GetEnvironmentVariable)("HOSTNAME"))
            : (ulong)arguments.Int("--node-id", min: 1);
        return new NodeOptions(
            nodeId,
            arguments.String("--data"),
            arguments.String("--cluster"),
            arguments.Int("--grpc-port", min: 1, max: 65535),
            arguments.Int("--internal-port", min: 1, max: 65535),
            arguments.Int("--http-port", min: 1, max: 65535),
            arguments.Flag("--rejoin"))
        {
            BindAddress = ParseBind(arguments.String("--bind", "127.0.0.1")),
            AutoRejoin = arguments.Flag("--auto-rejoin"),
            // The environment variable lets a supervisor (or a test) set it without changing the command line.
            MaxSubscribers = arguments.Int("--max-subscribers",
                fallback: int.TryParse(Environment.GetEnvironmentVariable(MaxSubscribersVariable), out var limit) && limit > 0 ? limit : 256, min: 1, max: 100_000),
            TlsDirectory = tlsDirectory.Length > 0 ? tlsDirectory : null,
            Insecure = arguments.Flag("--insecure"),
        };
    }

    /// <summary>The node id of a StatefulSet pod named NAME-N: N + 1 (Raft reserves 0 for "no node").</summary>
    public static ulong NodeIdFromHostname(string? hostname)
    {
        var dash = hostname?.LastIndexOf('-') ?? -1;
        return dash > 0 && int.TryParse(hostname!.AsSpan(dash + 1), System.Globalization.NumberStyles.None, null, out var ordinal) && ordinal < int.MaxValue
            ? (ulong)ordinal + 1
            : throw new ArgumentException($"option --node-id-from-hostname: HOSTNAME is '{hostname}'; expected a StatefulSet pod name NAME-N with an ordinal N");
    }

    /// <summary>IPAddress.TryParse alone accepts "10.213.7" as 10.213.0.7, so an IPv4 address must have all four parts.</summary>
    private static IPAddress ParseBind(string text) =>
        IPAddress.TryParse(text, out var address) && text.Trim().Length == text.Length
            && (address.AddressFamily != AddressFamily.InterNetwork || text.Split('.').Length == 4)
            ? address
            : throw new ArgumentException($"option --bind is '{text}'; expected an IP address such as 127.0.0.1 or 10.213.7.1");
}
