using System.Text.Json.Nodes;

namespace EntityPlatform.Kubernetes.Emulation.Storage;

/// <summary>Typed reads of an unstructured object's metadata.</summary>
public static class Meta
{
    public static JsonObject Of(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = new JsonObject();
            obj["metadata"] = metadata;
        }
        return metadata;
    }

    public static string? Text(JsonObject obj, string field) => (obj["metadata"] as JsonObject)?[field]?.ToString();

    public static string Name(JsonObject obj) => Text(obj, "name") ?? "";

    public static string Uid(JsonObject obj) => Text(obj, "uid") ?? "";

    public static string? ResourceVersion(JsonObject obj) => Text(obj, "resourceVersion");

    public static long Generation(JsonObject obj) =>
        long.TryParse((obj["metadata"] as JsonObject)?["generation"]?.ToJsonString(), out var generation) ? generation : 0;

    public static bool Deleting(JsonObject obj) => Text(obj, "deletionTimestamp") is not null;

    public static List<string> Finalizers(JsonObject obj) =>
        ((obj["metadata"] as JsonObject)?["finalizers"] as JsonArray ?? []).Select(f => f!.ToString()).ToList();

    public static void SetFinalizers(JsonObject obj, List<string> finalizers)
    {
        if (finalizers.Count == 0)
        {
            Of(obj).Remove("finalizers");
        }
        else
        {
            Of(obj)["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode)f).ToArray());
        }
    }

    public static List<JsonObject> OwnerReferences(JsonObject obj) =>
        ((obj["metadata"] as JsonObject)?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    public static Dictionary<string, string> Labels(JsonObject obj) =>
        ((obj["metadata"] as JsonObject)?["labels"] as JsonObject ?? [])
            .ToDictionary(l => l.Key, l => l.Value?.ToString() ?? "");
}
