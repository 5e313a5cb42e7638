using EntityPlatform.Node.Security;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Hosting;

/// <summary>
/// Decides, at start, whether a node runs with TLS, and checks that the cluster file agrees: with
/// <c>--tls-dir</c> every node address must be https:// and a <c>security</c> section must exist; with
/// <c>--insecure</c> every address must be http://. A node given neither still starts plaintext, loudly, because
/// the operator does not mount certificates yet (docs/security.md); local mode, the demo and the harness pass
/// <c>--tls-dir</c>.
/// </summary>
internal static class SecurityMode
{
    public static NodeSecurity? Resolve(NodeOptions options, ClusterFile cluster, ILogger logger)
    {
        var secure = options.TlsDirectory is not null;
        CheckAddresses(cluster, secure);
        if (secure)
        {
            return NodeSecurity.Load(options.TlsDirectory!, cluster, options.NodeId, TimeProvider.System);
        }

        if (!options.Insecure)
        {
            logger.LogCritical("node {NodeId} runs WITHOUT TLS or authentication: neither --tls-dir nor --insecure was given. " +
                "Anyone who reaches its ports can read and write every entity and reconfigure the cluster (docs/security.md).", options.NodeId);
        }

        return null;
    }

    private static void CheckAddresses(ClusterFile cluster, bool secure)
    {
        var expected = secure ? "https" : "http";
        for (var i = 0; i < cluster.Nodes.Count; i++)
        {
            var node = cluster.Nodes[i];
            Check(node.Address, $"nodes[{i}].address");
            if (node.ClientAddress is { } client)
            {
                Check(client, $"nodes[{i}].clientAddress");
            }
        }

        void Check(string address, string field)
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme != expected)
            {
                throw new ArgumentException(secure
                    ? $"cluster file {field} is '{address}'; with --tls-dir every node address must be https://"
                    : $"cluster file {field} is '{address}'; a node without --tls-dir speaks plaintext, so every node address must be http:// (or pass --tls-dir)");
            }
        }
    }
}
