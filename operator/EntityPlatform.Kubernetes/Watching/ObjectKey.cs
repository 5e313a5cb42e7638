using k8s;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Watching;

/// <summary>Namespace and name: the identity a work queue keeps one entry per.</summary>
public readonly record struct ObjectKey(string Namespace, string Name)
{
    public static ObjectKey Of(IKubernetesObject<V1ObjectMeta> obj) => new(obj.Metadata?.NamespaceProperty ?? "", obj.Metadata?.Name ?? "");

    public override string ToString() => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
}
