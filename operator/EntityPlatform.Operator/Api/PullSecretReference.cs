using System.ComponentModel;
using EntityPlatform.Operator.Crd;

namespace EntityPlatform.Operator.Api;

[Description("A Secret in the EntityType's namespace holding registry credentials for the node image.")]
public sealed class PullSecretReference
{
    [Required]
    [Length(1, 253)]
    [Pattern(KubernetesPatterns.Dns1123Subdomain)]
    [Description("Name of the Secret.")]
    public string Name { get; set; } = "";
}
