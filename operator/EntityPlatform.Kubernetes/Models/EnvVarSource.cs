namespace EntityPlatform.Kubernetes.Models;

/// <summary>core/v1 EnvVarSource: the sources the operator passes on (no resourceFieldRef).</summary>
public sealed class EnvVarSource
{
    public KeySelector? SecretKeyRef { get; set; }

    public KeySelector? ConfigMapKeyRef { get; set; }

    public ObjectFieldSelector? FieldRef { get; set; }
}
