using System.ComponentModel;
using EntityPlatform.Operator.Crd;

namespace EntityPlatform.Operator.Api;

/// <summary>The sources of an environment variable the chart and operator support, as in a pod spec (no resourceFieldRef).</summary>
[Description("Source of an environment variable's value: exactly one of secretKeyRef, configMapKeyRef, fieldRef.")]
[Rule("(has(self.secretKeyRef) && !has(self.configMapKeyRef) && !has(self.fieldRef)) || (!has(self.secretKeyRef) && has(self.configMapKeyRef) && !has(self.fieldRef)) || (!has(self.secretKeyRef) && !has(self.configMapKeyRef) && has(self.fieldRef))",
    "exactly one of secretKeyRef, configMapKeyRef and fieldRef must be set")]
public sealed class EnvironmentVariableSource
{
    [Description("A key of a Secret in the EntityType's namespace.")]
    public KeyReference? SecretKeyRef { get; set; }

    [Description("A key of a ConfigMap in the EntityType's namespace.")]
    public KeyReference? ConfigMapKeyRef { get; set; }

    [Description("A field of the node pod itself.")]
    public PodFieldReference? FieldRef { get; set; }
}
