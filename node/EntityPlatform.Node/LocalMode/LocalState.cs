using System.Text.Json;

namespace EntityPlatform.Node.LocalMode;

/// <summary>What <c>local up</c> started, so <c>local status</c> and <c>local down</c> can find it.</summary>
public sealed record LocalState(string ClusterFile, IReadOnlyList<LocalNode> Nodes)
{
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
