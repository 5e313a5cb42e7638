using System.Net;
using EntityPlatform.Contracts.Security;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Node.Security;

namespace EntityPlatform.Node.LocalMode;

/// <summary>
/// The TLS material of a local cluster, made by <c>local up</c> under its state folder so that local mode is
/// secure by default at no cost to the developer: a development CA, one certificate per node (for both its
/// ports and its peer channels), an administrator's (<c>admin/local</c>, for the admin API) and an
/// application's (<c>client/local</c>, for the client API). Each identity is a directory of tls.crt, tls.key and
/// ca.crt, the same layout as a Kubernetes TLS Secret, so a node reads it with <c>--tls-dir</c>.
/// </summary>
public sealed class LocalCertificates(string directory)
{
    /// <summary>The trust domain of every local cluster; each has its own CA, so two never trust each other.</summary>
    public const string TrustDomain = "local.entityplatform";

    public const string AdminName = "local";
    public const string ClientName = "local";

    private static readonly TimeSpan CaValidity = TimeSpan.FromDays(365);
    private static readonly TimeSpan LeafValidity = TimeSpan.FromDays(90);

    public string Directory => directory;

    public string CaCertificatePath => Path.Combine(directory, "ca", "ca.crt");

    public string NodeDirectory(ulong nodeId) => Path.Combine(directory, $"n{nodeId}");

    public string AdminDirectory => Path.Combine(directory, "admin");

    public string ClientDirectory => Path.Combine(directory, "client");

    /// <summary>Creates a new CA and every certificate, replacing what was there (ECDSA P-256: milliseconds each).</summary>
    public static LocalCertificates Create(string directory, IEnumerable<ulong> nodeIds, TimeProvider? time = null)
    {
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }

        var certificates = new LocalCertificates(directory);
        using var ca = DevelopmentCertificateAuthority.Create(TrustDomain, CaValidity, time);
        ca.WriteTo(Path.Combine(directory, "ca"));
        foreach (var nodeId in nodeIds)
        {
            Write(ca, CertificateIdentity.ForNode(nodeId), certificates.NodeDirectory(nodeId));
        }

        Write(ca, CertificateIdentity.ForAdmin(AdminName), certificates.AdminDirectory);
        Write(ca, CertificateIdentity.ForClient(ClientName), certificates.ClientDirectory);
        return certificates;
    }

    /// <summary>
    /// Issues new certificates from the existing CA for the nodes and the client and administrator, replacing
    /// the files in place (each file atomically, as a kubelet updates a mounted Secret): a rotation.
    /// </summary>
    public void Reissue(IEnumerable<ulong> nodeIds)
    {
        using var ca = DevelopmentCertificateAuthority.Load(Path.Combine(directory, "ca"), TrustDomain);
        foreach (var nodeId in nodeIds)
        {
            Write(ca, CertificateIdentity.ForNode(nodeId), NodeDirectory(nodeId));
        }

        Write(ca, CertificateIdentity.ForAdmin(AdminName), AdminDirectory);
        Write(ca, CertificateIdentity.ForClient(ClientName), ClientDirectory);
    }

    /// <summary>Issues the certificate of a node added later, from the existing CA.</summary>
    public void AddNode(ulong nodeId)
    {
        using var ca = DevelopmentCertificateAuthority.Load(Path.Combine(directory, "ca"), TrustDomain);
        Write(ca, CertificateIdentity.ForNode(nodeId), NodeDirectory(nodeId));
    }

    /// <summary>Channel settings that trust the local CA and present the administrator's certificate.</summary>
    public ChannelSettings AdminChannel() => ChannelFor(AdminDirectory);

    /// <summary>Channel settings that trust the local CA and present the application's certificate.</summary>
    public ChannelSettings ClientChannel() => ChannelFor(ClientDirectory);

    private static ChannelSettings ChannelFor(string identityDirectory) => new() { Tls = ClientTls.FromDirectory(identityDirectory) };

    private static void Write(DevelopmentCertificateAuthority ca, CertificateIdentity identity, string identityDirectory)
    {
        // Node certificates name 127.0.0.1 and localhost too, so tools that check the host name (grpcurl) accept them.
        ca.Issue(identity, LeafValidity, ["localhost"], [IPAddress.Loopback]).WriteTo(identityDirectory, "tls");
        File.WriteAllText(Path.Combine(identityDirectory, "ca.crt"), ca.RootPem);
    }
}
