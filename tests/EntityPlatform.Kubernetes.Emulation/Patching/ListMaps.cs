using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Emulation.Resources;

namespace EntityPlatform.Kubernetes.Emulation.Patching;

/// <summary>
/// Lists that server-side apply merges item by item (x-kubernetes-list-type: map) and the keys that
/// identify an item. Built-in kinds use the keys of their Go types' patch metadata (containers by name,
/// container ports by containerPort + protocol, Service ports by port + protocol, env by name,
/// conditions by type, ...); custom resources use their schema. An item is named in a path as
/// FieldsV1 names it: k:{"name":"node"}.
/// </summary>
public static class ListMaps
{
    public const string ItemPrefix = "k:";

    public static string[]? Keys(ResourceDefinition def, IReadOnlyList<string> path)
    {
        var names = path.Where(segment => !segment.StartsWith(ItemPrefix, StringComparison.Ordinal)).ToList();
        if (names.Count == 0)
        {
            return null;
        }

        if (def.Schema is not null)
        {
            return def.Schema.ListMapKeys(names);
        }

        var inContainer = names.Count >= 2 && names[^2] is "containers" or "initContainers" or "ephemeralContainers";
        return names[^1] switch
        {
            "containers" or "initContainers" or "ephemeralContainers" or "env" or "volumes" or "imagePullSecrets" => ["name"],
            "volumeMounts" => ["mountPath"],
            "ports" when inContainer => ["containerPort", "protocol"],
            "ports" when def.Kind == "Service" => ["port", "protocol"],
            "conditions" => ["type"],
            _ => null,
        };
    }

    /// <summary>The k:{...} segment of an item (a missing protocol is TCP, the API server's default), or null when a key is missing.</summary>
    public static string? Segment(JsonNode? item, string[] keys)
    {
        if (item is not JsonObject obj)
        {
            return null;
        }

        var key = new JsonObject();
        foreach (var name in keys)
        {
            var value = obj[name]?.DeepClone() ?? (name == "protocol" ? JsonValue.Create("TCP") : null);
            if (value is null)
            {
                return null;
            }

            key[name] = value;
        }

        return ItemPrefix + key.ToJsonString();
    }

    /// <summary>The index of the item a k:{...} segment names, or -1.</summary>
    public static int Find(JsonArray list, string segment)
    {
        var key = JsonNode.Parse(segment[ItemPrefix.Length..]) as JsonObject ?? [];
        var keys = key.Select(pair => pair.Key).ToArray();
        for (var i = 0; i < list.Count; i++)
        {
            if (Segment(list[i], keys) == segment)
            {
                return i;
            }
        }

        return -1;
    }
}
