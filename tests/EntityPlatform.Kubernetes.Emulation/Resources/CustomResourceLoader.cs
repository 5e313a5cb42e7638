using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Emulation.Validation;

namespace EntityPlatform.Kubernetes.Emulation.Resources;

/// <summary>Turns a CustomResourceDefinition (apiextensions.k8s.io/v1) into a resource definition.</summary>
public static class CustomResourceLoader
{
    public static IEnumerable<ResourceDefinition> Load(JsonNode crd)
    {
        if (crd["kind"]?.ToString() != "CustomResourceDefinition" || crd["apiVersion"]?.ToString() != "apiextensions.k8s.io/v1")
        {
            throw new ArgumentException("Expected an apiextensions.k8s.io/v1 CustomResourceDefinition.", nameof(crd));
        }
        var spec = crd["spec"] ?? throw new ArgumentException("The CRD has no spec.", nameof(crd));
        var group = spec["group"]!.ToString();
        var plural = spec["names"]!["plural"]!.ToString();
        var kind = spec["names"]!["kind"]!.ToString();
        if (spec["scope"]?.ToString() != "Namespaced")
        {
            throw new NotSupportedException("The emulation serves namespaced custom resources only.");
        }
        foreach (var version in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (version["served"]?.GetValue<bool>() != true)
            {
                continue;
            }
            var subresources = version["subresources"] as JsonObject;
            var scale = subresources?["scale"];
            var schema = version["schema"]?["openAPIV3Schema"] as JsonObject
                ?? throw new ArgumentException($"CRD version {version["name"]} has no openAPIV3Schema.", nameof(crd));
            yield return new ResourceDefinition(group, version["name"]!.ToString(), plural, kind)
            {
                HasStatus = subresources?["status"] is not null,
                TracksGeneration = true, // custom resources always track generation
                Scale = scale is null
                    ? null
                    : new ScalePaths(scale["specReplicasPath"]!.ToString(), scale["statusReplicasPath"]!.ToString(), scale["labelSelectorPath"]?.ToString()),
                Schema = new SchemaValidator((JsonObject)schema.DeepClone()),
            };
        }
    }
}
