using System.Text.Json.Nodes;

namespace EntityPlatform.Kubernetes.Emulation.Storage;

/// <summary>Reads and writes dotted paths such as ".spec.replicas" (the scale subresource's paths).</summary>
public static class JsonPaths
{
    public static JsonNode? Get(JsonNode? root, string path)
    {
        var node = root;
        foreach (var segment in Segments(path))
        {
            node = (node as JsonObject)?[segment];
        }
        return node;
    }

    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        var segments = Segments(path);
        var node = root;
        foreach (var segment in segments[..^1])
        {
            if (node[segment] is not JsonObject child)
            {
                child = new JsonObject();
                node[segment] = child;
            }
            node = child;
        }
        node[segments[^1]] = value;
    }

    private static string[] Segments(string path) => path.TrimStart('.').Split('.');
}
