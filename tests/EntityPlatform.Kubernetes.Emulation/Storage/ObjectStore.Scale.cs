using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Emulation.Resources;
using EntityPlatform.Kubernetes.Emulation.Validation;

namespace EntityPlatform.Kubernetes.Emulation.Storage;

public sealed partial class ObjectStore
{
    public JsonObject GetScale(ResourceDefinition def, string @namespace, string name)
    {
        lock (_gate)
        {
            return ScaleOf(def, Find(def, @namespace, name));
        }
    }

    /// <summary>Writes spec replicas through the scale subresource: a spec change, so generation bumps.</summary>
    /// <summary>
    /// A JSON merge patch of the scale subresource, as <c>kubectl scale</c> sends it
    /// (<c>{"spec":{"replicas":5}}</c>): read and write under one lock, conditional only when the patch
    /// carries a resourceVersion (kubectl's --resource-version).
    /// </summary>
    public JsonObject MergePatchScale(ResourceDefinition def, string @namespace, string name, JsonNode patch)
    {
        lock (_gate)
        {
            var current = GetScale(def, @namespace, name);
            var patched = Patching.JsonMergePatch.Apply(current, patch) as JsonObject
                ?? throw ApiError.BadRequest("a merge patch of scale must leave an object");
            if (patch["metadata"]?["resourceVersion"] is null && patched["metadata"] is JsonObject metadata)
            {
                metadata.Remove("resourceVersion");
            }
            return UpdateScale(def, @namespace, name, patched);
        }
    }

    public JsonObject UpdateScale(ResourceDefinition def, string @namespace, string name, JsonObject body)
    {
        var paths = def.Scale ?? throw ApiError.NotFound(def, name + "/scale");
        lock (_gate)
        {
            var old = Find(def, @namespace, name);
            CheckVersion(def, old, body["metadata"]?["resourceVersion"]?.ToString());
            var replicas = body["spec"]?["replicas"];
            if (replicas is not JsonValue value || !long.TryParse(value.ToJsonString(), out var count) || count < 0)
            {
                throw ApiError.Invalid(def, name, [FieldError.Invalid("spec.replicas", replicas, "must be greater than or equal to 0")]);
            }
            var next = (JsonObject)old.DeepClone();
            JsonPaths.Set(next, paths.SpecReplicas, count);
            return ScaleOf(def, Save(def, @namespace, old, next));
        }
    }

    private static JsonObject ScaleOf(ResourceDefinition def, JsonObject obj)
    {
        var paths = def.Scale ?? throw ApiError.NotFound(def, Meta.Name(obj) + "/scale");
        var metadata = Meta.Of(obj);
        return new JsonObject
        {
            ["apiVersion"] = "autoscaling/v1",
            ["kind"] = "Scale",
            ["metadata"] = new JsonObject
            {
                ["name"] = metadata["name"]?.DeepClone(),
                ["namespace"] = metadata["namespace"]?.DeepClone(),
                ["uid"] = metadata["uid"]?.DeepClone(),
                ["resourceVersion"] = metadata["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = metadata["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = JsonPaths.Get(obj, paths.SpecReplicas)?.DeepClone() ?? 0 },
            ["status"] = new JsonObject
            {
                ["replicas"] = JsonPaths.Get(obj, paths.StatusReplicas)?.DeepClone() ?? 0,
                ["selector"] = paths.LabelSelector is null ? null : SelectorText(JsonPaths.Get(obj, paths.LabelSelector)),
            },
        };
    }

    /// <summary>A selector path may hold the string form (custom resources) or a LabelSelector (StatefulSet).</summary>
    private static string? SelectorText(JsonNode? selector) => selector switch
    {
        JsonObject obj => string.Join(",", (obj["matchLabels"] as JsonObject ?? [])
            .OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")),
        JsonValue value => value.ToString(),
        _ => null,
    };
}
