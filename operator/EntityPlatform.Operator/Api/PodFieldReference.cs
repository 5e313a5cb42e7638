using System.ComponentModel;
using EntityPlatform.Operator.Crd;

namespace EntityPlatform.Operator.Api;

/// <summary>A field of the pod (the downward API), limited to the paths the API server accepts for env.</summary>
[Description("A field of the node pod (downward API).")]
public sealed class PodFieldReference
{
    [Required]
    [Length(1, 316)]
    [Pattern(KubernetesPatterns.EnvFieldPath)]
    [Description("metadata.name, metadata.namespace, metadata.uid, metadata.labels['KEY'], metadata.annotations['KEY'], spec.nodeName, spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP or status.podIPs.")]
    public string FieldPath { get; set; } = "";
}
