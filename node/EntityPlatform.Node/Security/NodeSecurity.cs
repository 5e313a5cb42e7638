using EntityPlatform.Contracts.Security;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Node.Hosting;

namespace EntityPlatform.Node.Security;

/// <summary>
/// Everything one node needs to run securely: its own certificate (reloaded from <c>--tls-dir</c> on change),
/// the cluster's <see cref="ClusterSecurity"/> section, and from them the TLS of each port, the TLS of its
/// outgoing channels (peers, forwarding) and the client-port <see cref="AccessPolicy"/>.
/// </summary>
public sealed class NodeSecurity
{
    /// <summary>How often the certificate files are looked at for a replacement (only when a handshake needs them).</summary>
    public static readonly TimeSpan ReloadCheckInterval = TimeSpan.FromSeconds(1);

    private NodeSecurity(ClusterSecurity settings, ReloadingCertificateSource certificates, AccessPolicy access, TimeProvider time)
    {
        Settings = settings;
        Certificates = certificates;
        Access = access;
        Time = time;
    }

    public ClusterSecurity Settings { get; }

    public string TrustDomain => Settings.TrustDomain;

    public ReloadingCertificateSource Certificates { get; }

    public AccessPolicy Access { get; }

    public TimeProvider Time { get; }

    /// <summary>
    /// Loads the node's TLS files from <paramref name="tlsDirectory"/> (tls.crt, tls.key, ca.crt) and checks
    /// that the certificate names node <paramref name="nodeId"/> of the cluster's trust domain.
    /// </summary>
    public static NodeSecurity Load(string tlsDirectory, ClusterFile cluster, ulong nodeId, TimeProvider time)
    {
        var settings = cluster.Security ?? throw new ArgumentException(
            "--tls-dir is set but the cluster file has no \"security\" section; expected at least security.trustDomain (docs/security.md)");
        var types = cluster.EntityTypes.Select(type => type.Name).ToArray();
        settings.Validate(types);
        if (!Directory.Exists(tlsDirectory))
        {
            throw new ArgumentException($"option --tls-dir is '{tlsDirectory}', which does not exist; expected a directory with tls.crt, tls.key and ca.crt");
        }

        ReloadingCertificateSource certificates;
        try
        {
            certificates = new ReloadingCertificateSource(CertificateFiles.InDirectory(tlsDirectory), ReloadCheckInterval, time);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            throw new ArgumentException($"option --tls-dir '{tlsDirectory}': {e.Message}", e);
        }

        if (!CertificateIdentity.TryRead(certificates.Certificate, settings.TrustDomain, out var identity, out var error))
        {
            throw new ArgumentException($"option --tls-dir '{tlsDirectory}': {error}");
        }

        if (identity!.Role != PeerRole.Node || identity.NodeId != nodeId)
        {
            throw new ArgumentException($"option --tls-dir '{tlsDirectory}': the certificate names {identity}; expected node/{nodeId} (this node's --node-id)");
        }

        return new NodeSecurity(settings, certificates, AccessPolicy.FromRules(settings.Access, types), time);
    }

    /// <summary>The internal port: mutual TLS, a certificate of the cluster's CA required.</summary>
    public ServerTls InternalPortTls => new(Certificates, RequireClientCertificate: true, Time);

    /// <summary>The client port: TLS; a client certificate is optional (a bearer token is the alternative) but checked when sent.</summary>
    public ServerTls ClientPortTls => new(Certificates, RequireClientCertificate: false, Time);

    /// <summary><paramref name="basis"/> with TLS: trust the cluster's CA, present this node's certificate (both re-read on rotation).</summary>
    public ChannelSettings Channel(ChannelSettings basis) => basis with
    {
        Tls = new ClientTls(Certificates.Trust, () => Certificates.Certificate) { Time = Time, ServerTrustSource = () => Certificates.Trust },
    };
}
