using System.Text.Json.Nodes;

namespace EntityPlatform.Kubernetes.Emulation.Patching;

/// <summary>Reads and writes metadata.managedFields entries of appliers (operation "Apply").</summary>
public static class ManagedFields
{
    public static Dictionary<(string Manager, string Subresource), FieldSet> Read(JsonObject obj)
    {
        var result = new Dictionary<(string, string), FieldSet>();
        foreach (var entry in ((obj["metadata"] as JsonObject)?["managedFields"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (entry["operation"]?.ToString() == "Apply")
            {
                result[(entry["manager"]?.ToString() ?? "", entry["subresource"]?.ToString() ?? "")] =
                    FieldSet.FromFieldsV1(entry["fieldsV1"] as JsonObject);
            }
        }
        return result;
    }

    public static JsonArray Write(Dictionary<(string Manager, string Subresource), FieldSet> managers, string apiVersion, string time) =>
        new(managers
            .Where(m => m.Value.Count > 0)
            .OrderBy(m => m.Key.Manager, StringComparer.Ordinal).ThenBy(m => m.Key.Subresource, StringComparer.Ordinal)
            .Select(m =>
            {
                var entry = new JsonObject
                {
                    ["manager"] = m.Key.Manager,
                    ["operation"] = "Apply",
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
