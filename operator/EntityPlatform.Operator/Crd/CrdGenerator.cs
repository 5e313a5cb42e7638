using System.ComponentModel;
using System.Reflection;
using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Yaml;

namespace EntityPlatform.Operator.Crd;

/// <summary>
/// Generates a CustomResourceDefinition (apiextensions.k8s.io/v1) from a type marked with
/// <see cref="CustomResourceAttribute"/>: names, one served and stored version, the OpenAPI v3 schema
/// (<see cref="SchemaBuilder"/>), printer columns, and the status and scale subresources. The committed
/// crds/*.yaml files are this output; a test fails when they drift (regenerate with REWRITE=1).
/// </summary>
public static class CrdGenerator
{
    public static JsonObject Generate(Type resourceType)
    {
        var resource = resourceType.GetCustomAttribute<CustomResourceAttribute>()
            ?? throw new ArgumentException($"{resourceType.Name} has no [CustomResource] attribute.", nameof(resourceType));
        var names = new JsonObject
        {
            ["kind"] = resource.Kind,
            ["listKind"] = resource.Kind + "List",
            ["plural"] = resource.Plural,
            ["singular"] = resource.Kind.ToLowerInvariant(),
        };
        if (resource.ShortNames.Length > 0)
        {
            names["shortNames"] = Strings(resource.ShortNames);
        }
        if (resource.Categories.Length > 0)
        {
            names["categories"] = Strings(resource.Categories);
        }
        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = $"{resource.Plural}.{resource.Group}" },
            ["spec"] = new JsonObject
            {
                ["group"] = resource.Group,
                ["names"] = names,
                ["scope"] = "Namespaced",
                ["versions"] = new JsonArray(Version(resourceType, resource)),
            },
        };
    }

    /// <summary>The CRD as YAML, with a header saying where it comes from.</summary>
    public static string GenerateYaml(Type resourceType) =>
        $"# Generated from {resourceType.FullName} by EntityPlatform.Operator.Crd.CrdGenerator. Do not edit.\n"
        + "# Regenerate: REWRITE=1 dotnet test tests/EntityPlatform.Kubernetes.Tests -c Release --filter CrdDrift\n"
        + YamlWriter.Write(Generate(resourceType));

    private static JsonObject Version(Type resourceType, CustomResourceAttribute resource)
    {
        var version = new JsonObject
        {
            ["name"] = resource.Version,
            ["served"] = true,
            ["storage"] = true,
            ["schema"] = new JsonObject { ["openAPIV3Schema"] = RootSchema(resourceType) },
        };
        var columns = resourceType.GetCustomAttributes<PrinterColumnAttribute>().OrderBy(c => c.Order).ToList();
        if (columns.Count > 0)
        {
            version["additionalPrinterColumns"] = new JsonArray(columns
                .Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = c.Name,
                    ["type"] = c.Type,
                    ["jsonPath"] = c.JsonPath,
                    ["description"] = c.Description,
                })
                .ToArray());
        }
        var subresources = new JsonObject();
        if (resourceType.GetProperty("Status") is not null)
        {
            subresources["status"] = new JsonObject();
        }
        if (resourceType.GetCustomAttribute<ScaleSubresourceAttribute>() is { } scale)
        {
            subresources["scale"] = new JsonObject
            {
                ["specReplicasPath"] = scale.SpecReplicasPath,
                ["statusReplicasPath"] = scale.StatusReplicasPath,
                ["labelSelectorPath"] = scale.LabelSelectorPath,
            };
        }
        if (subresources.Count > 0)
        {
            version["subresources"] = subresources;
        }
        return version;
    }

    /// <summary>The root: apiVersion, kind and metadata are the API server's, spec and status are ours.</summary>
    private static JsonObject RootSchema(Type resourceType)
    {
        var schema = SchemaBuilder.ForType(resourceType);
        if (resourceType.GetCustomAttribute<DescriptionAttribute>() is { } description)
        {
            schema.Remove("description");
            schema.Insert(0, "description", description.Description);
        }
        var properties = (JsonObject)schema["properties"]!;
        properties.Insert(0, "apiVersion", new JsonObject { ["type"] = "string", ["description"] = "APIVersion of the object: entityplatform.io/v1alpha1." });
        properties.Insert(1, "kind", new JsonObject { ["type"] = "string", ["description"] = "Kind of the object: EntityType." });
        properties.Insert(2, "metadata", new JsonObject { ["type"] = "object" });
        return schema;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());
}
