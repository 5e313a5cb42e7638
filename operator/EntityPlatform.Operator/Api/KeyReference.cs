using System.ComponentModel;
using EntityPlatform.Operator.Crd;

namespace EntityPlatform.Operator.Api;

/// <summary>A key of a Secret or ConfigMap, checked as the API server checks a pod's secretKeyRef and configMapKeyRef.</summary>
[Description("A key of a Secret or ConfigMap in the EntityType's namespace.")]
public sealed class KeyReference
{
    [Required]
    [Length(1, 253)]
    [Pattern(KubernetesPatterns.Dns1123Subdomain)]
    [Description("Name of the Secret or ConfigMap.")]
    public string Name { get; set; } = "";

    [Required]
    [Length(1, 253)]
    [Pattern(KubernetesPatterns.ConfigMapKey)]
    [Description("The key whose value is used.")]
    public string Key { get; set; } = "";

    [Description("When true, a missing object or key leaves the variable unset instead of keeping the pod from starting.")]
    public bool? Optional { get; set; }
}
