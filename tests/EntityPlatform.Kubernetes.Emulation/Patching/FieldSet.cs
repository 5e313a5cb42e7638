using System.Text.Json.Nodes;

namespace EntityPlatform.Kubernetes.Emulation.Patching;

/// <summary>
/// The leaf fields one manager owns, for server-side apply. A leaf is a scalar, an atomic list or an
/// empty object; the items of a list-map (<see cref="ListMaps"/>) are walked into, each named by its key
/// (k:{"name":"node"}). Stored in managedFields in the real FieldsV1 shape
/// ({"f:spec":{"f:replicas":{}}}), so clients see what a real API server would show.
/// </summary>
public sealed class FieldSet
{
    private const char Separator = '\u001f';
    private readonly HashSet<string> _paths = [];

    public IEnumerable<string> Paths => _paths;

    public int Count => _paths.Count;

    public static FieldSet Leaves(JsonObject obj, Func<IReadOnlyList<string>, bool> include, Func<IReadOnlyList<string>, string[]?> listKeys)
    {
        var set = new FieldSet();
        Walk(obj, [], include, listKeys, set);
        return set;
    }

    private static void Walk(JsonObject obj, List<string> prefix, Func<IReadOnlyList<string>, bool> include, Func<IReadOnlyList<string>, string[]?> listKeys, FieldSet set)
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
                Walk(child, path, include, listKeys, set);
            }
            else if (value is JsonArray { Count: > 0 } list && listKeys(path) is { } keys
                && list.Select(item => ListMaps.Segment(item, keys)).ToList() is var segments && segments.All(s => s is not null))
            {
                for (var i = 0; i < list.Count; i++)
                {
                    Walk((JsonObject)list[i]!, [.. path, segments[i]!], include, listKeys, set);
                }
            }
            else
            {
                set._paths.Add(string.Join(Separator, path));
            }
        }
    }

    public void Add(string path) => _paths.Add(path);

    public bool Contains(string path) => _paths.Contains(path);

    public void Remove(string path) => _paths.Remove(path);

    public static string[] Segments(string path) => path.Split(Separator);

    /// <summary>".spec.replicas" or ".spec.containers[name="node"].image", as conflict messages show a field.</summary>
    public static string Display(string path) => string.Concat(Segments(path).Select(segment =>
        segment.StartsWith(ListMaps.ItemPrefix, StringComparison.Ordinal)
            ? "[" + string.Join(",", (JsonNode.Parse(segment[ListMaps.ItemPrefix.Length..]) as JsonObject)!.Select(pair => $"{pair.Key}={pair.Value!.ToJsonString()}")) + "]"
            : "." + segment));

    public static JsonNode? ValueAt(JsonNode? root, string path)
    {
        var node = root;
        foreach (var segment in Segments(path))
        {
            node = Child(node, segment);
        }
        return node;
    }

    private static JsonNode? Child(JsonNode? node, string segment) => node switch
    {
        JsonArray list when segment.StartsWith(ListMaps.ItemPrefix, StringComparison.Ordinal) =>
            ListMaps.Find(list, segment) is var index and >= 0 ? list[index] : null,
        JsonObject obj => obj[segment],
        _ => null,
    };

    /// <summary>
    /// Removes the field and any parents it leaves empty; a list-map item goes when nothing but its key
    /// fields is left (no manager sets anything else in it), and a list when its last item went.
    /// </summary>
    public static void RemoveFrom(JsonObject root, string path)
    {
        var segments = Segments(path);
        var parents = new List<JsonNode> { root };
        foreach (var segment in segments[..^1])
        {
            if (Child(parents[^1], segment) is not { } next || next is JsonValue)
            {
                return;
            }
            parents.Add(next);
        }
        // An item's key fields go with the item (once nothing else is left in it), never before, or the
        // item could no longer be found by its key.
        var isKeyField = segments.Length >= 2 && segments[^2].StartsWith(ListMaps.ItemPrefix, StringComparison.Ordinal)
            && (JsonNode.Parse(segments[^2][ListMaps.ItemPrefix.Length..]) as JsonObject)!.ContainsKey(segments[^1]);
        if (!isKeyField)
        {
            (parents[^1] as JsonObject)?.Remove(segments[^1]);
        }
        for (var i = parents.Count - 1; i > 0 && Hollow(parents[i], segments[i - 1]); i--)
        {
            switch (parents[i - 1])
            {
                case JsonObject obj:
                    obj.Remove(segments[i - 1]);
                    break;
                case JsonArray list:
                    list.RemoveAt(ListMaps.Find(list, segments[i - 1]));
                    break;
            }
        }
    }

    private static bool Hollow(JsonNode node, string segment) => node switch
    {
        JsonArray list => list.Count == 0,
        JsonObject item when segment.StartsWith(ListMaps.ItemPrefix, StringComparison.Ordinal) =>
            item.All(pair => (JsonNode.Parse(segment[ListMaps.ItemPrefix.Length..]) as JsonObject)!.ContainsKey(pair.Key)),
        JsonObject obj => obj.Count == 0,
        _ => false,
    };

    public JsonObject ToFieldsV1()
    {
        var root = new JsonObject();
        foreach (var path in _paths.Order(StringComparer.Ordinal))
        {
            var node = root;
            foreach (var segment in Segments(path))
            {
                var name = segment.StartsWith(ListMaps.ItemPrefix, StringComparison.Ordinal) ? segment : "f:" + segment;
                if (node[name] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[name] = child;
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
            var children = node.Where(c => c.Key.StartsWith("f:", StringComparison.Ordinal) || c.Key.StartsWith(ListMaps.ItemPrefix, StringComparison.Ordinal)).ToList();
            if (children.Count == 0 && prefix.Count > 0)
            {
                set._paths.Add(string.Join(Separator, prefix));
            }
            foreach (var (key, value) in children)
            {
                Walk(value as JsonObject ?? [], [.. prefix, key.StartsWith("f:", StringComparison.Ordinal) ? key[2..] : key]);
            }
        }
        Walk(fields ?? [], []);
        return set;
    }
}
