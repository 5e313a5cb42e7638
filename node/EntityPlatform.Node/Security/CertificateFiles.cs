namespace EntityPlatform.Node.Security;

/// <summary>
/// Where one TLS identity lives on disk: PEM certificate, PEM private key, and the PEM CA bundle that the
/// other side's certificates must chain to. In Kubernetes these are a mounted Secret, which the kubelet
/// updates in place on rotation.
/// </summary>
public sealed record CertificateFiles(string CertificatePath, string KeyPath, string CaBundlePath)
{
    /// <summary>The conventional names inside one directory: <c>tls.crt</c>, <c>tls.key</c>, <c>ca.crt</c> (a kubernetes.io/tls Secret's keys).</summary>
    public static CertificateFiles InDirectory(string directory) =>
        new(Path.Combine(directory, "tls.crt"), Path.Combine(directory, "tls.key"), Path.Combine(directory, "ca.crt"));

    public IEnumerable<string> All => [CertificatePath, KeyPath, CaBundlePath];
}
