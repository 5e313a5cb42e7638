using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Client;

public sealed partial class KubernetesClient
{
    /// <summary>
    /// Reads the scale subresource (what <c>kubectl scale</c> and autoscalers use) through
    /// KubernetesClient: AppsV1 for StatefulSets, CustomObjects for a custom resource's scale.
    /// </summary>
    public Task<V1Scale> GetScaleAsync<T>(string @namespace, string name, CancellationToken cancellation = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var resource = ResourceType.Of<T>();
        return IsStatefulSet(resource)
            ? Api.AppsV1.ReadNamespacedStatefulSetScaleAsync(name, @namespace, cancellationToken: cancellation)
            : Api.CustomObjects.GetNamespacedCustomObjectScaleAsync<V1Scale>(resource.Group, resource.Version, @namespace, resource.Plural, name, cancellation);
    }

    /// <summary>Writes spec.replicas through the scale subresource; a stale resourceVersion is a 409.</summary>
    public Task<V1Scale> UpdateScaleAsync<T>(string @namespace, string name, V1Scale scale, CancellationToken cancellation = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var resource = ResourceType.Of<T>();
        return IsStatefulSet(resource)
            ? Api.AppsV1.ReplaceNamespacedStatefulSetScaleAsync(scale, name, @namespace, cancellationToken: cancellation)
            : Api.CustomObjects.ReplaceNamespacedCustomObjectScaleAsync<V1Scale>(
                scale, resource.Group, resource.Version, @namespace, resource.Plural, name, cancellationToken: cancellation);
    }

    private static bool IsStatefulSet(ResourceType resource) => resource is { Group: "apps", Plural: "statefulsets" };
}
