using System.Net;
using EntityPlatform.Kubernetes.Models;

namespace EntityPlatform.Kubernetes.Client;

public sealed partial class KubernetesClient
{
    /// <summary>Creates the object; <see cref="Errors.AlreadyExistsException"/> when the name is taken.</summary>
    public async Task<T> CreateAsync<T>(T obj, CancellationToken cancellation = default)
        where T : class, IKubernetesObject, IResource
    {
        var @namespace = NamespaceOf(obj);
        var operation = Describe<T>("create", @namespace, obj.Metadata.Name ?? obj.Metadata.GenerateName);
        // A create is not retried: a lost answer to a create that succeeded would turn into AlreadyExists.
        var result = await ExchangeAsync(
            () => Request(HttpMethod.Post, T.Resource.CollectionPath(@namespace), Json(obj)), retryable: false, operation, cancellation)
            .ConfigureAwait(false);
        return ParseOrThrow<T>(result, operation);
    }

    /// <summary>
    /// Replaces the object. With metadata.resourceVersion set (as read), a concurrent write in between
    /// makes this fail with <see cref="Errors.ConflictException"/> instead of silently overwriting it.
    /// On kinds with a status subresource the server ignores status here: use UpdateStatusAsync.
    /// </summary>
    public Task<T> UpdateAsync<T>(T obj, CancellationToken cancellation = default)
        where T : class, IKubernetesObject, IResource => PutAsync(obj, subresource: null, cancellation);

    /// <summary>Writes only the status (the status subresource); spec and metadata changes are ignored.</summary>
    public Task<T> UpdateStatusAsync<T>(T obj, CancellationToken cancellation = default)
        where T : class, IKubernetesObject, IResource => PutAsync(obj, subresource: "status", cancellation);

    private async Task<T> PutAsync<T>(T obj, string? subresource, CancellationToken cancellation)
        where T : class, IKubernetesObject, IResource
    {
        var @namespace = NamespaceOf(obj);
        var name = obj.Metadata.Name ?? throw new ArgumentException($"{T.Resource.Kind}: metadata.name is required for an update.");
        var operation = Describe<T>(subresource is null ? "update" : "update " + subresource, @namespace, name);
        // A PUT with a resourceVersion is safe to retry: a retry of one that did apply gets a 409.
        var retryable = !string.IsNullOrEmpty(obj.Metadata.ResourceVersion);
        var result = await ExchangeAsync(
            () => Request(HttpMethod.Put, T.Resource.ObjectPath(@namespace, name, subresource), Json(obj)), retryable, operation, cancellation)
            .ConfigureAwait(false);
        return ParseOrThrow<T>(result, operation);
    }

    /// <summary>
    /// Deletes the object. Returns false when it did not exist. An object with finalizers is not gone
    /// when this returns: it carries a deletionTimestamp until its finalizers are removed. Nor is a
    /// scheduled pod: it is Terminating until its kubelet confirms the stop (a delete with grace 0).
    /// </summary>
    public async Task<bool> DeleteAsync<T>(
        string @namespace, string name, PropagationPolicy propagation = PropagationPolicy.Background,
        Preconditions? preconditions = null, CancellationToken cancellation = default, long? gracePeriodSeconds = null)
        where T : class, IKubernetesObject, IResource
    {
        var operation = Describe<T>("delete", @namespace, name);
        var options = new DeleteOptions { PropagationPolicy = propagation.ToString(), Preconditions = preconditions, GracePeriodSeconds = gracePeriodSeconds };
        var result = await ExchangeAsync(
            () => Request(HttpMethod.Delete, T.Resource.ObjectPath(@namespace, name), Json(options)), retryable: true, operation, cancellation)
            .ConfigureAwait(false);
        if (result.Status == HttpStatusCode.NotFound)
        {
            return false;
        }
        return (int)result.Status is >= 200 and < 300 ? true : throw Error(result, operation);
    }

    private string NamespaceOf<T>(T obj)
        where T : IKubernetesObject, IResource =>
        T.Resource.Namespaced ? obj.Metadata.Namespace ?? Config.Namespace : "";
}
