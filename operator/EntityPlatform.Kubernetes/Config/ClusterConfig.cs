using System.Security.Cryptography.X509Certificates;

namespace EntityPlatform.Kubernetes.Config;

/// <summary>
/// Everything needed to reach one API server: where, which CA to trust, and who we are (a bearer token,
/// a client certificate, or neither). Built by <see cref="KubeconfigLoader"/> or
/// <see cref="InClusterConfigLoader"/>, or by hand in tests.
/// </summary>
public sealed class ClusterConfig
{
    public required Uri Server { get; init; }

    /// <summary>The cluster CA bundle; when null, the system trust store decides.</summary>
    public X509Certificate2Collection? CertificateAuthority { get; init; }

    /// <summary>Accept any server certificate. Only for throwaway clusters; never set by in-cluster config.</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    public X509Certificate2? ClientCertificate { get; init; }

    public ITokenSource? Token { get; init; }

    /// <summary>The namespace of the kubeconfig context, or the pod's own namespace in a cluster.</summary>
    public string Namespace { get; init; } = "default";
}
