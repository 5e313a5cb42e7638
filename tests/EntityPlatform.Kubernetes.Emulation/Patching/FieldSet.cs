using System.Text.Json.Nodes;

namespace EntityPlatform.Kubernetes.Emulation.Patching;

/// <summary>
/// The leaf fields one manager owns, for server-side apply. A leaf is a scalar, a list (lists are
/// atomic in this emulation) or an empty object. Stored in managedFields in the real FieldsV1 shape
/// ({"f:spec":{"f:replicas":{}}}), so clients see what a real API server would show.
/// </summary>
public sealed class FieldSet
{
    private const char Separator = '\u001f';
    private readonly HashSet<string> _paths = [];

    public IEnumerable<string> Paths => _paths;

    public int Count => _paths.Count;

    public static FieldSet Leaves(JsonObject obj, Func<IReadOnlyList<string>, bool> include)
    {
        var set = new FieldSet();
        Walk(obj, [], include, set);
        return set;
    }

    private static void Walk(JsonObject obj, List<string> prefix, Func<IReadOnlyList<string>, bool> include, FieldSet set)
    {
        foreach (var (key, value) in obj)
        {
            var path = new List<string>(prefix) { key };
            if (value is null || !include(path))
            {
                continue;
            }
            if (value is JsonObject { Count: > 0 } child)
            {
                Walk(child, path, include, set);
            }
            else
            {
                set._paths.Add(string.Join(Separator, path));
            }
        }
    }

    public bool Contains(string path) => _paths.Contains(path);

    public void Remove(string path) => _paths.Remove(path);

    public static string[] Segments(string path) => path.Split(Separator);

    /// <summary>".spec.replicas", as conflict messages show a field.</summary>
    public static string Display(string path) => "." + string.Join('.', Segments(path));

    public static JsonNode? ValueAt(JsonNode? root, string path)
    {
        var node = root;
        foreach (var segment in Segments(path))
        {
            node = (node as JsonObject)?[segment];
        }
        return node;
    }

    /// <summary>Removes the field and any parent objects that it leaves empty.</summary>
    public static void RemoveFrom(JsonObject root, string path)
    {
        var segments = Segments(path);
        var parents = new List<JsonObject> { root };
        foreach (var segment in segments[..^1])
        {
            if (parents[^1][segment] is not JsonObject next)
            {
                return;
            }
            parents.Add(next);
        }
        parents[^1].Remove(segments[^1]);
        for (var i = parents.Count - 1; i > 0 && parents[i].Count == 0; i--)
        {
            parents[i - 1].Remove(segments[i - 1]);
        }
    }

    public JsonObject ToFieldsV1()
    {
        var root = new JsonObject();
        foreach (var path in _paths.Order(StringComparer.Ordinal))
        {
            var node = root;
            foreach (var segment in Segments(path))
            {
                if (node["f:" + segment] is not JsonObject child)
                {
                    child = new JsonObject();
                    node["f:" + segment] = child;
                }
                node = child;
            }
        }
        return root;
    }

    public static FieldSet FromFieldsV1(JsonObject? fields)
    {
        var set = new FieldSet();
        void Walk(JsonObject node, List<string> prefix)
        {
            var children = node.Where(c => c.Key.StartsWith("f:", StringComparison.Ordinal)).ToList();
            if (children.Count == 0 && prefix.Count > 0)
            {
                set._paths.Add(string.Join(Separator, prefix));
            }
            foreach (var (key, value) in children)
            {
                Walk(value as JsonObject ?? [], [.. prefix, key[2..]]);
            }
        }
        Walk(fields ?? [], []);
        return set;
    }
}
