using EntityPlatform.Kubernetes.Config;
using EntityPlatform.Kubernetes.Http;
using k8s;

namespace EntityPlatform.Kubernetes.Library;

/// <summary>
/// Builds the official client (<see cref="k8s.Kubernetes"/>) for one <see cref="ClusterConfig"/>:
/// the cluster CA as the trust root, the client certificate or a per-request token, bounded connect
/// time and pool, and <see cref="ApiErrorHandler"/> in the pipeline.
/// </summary>
public static class KubernetesApiFactory
{
    /// <summary>Error bodies are Status objects of a few hundred bytes; more than this is not read.</summary>
    private const int MaxErrorBodyBytes = 64 * 1024;

    public static IKubernetes Create(ClusterConfig config, KubernetesClientOptions options)
    {
        options.Validate();
        var configuration = new KubernetesClientConfiguration
        {
            Host = config.Server.ToString(),
            Namespace = config.Namespace,
            SkipTlsVerify = config.InsecureSkipTlsVerify,
            SslCaCerts = config.CertificateAuthority,
            TokenProvider = config.Token is { } token ? new TokenSourceProvider(token) : null,
            UserAgent = options.UserAgent,
            // Per-request deadlines come from the callers' tokens: a watch must outlive any fixed client timeout.
            HttpClientTimeout = Timeout.InfiniteTimeSpan,
            FirstMessageHandlerSetup = handler =>
            {
                if (handler is SocketsHttpHandler sockets)
                {
                    sockets.ConnectTimeout = options.ConnectTimeout;
                    sockets.MaxConnectionsPerServer = options.MaxConnectionsPerServer;
                    // Recycle connections so a moved API server endpoint (DNS change) is picked up.
                    sockets.PooledConnectionLifetime = TimeSpan.FromMinutes(10);
                    if (config.ClientCertificate is { } certificate)
                    {
                        sockets.SslOptions.ClientCertificates ??= [];
                        sockets.SslOptions.ClientCertificates.Add(certificate);
                    }
                }
            },
        };
        return new k8s.Kubernetes(configuration, new ApiErrorHandler(config, MaxErrorBodyBytes));
    }
}
