using System.ComponentModel;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Crd;

namespace EntityPlatform.Operator.Api;

/// <summary>Requests and limits as quantities ("cpu: 500m", "memory: 1Gi", or a bare number).</summary>
[Description("Requests and limits of the node container, as in a pod spec.")]
public sealed class ComputeResources
{
    [MaxItems(16)]
    [Pattern(KubernetesPatterns.Quantity)]
    [Description("Minimum resources, e.g. cpu: 500m, memory: 1Gi.")]
    public Dictionary<string, IntOrString>? Requests { get; set; }

    [MaxItems(16)]
    [Pattern(KubernetesPatterns.Quantity)]
    [Description("Maximum resources.")]
    public Dictionary<string, IntOrString>? Limits { get; set; }
}
