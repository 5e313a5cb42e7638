using System.Text;
using System.Text.Json;
using EntityPlatform.Storage.Snapshots;

namespace EntityPlatform.Storage.Identity;

/// <summary>
/// The identity marker file in a node's data directory. Written once, atomically: to a temporary file that
/// is fsynced, renamed over the final name, then the directory is fsynced, so after a crash the marker is
/// either absent or whole. Reading a damaged marker is an error naming the file, never "no marker".
/// </summary>
public static class NodeIdentityFile
{
    public const string FileName = "node-identity.json";

    // A marker is a few hundred bytes; anything much larger is not ours.
    private const int MaxMarkerBytes = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>The marker in <paramref name="dataDirectory"/>, or null when there is none.</summary>
    public static NodeIdentity? TryRead(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            return null;
        }

        var length = new FileInfo(path).Length;
        if (length > MaxMarkerBytes)
        {
            throw new InvalidDataException($"identity marker {path} is {length} bytes; expected at most {MaxMarkerBytes}");
        }

        try
        {
            var identity = JsonSerializer.Deserialize<NodeIdentity>(File.ReadAllText(path), Json);
            return identity is { NodeId: > 0 }
                ? identity
                : throw new InvalidDataException($"identity marker {path} has no nodeId; expected a node id of at least 1");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"identity marker {path} is not valid JSON: {error.Message}", error);
        }
    }

    /// <summary>Writes the marker durably (see the type's comment). Overwrites nothing: call only when none exists.</summary>
    public static void Write(string dataDirectory, NodeIdentity identity)
    {
        ArgumentOutOfRangeException.ThrowIfZero(identity.NodeId, nameof(identity));
        Directory.CreateDirectory(dataDirectory);
        var path = PathIn(dataDirectory);
        if (File.Exists(path))
        {
            throw new IOException($"identity marker {path} already exists; a marker is written once");
        }

        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(identity, Json)));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: false);
        DirectorySync.Flush(dataDirectory);
    }
}
