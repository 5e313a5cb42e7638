using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Emulation.Resources;

namespace EntityPlatform.Kubernetes.Emulation.Patching;

/// <summary>
/// Strategic merge patch (<c>application/strategic-merge-patch+json</c>, kubectl patch's default, and
/// KubernetesClient's <c>V1Patch.PatchType.StrategicMergePatch</c>) for the built-in kinds: a JSON merge
/// patch, except that lists with a patch merge key (<see cref="ListMaps"/>: containers and env by name,
/// ports, conditions by type, ...) merge item by item instead of being replaced, an item carrying
/// <c>"$patch": "delete"</c> removes the item with its key, and <c>"$patch": "replace"</c> in an object
/// replaces it whole. Other directives (<c>$setElementOrder</c>, <c>$retainKeys</c>,
/// <c>$deleteFromPrimitiveList</c>) are dropped without effect. Custom resources answer 415, as on a real server.
/// </summary>
public static class StrategicMergePatch
{
    private const string Directive = "$patch";

    public static JsonNode? Apply(ResourceDefinition def, JsonNode? target, JsonNode? patch) => Apply(def, target, patch, []);

    private static JsonNode? Apply(ResourceDefinition def, JsonNode? target, JsonNode? patch, List<string> path)
    {
        if (patch is JsonArray patchList && target is JsonArray targetList && ListMaps.Keys(def, path) is { } keys)
        {
            return MergeList(def, targetList, patchList, keys, path);
        }
        if (patch is not JsonObject patchObject)
        {
            return Clean(patch?.DeepClone());
        }
        if (patchObject[Directive]?.ToString() == "replace")
        {
            return Clean(patchObject.DeepClone());
        }
        var result = target as JsonObject ?? [];
        foreach (var (key, value) in patchObject)
        {
            if (key.StartsWith('$'))
            {
                continue;
            }
            if (value is null)
            {
                result.Remove(key);
                continue;
            }
            var current = result[key]?.DeepClone();
            result.Remove(key);
            path.Add(key);
            result[key] = Apply(def, current, value, path);
            path.RemoveAt(path.Count - 1);
        }
        return result;
    }

    private static JsonArray MergeList(ResourceDefinition def, JsonArray target, JsonArray patch, string[] keys, List<string> path)
    {
        var result = (JsonArray)target.DeepClone();
        foreach (var item in patch)
        {
            var segment = ListMaps.Segment(item, keys)
                ?? throw ApiError.BadRequest($"{string.Join('.', path)}: every item of a strategic merge patch needs its merge key ({string.Join(", ", keys)})");
            var index = ListMaps.Find(result, segment);
            if (item?[Directive]?.ToString() == "delete")
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }
                continue;
            }
            if (index < 0)
            {
                result.Add(Clean(item!.DeepClone()));
                continue;
            }
            path.Add(segment);
            var merged = Apply(def, result[index]!.DeepClone(), item, path);
            path.RemoveAt(path.Count - 1);
            result[index] = merged;
        }
        return result;
    }

    /// <summary>A value copied as is must not keep directives.</summary>
    private static JsonNode? Clean(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(pair => pair.Key).Where(key => key.StartsWith('$')).ToList())
                {
                    obj.Remove(key);
                }
                foreach (var (_, value) in obj)
                {
                    Clean(value);
                }
                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    Clean(item);
                }
                break;
        }
        return node;
    }
}
