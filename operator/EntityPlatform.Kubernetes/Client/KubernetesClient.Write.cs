using System.Net;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Client;

public sealed partial class KubernetesClient
{
    /// <summary>Creates the object; <see cref="AlreadyExistsException"/> when the name is taken.</summary>
    public Task<T> CreateAsync<T>(T obj, CancellationToken cancellation = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var resource = ResourceType.Of<T>();
        var @namespace = NamespaceOf(obj);
        Stamp(obj, resource);
        // A create is not retried: a lost answer to a create that succeeded would turn into AlreadyExists.
        return CallAsync(
            token => resource.Namespaced
                ? Api.CustomObjects.CreateNamespacedCustomObjectAsync<T>(obj, resource.Group, resource.Version, Required(@namespace, resource), resource.Plural, cancellationToken: token)
                : Api.CustomObjects.CreateClusterCustomObjectAsync<T>(obj, resource.Group, resource.Version, resource.Plural, cancellationToken: token),
            retryable: false, Describe<T>("create", @namespace, obj.Metadata?.Name ?? obj.Metadata?.GenerateName), cancellation);
    }

    /// <summary>
    /// Replaces the object. With metadata.resourceVersion set (as read), a concurrent write in between
    /// makes this fail with <see cref="ConflictException"/> instead of silently overwriting it.
    /// On kinds with a status subresource the server ignores status here: use UpdateStatusAsync.
    /// </summary>
    public Task<T> UpdateAsync<T>(T obj, CancellationToken cancellation = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => PutAsync(obj, status: false, cancellation);

    /// <summary>Writes only the status (the status subresource); spec and metadata changes are ignored.</summary>
    public Task<T> UpdateStatusAsync<T>(T obj, CancellationToken cancellation = default)
        where T : class, IKubernetesObject<V1ObjectMeta> => PutAsync(obj, status: true, cancellation);

    private Task<T> PutAsync<T>(T obj, bool status, CancellationToken cancellation)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var resource = ResourceType.Of<T>();
        var @namespace = NamespaceOf(obj);
        var name = obj.Metadata?.Name ?? throw new ArgumentException($"{resource.Kind}: metadata.name is required for an update.", nameof(obj));
        Stamp(obj, resource);
        // A PUT with a resourceVersion is safe to retry: a retry of one that did apply gets a 409.
        var retryable = !string.IsNullOrEmpty(obj.Metadata.ResourceVersion);
        return CallAsync(
            token => (resource.Namespaced, status) switch
            {
                (true, false) => Api.CustomObjects.ReplaceNamespacedCustomObjectAsync<T>(obj, resource.Group, resource.Version, Required(@namespace, resource), resource.Plural, name, cancellationToken: token),
                (true, true) => Api.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<T>(obj, resource.Group, resource.Version, Required(@namespace, resource), resource.Plural, name, cancellationToken: token),
                (false, false) => Api.CustomObjects.ReplaceClusterCustomObjectAsync<T>(obj, resource.Group, resource.Version, resource.Plural, name, cancellationToken: token),
                (false, true) => Api.CustomObjects.ReplaceClusterCustomObjectStatusAsync<T>(obj, resource.Group, resource.Version, resource.Plural, name, cancellationToken: token),
            },
            retryable, Describe<T>(status ? "update status" : "update", @namespace, name), cancellation);
    }

    /// <summary>
    /// Deletes the object. Returns false when it did not exist. An object with finalizers is not gone
    /// when this returns: it carries a deletionTimestamp until its finalizers are removed. Nor is a
    /// scheduled pod: it is Terminating until its kubelet confirms the stop (a delete with grace 0).
    /// </summary>
    public async Task<bool> DeleteAsync<T>(
        string @namespace, string name, PropagationPolicy propagation = PropagationPolicy.Background,
        V1Preconditions? preconditions = null, CancellationToken cancellation = default, long? gracePeriodSeconds = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var resource = ResourceType.Of<T>();
        var body = new V1DeleteOptions
        {
            ApiVersion = "v1",
            Kind = "DeleteOptions",
            PropagationPolicy = propagation.ToString(),
            Preconditions = preconditions,
            GracePeriodSeconds = gracePeriodSeconds,
        };
        try
        {
            // The answer is the deleted object or a Status; it is read as untyped JSON and dropped.
            await CallAsync(
                token => resource.Namespaced
                    ? Api.CustomObjects.DeleteNamespacedCustomObjectAsync(resource.Group, resource.Version, Required(@namespace, resource), resource.Plural, name, body, cancellationToken: token)
                    : Api.CustomObjects.DeleteClusterCustomObjectAsync(resource.Group, resource.Version, resource.Plural, name, body, cancellationToken: token),
                retryable: true, Describe<T>("delete", @namespace, name), cancellation).ConfigureAwait(false);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }

    /// <summary>The library's models leave apiVersion and kind empty unless set; the API server requires both.</summary>
    private static void Stamp<T>(T obj, ResourceType resource)
        where T : IKubernetesObject
    {
        obj.ApiVersion ??= resource.ApiVersion;
        obj.Kind ??= resource.Kind;
    }
}
