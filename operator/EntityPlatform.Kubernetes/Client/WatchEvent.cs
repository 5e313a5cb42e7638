using k8s;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Client;

/// <summary>
/// One watch event. For a bookmark, Object carries only metadata.resourceVersion. ERROR events never
/// surface as events: the watch throws (a <see cref="Errors.GoneException"/> for code 410).
/// </summary>
public sealed record WatchEvent<T>(WatchEventType Type, T Object)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The resourceVersion a resumed watch starts after.</summary>
    public string? ResourceVersion => Object.Metadata?.ResourceVersion;
}
