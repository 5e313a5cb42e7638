using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Yaml;

namespace EntityPlatform.Kubernetes.Config;

/// <summary>
/// Reads a kubeconfig file: the chosen (or current) context, its cluster (server, CA from a file or
/// inline data, insecure-skip-tls-verify) and its user (token, tokenFile, or client certificate and key
/// from files or inline data). Relative paths resolve against the kubeconfig's folder, as kubectl does.
/// Not supported, with a clear error: exec and auth-provider plugins, and merging several files in
/// KUBECONFIG (the first one is used).
/// </summary>
public static class KubeconfigLoader
{
    /// <summary>$KUBECONFIG's first entry, else ~/.kube/config.</summary>
    public static string DefaultPath(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var configured = environment("KUBECONFIG");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)[0];
        }
        var home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".kube", "config");
    }

    public static ClusterConfig Load(string path, string? context = null, TimeProvider? time = null)
    {
        if (!File.Exists(path))
        {
            throw new KubernetesConfigException($"The kubeconfig file '{path}' does not exist.");
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        return Parse(File.ReadAllText(path), directory, context, time);
    }

    /// <summary>Parses kubeconfig text; <paramref name="baseDirectory"/> anchors relative file paths.</summary>
    public static ClusterConfig Parse(string yaml, string baseDirectory, string? context = null, TimeProvider? time = null)
    {
        JsonNode root;
        try
        {
            root = YamlJson.Parse(yaml);
        }
        catch (Exception e) when (e is FormatException or YamlDotNet.Core.YamlException)
        {
            throw new KubernetesConfigException($"The kubeconfig is not valid YAML: {e.Message}", e);
        }
        var contextName = context ?? Text(root["current-context"])
            ?? throw new KubernetesConfigException("The kubeconfig sets no current-context and no context was given.");
        var contextEntry = Named(root, "contexts", contextName, "context");
        var clusterName = Required(contextEntry, "cluster", $"contexts[{contextName}].context.cluster");
        var userName = Text(contextEntry["user"]);
        var cluster = Named(root, "clusters", clusterName, "cluster");
        var user = userName is null ? new JsonObject() : Named(root, "users", userName, "user");
        var files = new KubeconfigFiles(baseDirectory);
        return new ClusterConfig
        {
            Server = ParseServer(Required(cluster, "server", $"clusters[{clusterName}].cluster.server")),
            CertificateAuthority = LoadCa(cluster, clusterName, files),
            InsecureSkipTlsVerify = cluster["insecure-skip-tls-verify"]?.GetValue<bool>() ?? false,
            ClientCertificate = LoadClientCertificate(user, userName ?? "", files),
            Token = LoadToken(user, userName ?? "", files, time),
            Namespace = Text(contextEntry["namespace"]) ?? "default",
        };
    }

    private static Uri ParseServer(string server) =>
        Uri.TryCreate(server, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? uri
            : throw new KubernetesConfigException($"cluster.server must be an http(s) URL, not '{server}'.");

    private static X509Certificate2Collection? LoadCa(JsonNode cluster, string name, KubeconfigFiles files)
    {
        var pem = files.PemFrom(cluster, "certificate-authority-data", "certificate-authority", $"clusters[{name}].cluster");
        if (pem is null)
        {
            return null;
        }
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(pem);
        return bundle.Count > 0
            ? bundle
            : throw new KubernetesConfigException($"clusters[{name}].cluster: the certificate authority holds no PEM certificate.");
    }

    private static X509Certificate2? LoadClientCertificate(JsonNode user, string name, KubeconfigFiles files)
    {
        var where = $"users[{name}].user";
        var certificate = files.PemFrom(user, "client-certificate-data", "client-certificate", where);
        var key = files.PemFrom(user, "client-key-data", "client-key", where);
        if (certificate is null && key is null)
        {
            return null;
        }
        if (certificate is null || key is null)
        {
            throw new KubernetesConfigException($"{where}: a client certificate needs both the certificate and its key.");
        }
        try
        {
            return X509Certificate2.CreateFromPem(certificate, key);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new KubernetesConfigException($"{where}: the client certificate and key do not load: {e.Message}", e);
        }
    }

    private static ITokenSource? LoadToken(JsonNode user, string name, KubeconfigFiles files, TimeProvider? time)
    {
        foreach (var plugin in new[] { "exec", "auth-provider" })
        {
            if (user[plugin] is not null)
            {
                throw new KubernetesConfigException(
                    $"users[{name}].user.{plugin} is not supported; use a token, tokenFile or client certificate.");
            }
        }
        if (Text(user["token"]) is { Length: > 0 } token)
        {
            return new StaticTokenSource(token);
        }
        return Text(user["tokenFile"]) is { Length: > 0 } tokenFile
            ? new FileTokenSource(files.Resolve(tokenFile), time: time)
            : null;
    }

    private static JsonNode Named(JsonNode root, string listName, string name, string field)
    {
        var entries = root[listName] as JsonArray ?? [];
        var entry = entries.FirstOrDefault(e => Text(e?["name"]) == name)
            ?? throw new KubernetesConfigException($"The kubeconfig has no entry named '{name}' in {listName}.");
        return entry[field] ?? throw new KubernetesConfigException($"{listName}[{name}] has no '{field}' field.");
    }

    private static string Required(JsonNode node, string field, string where) =>
        Text(node[field]) is { Length: > 0 } text
            ? text
            : throw new KubernetesConfigException($"{where} is required.");

    private static string? Text(JsonNode? node) => node?.ToString();
}
