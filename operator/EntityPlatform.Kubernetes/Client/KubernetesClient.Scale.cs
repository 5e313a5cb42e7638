using EntityPlatform.Kubernetes.Models;

namespace EntityPlatform.Kubernetes.Client;

public sealed partial class KubernetesClient
{
    /// <summary>Reads the scale subresource (what <c>kubectl scale</c> and autoscalers use).</summary>
    public async Task<Scale> GetScaleAsync<T>(string @namespace, string name, CancellationToken cancellation = default)
        where T : class, IKubernetesObject, IResource
    {
        var operation = Describe<T>("get scale", @namespace, name);
        var result = await ExchangeAsync(
            () => Request(HttpMethod.Get, T.Resource.ObjectPath(@namespace, name, "scale")), retryable: true, operation, cancellation)
            .ConfigureAwait(false);
        return ParseOrThrow<Scale>(result, operation);
    }

    /// <summary>Writes spec.replicas through the scale subresource; a stale resourceVersion is a 409.</summary>
    public async Task<Scale> UpdateScaleAsync<T>(string @namespace, string name, Scale scale, CancellationToken cancellation = default)
        where T : class, IKubernetesObject, IResource
    {
        var operation = Describe<T>("update scale", @namespace, name);
        var retryable = !string.IsNullOrEmpty(scale.Metadata.ResourceVersion);
        var result = await ExchangeAsync(
            () => Request(HttpMethod.Put, T.Resource.ObjectPath(@namespace, name, "scale"), Json(scale)), retryable, operation, cancellation)
            .ConfigureAwait(false);
        return ParseOrThrow<Scale>(result, operation);
    }
}
