using System.Security.Cryptography.X509Certificates;
using EntityPlatform.Kubernetes.Errors;

namespace EntityPlatform.Kubernetes.Config;

/// <summary>
/// Configuration inside a pod: the API server from KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT,
/// and the mounted service account's token (re-read when rotated), CA bundle and namespace.
/// </summary>
public static class InClusterConfigLoader
{
    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>True when the process looks like it runs in a pod.</summary>
    public static bool IsInCluster(Func<string, string?>? environment = null, string? serviceAccountDirectory = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var directory = serviceAccountDirectory ?? DefaultServiceAccountDirectory;
        return !string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST"))
            && File.Exists(Path.Combine(directory, "token"));
    }

    public static ClusterConfig Load(
        Func<string, string?>? environment = null,
        string? serviceAccountDirectory = null,
        TimeProvider? time = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var directory = serviceAccountDirectory ?? DefaultServiceAccountDirectory;
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new KubernetesConfigException(
                "Not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set.");
        }
        if (!int.TryParse(port, out var portNumber) || portNumber is < 1 or > 65535)
        {
            throw new KubernetesConfigException($"KUBERNETES_SERVICE_PORT must be a port number (1-65535), not '{port}'.");
        }
        // An IPv6 service host needs brackets inside a URI.
        var authority = host.Contains(':') ? $"[{host}]" : host;
        return new ClusterConfig
        {
            Server = new Uri($"https://{authority}:{portNumber}"),
            CertificateAuthority = LoadCa(Path.Combine(directory, "ca.crt")),
            Token = new FileTokenSource(Path.Combine(directory, "token"), time: time),
            Namespace = ReadNamespace(Path.Combine(directory, "namespace")),
        };
    }

    private static X509Certificate2Collection LoadCa(string path)
    {
        if (!File.Exists(path))
        {
            throw new KubernetesConfigException($"The service-account CA bundle '{path}' is missing.");
        }
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(File.ReadAllText(path));
        return bundle.Count > 0
            ? bundle
            : throw new KubernetesConfigException($"The service-account CA bundle '{path}' holds no PEM certificate.");
    }

    private static string ReadNamespace(string path)
    {
        // The namespace file is always mounted with the token; "default" only covers hand-made setups.
        var text = File.Exists(path) ? File.ReadAllText(path).Trim() : "";
        return text.Length > 0 ? text : "default";
    }
}
