using System.ComponentModel;
using EntityPlatform.Operator.Crd;

namespace EntityPlatform.Operator.Api;

/// <summary>An environment variable of the node container: a literal value, or one read from a Secret, a ConfigMap or the pod.</summary>
[Description("An environment variable of the node container: value, or valueFrom (secretKeyRef, configMapKeyRef or fieldRef).")]
[Rule("!has(self.value) || !has(self.valueFrom)", "value and valueFrom are mutually exclusive")]
public sealed class EnvironmentVariable
{
    [Required]
    [Length(1, 4096)]
    [Pattern(KubernetesPatterns.EnvVarName)]
    [Description("Variable name; HOSTNAME is reserved (the node id is derived from it).")]
    public string Name { get; set; } = "";

    [Description("Value; empty when left out.")]
    public string? Value { get; set; }

    [Description("Where the value comes from instead: exactly one of secretKeyRef, configMapKeyRef, fieldRef.")]
    public EnvironmentVariableSource? ValueFrom { get; set; }
}
