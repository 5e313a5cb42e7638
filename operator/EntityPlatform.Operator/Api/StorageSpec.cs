using System.ComponentModel;
using EntityPlatform.Operator.Crd;

namespace EntityPlatform.Operator.Api;

[Description("Persistent volume of each node pod.")]
public sealed class StorageSpec
{
    [Default("10Gi")]
    [Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$")]
    [Description("Volume size as a Kubernetes quantity, e.g. 10Gi.")]
    public string? Size { get; set; }

    [Length(1, 253)]
    [Description("StorageClass of the volumes; the cluster default when left out.")]
    public string? Class { get; set; }
}
