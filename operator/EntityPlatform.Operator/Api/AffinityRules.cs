using System.ComponentModel;
using System.Text.Json.Nodes;

namespace EntityPlatform.Operator.Api;

/// <summary>
/// A pod's affinity as the user wrote it. Its three parts are kept as JSON: the operator never reads
/// them, it copies them into the pod template (as KubernetesClient's V1Affinity), and the API server
/// validates them there. Our own type, so the CRD keeps them as preserved objects.
/// </summary>
[Description("Affinity of the node pods, as in a pod spec.")]
public sealed class AffinityRules
{
    public JsonObject? NodeAffinity { get; set; }

    public JsonObject? PodAffinity { get; set; }

    public JsonObject? PodAntiAffinity { get; set; }
}
