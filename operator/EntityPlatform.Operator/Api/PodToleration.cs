using System.ComponentModel;
using EntityPlatform.Operator.Crd;

namespace EntityPlatform.Operator.Api;

/// <summary>A pod toleration, checked as the API server checks a pod's; copied into the pod template.</summary>
[Description("A toleration of the node pods, as in a pod spec.")]
[Rule("!has(self.operator) || self.operator != \"Exists\" || !has(self.value) || self.value == \"\"",
    "value must be empty when operator is Exists")]
[Rule("has(self.key) || (has(self.operator) && self.operator == \"Exists\")",
    "a toleration without a key must use operator Exists (it then tolerates every taint)")]
[Rule("!has(self.tolerationSeconds) || (has(self.effect) && self.effect == \"NoExecute\")",
    "tolerationSeconds applies only to effect NoExecute")]
public sealed class PodToleration
{
    [Length(1, 316)]
    [Pattern(KubernetesPatterns.QualifiedName)]
    [Description("Taint key; empty with operator Exists matches every key.")]
    public string? Key { get; set; }

    [Pattern("^(Exists|Equal)$")]
    [Description("Exists or Equal (the default).")]
    public string? Operator { get; set; }

    [Pattern(KubernetesPatterns.LabelValue)]
    [Description("Taint value that operator Equal matches.")]
    public string? Value { get; set; }

    [Pattern("^(NoSchedule|PreferNoSchedule|NoExecute)$")]
    [Description("NoSchedule, PreferNoSchedule or NoExecute; empty matches every effect.")]
    public string? Effect { get; set; }

    [Description("With NoExecute: seconds the pod stays after the taint appears; unset means forever.")]
    public long? TolerationSeconds { get; set; }
}
