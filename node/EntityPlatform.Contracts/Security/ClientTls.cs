using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace EntityPlatform.Contracts.Security;

/// <summary>
/// How a channel authenticates the server and, for mutual TLS, itself. The server's certificate must chain
/// to <see cref="ServerTrust"/> (the cluster's CA, not the machine's store). The client certificate is asked
/// for at each handshake, so a rotated certificate is used by the next connection without a new channel.
/// </summary>
public sealed record ClientTls(TrustBundle ServerTrust, Func<X509Certificate2?>? ClientCertificate = null)
{
    /// <summary>
    /// Reads a directory laid out like a Kubernetes TLS Secret (what <c>local up</c> writes): <c>ca.crt</c> to trust
    /// and, when present, <c>tls.crt</c> with <c>tls.key</c> to present. Throws naming the file when one is unusable.
    /// </summary>
    public static ClientTls FromDirectory(string directory)
    {
        var trust = TrustBundle.FromPemFile(Path.Combine(directory, "ca.crt"));
        var certificatePath = Path.Combine(directory, "tls.crt");
        if (!File.Exists(certificatePath))
        {
            return new ClientTls(trust);
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certificatePath, Path.Combine(directory, "tls.key"));
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException)
        {
            throw new InvalidDataException($"client certificate '{certificatePath}' with key 'tls.key': expected a PEM certificate and its PEM private key ({e.Message})", e);
        }

        return new ClientTls(trust, () => certificate);
    }

    /// <summary>The clock against which the server's certificate validity is checked.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where the CA bundle is read at each handshake, when it can change (a node's bundle reloads from disk on
    /// rotation); null: <see cref="ServerTrust"/> is used.
    /// </summary>
    public Func<TrustBundle>? ServerTrustSource { get; init; }

    /// <summary>The handler options: our trust, our certificate, TLS 1.2 or later chosen by the platform.</summary>
    public SslClientAuthenticationOptions ToSslOptions() => new()
    {
        RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            certificate is X509Certificate2 server && (ServerTrustSource?.Invoke() ?? ServerTrust).Validate(server, Time.GetUtcNow(), chain?.ChainPolicy.ExtraStore) is null,
        LocalCertificateSelectionCallback = ClientCertificate is null ? null : (_, _, _, _, _) => ClientCertificate()!,
    };
}
