using System.ComponentModel;
using EntityPlatform.Operator.Crd;

namespace EntityPlatform.Operator.Api;

/// <summary>A plain environment variable of the node container (valueFrom is not offered).</summary>
[Description("An environment variable of the node container.")]
public sealed class EnvironmentVariable
{
    [Required]
    [Length(1, 4096)]
    [Pattern(KubernetesPatterns.EnvVarName)]
    [Description("Variable name; HOSTNAME is reserved (the node id is derived from it).")]
    public string Name { get; set; } = "";

    [Description("Value; empty when left out.")]
    public string? Value { get; set; }
}
