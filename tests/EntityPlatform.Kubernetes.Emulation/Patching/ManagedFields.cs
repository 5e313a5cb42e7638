using System.Text.Json.Nodes;

namespace EntityPlatform.Kubernetes.Emulation.Patching;

/// <summary>One metadata.managedFields entry's identity: a manager, how it wrote ("Apply" or "Update"), and the subresource.</summary>
public readonly record struct FieldManager(string Manager, string Operation, string Subresource)
{
    public const string Apply = "Apply";
    public const string Update = "Update";
}

/// <summary>Reads and writes metadata.managedFields: appliers (operation Apply) and updaters (operation Update).</summary>
public static class ManagedFields
{
    public static Dictionary<FieldManager, FieldSet> Read(JsonObject obj)
    {
        var result = new Dictionary<FieldManager, FieldSet>();
        foreach (var entry in ((obj["metadata"] as JsonObject)?["managedFields"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = new FieldManager(entry["manager"]?.ToString() ?? "", entry["operation"]?.ToString() ?? FieldManager.Update, entry["subresource"]?.ToString() ?? "");
            result[key] = FieldSet.FromFieldsV1(entry["fieldsV1"] as JsonObject);
        }
        return result;
    }

    public static JsonArray Write(Dictionary<FieldManager, FieldSet> managers, string apiVersion, string time) =>
        new(managers
            .Where(m => m.Value.Count > 0)
            .OrderBy(m => m.Key.Operation == FieldManager.Apply ? 0 : 1).ThenBy(m => m.Key.Manager, StringComparer.Ordinal).ThenBy(m => m.Key.Subresource, StringComparer.Ordinal)
            .Select(m =>
            {
                var entry = new JsonObject
                {
                    ["manager"] = m.Key.Manager,
                    ["operation"] = m.Key.Operation,
                    ["apiVersion"] = apiVersion,
                    ["time"] = time,
                    ["fieldsType"] = "FieldsV1",
                    ["fieldsV1"] = m.Value.ToFieldsV1(),
                };
                if (m.Key.Subresource.Length > 0)
                {
                    entry["subresource"] = m.Key.Subresource;
                }
                return (JsonNode)entry;
            })
            .ToArray());
}
