using System.Text.Json.Nodes;

namespace EntityPlatform.Kubernetes.Models;

/// <summary>
/// core/v1 Affinity. Its three parts are passed through as JSON: the operator never reads them, it
/// only copies what the user wrote into the pod template, and the API server validates them there.
/// </summary>
public sealed class Affinity
{
    public JsonObject? NodeAffinity { get; set; }

    public JsonObject? PodAffinity { get; set; }

    public JsonObject? PodAntiAffinity { get; set; }
}
