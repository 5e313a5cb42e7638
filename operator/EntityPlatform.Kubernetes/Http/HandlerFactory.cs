using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using EntityPlatform.Kubernetes.Config;

namespace EntityPlatform.Kubernetes.Http;

/// <summary>
/// Builds the socket handler: bounded connect time and pool, the cluster CA as the only trust root
/// when one is configured, and the client certificate when the user authenticates with one.
/// </summary>
public static class HandlerFactory
{
    public static SocketsHttpHandler Create(ClusterConfig config, KubernetesClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            // Recycle connections so a moved API server endpoint (DNS change) is picked up.
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            MaxConnectionsPerServer = options.MaxConnectionsPerServer,
            EnableMultipleHttp2Connections = true,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            ValidateServer(config, certificate, errors);
        if (config.ClientCertificate is { } clientCertificate)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }
        return handler;
    }

    private static bool ValidateServer(ClusterConfig config, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (config.InsecureSkipTlsVerify)
        {
            return true;
        }
        if (config.CertificateAuthority is null)
        {
            return errors == SslPolicyErrors.None;
        }
        // With a cluster CA, only the chain may fail the system check (the CA is not in the system
        // store); a name mismatch or a missing certificate is still fatal.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(config.CertificateAuthority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
