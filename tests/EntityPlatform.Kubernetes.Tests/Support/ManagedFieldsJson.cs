using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Tests.Support;

/// <summary>
/// metadata.managedFields as JSON: KubernetesClient types fieldsV1 as an opaque object, and the tests
/// walk its "f:"/"k:" keys, so they read the entries back as the server wrote them.
/// </summary>
public static class ManagedFieldsJson
{
    public static IEnumerable<JsonObject> Entries(V1ObjectMeta metadata) =>
        JsonNode.Parse(KubernetesJson.Serialize(metadata.ManagedFields ?? []))!.AsArray().OfType<JsonObject>();
}
