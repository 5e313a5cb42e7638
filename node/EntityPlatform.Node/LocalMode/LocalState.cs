using System.Text.Json;

namespace EntityPlatform.Node.LocalMode;

/// <summary>
/// What <c>local up</c> started, so <c>local status</c> and <c>local down</c> can find it. <see cref="TlsDirectory"/>
/// holds the cluster's certificates (<see cref="LocalCertificates"/>); null when it was started with <c>--insecure</c>.
/// </summary>
public sealed record LocalState(string ClusterFile, IReadOnlyList<LocalNode> Nodes, string? TlsDirectory = null)
{
    /// <summary>The certificates, when the cluster runs with TLS.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public LocalCertificates? Certificates => TlsDirectory is null ? null : new LocalCertificates(TlsDirectory);

    /// <summary>What a node started for this cluster is passed: its <c>--tls-dir</c>, or <c>--insecure</c>.</summary>
    public IReadOnlyList<string> SecurityArguments(ulong nodeId) =>
        Certificates is { } certificates ? ["--tls-dir", certificates.NodeDirectory(nodeId)] : ["--insecure"];

    public static string Directory => Path.Combine(Environment.CurrentDirectory, ".entityplatform", "local");

    private static string FilePath => Path.Combine(Directory, "state.json");

    public static LocalState? Load() =>
        File.Exists(FilePath) ? JsonSerializer.Deserialize<LocalState>(File.ReadAllText(FilePath), Hosting.ClusterFile.Json) : null;

    public void Save()
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(FilePath, JsonSerializer.Serialize(this, Hosting.ClusterFile.Json));
    }

    public static void Delete()
    {
        if (File.Exists(FilePath))
        {
            File.Delete(FilePath);
        }
    }
}
