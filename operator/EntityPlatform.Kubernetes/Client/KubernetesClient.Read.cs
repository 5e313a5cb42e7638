using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Client;

public sealed partial class KubernetesClient
{
    /// <summary>The object, or null when it does not exist.</summary>
    public async Task<T?> GetAsync<T>(string @namespace, string name, CancellationToken cancellation = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var resource = ResourceType.Of<T>();
        try
        {
            return await CallAsync(
                token => resource.Namespaced
                    ? Api.CustomObjects.GetNamespacedCustomObjectAsync<T>(resource.Group, resource.Version, Required(@namespace, resource), resource.Plural, name, token)
                    : Api.CustomObjects.GetClusterCustomObjectAsync<T>(resource.Group, resource.Version, resource.Plural, name, token),
                retryable: true, Describe<T>("get", @namespace, name), cancellation).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Lists every matching object, page by page (ListPageSize at a time). The returned list's
    /// resourceVersion is the snapshot the pages came from: start a watch there to miss nothing.
    /// A continuation that expired (410) restarts the list once from scratch. <paramref name="namespace"/>
    /// null lists a namespaced kind across all namespaces.
    /// </summary>
    public async Task<KubernetesList<T>> ListAsync<T>(
        string? @namespace, ListOptions? options = null, CancellationToken cancellation = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        options ??= new ListOptions();
        for (var restart = 0; ; restart++)
        {
            try
            {
                return await ListPagesAsync<T>(@namespace, options, cancellation).ConfigureAwait(false);
            }
            catch (GoneException) when (restart == 0)
            {
                // The snapshot behind the continue token was compacted; a fresh list is consistent again.
            }
        }
    }

    private async Task<KubernetesList<T>> ListPagesAsync<T>(string? @namespace, ListOptions options, CancellationToken cancellation)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var resource = ResourceType.Of<T>();
        var operation = Describe<T>("list", @namespace, null);
        var items = new List<T>();
        V1ListMeta? first = null;
        string? continueToken = null;
        do
        {
            var token = continueToken;
            var page = await CallAsync(
                call => ListPageAsync<T>(resource, @namespace, options, token, call), retryable: true, operation, cancellation).ConfigureAwait(false);
            first ??= page.Metadata ?? new V1ListMeta();
            items.AddRange(page.Items ?? []);
            continueToken = page.Metadata?.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(continueToken));
        return new KubernetesList<T>(items, resource.ApiVersion, resource.Kind + "List", new V1ListMeta { ResourceVersion = first.ResourceVersion });
    }

    private Task<KubernetesList<T>> ListPageAsync<T>(
        ResourceType resource, string? @namespace, ListOptions options, string? continueToken, CancellationToken cancellation)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var limit = _options.ListPageSize;
        if (!resource.Namespaced)
        {
            return Api.CustomObjects.ListClusterCustomObjectAsync<KubernetesList<T>>(
                resource.Group, resource.Version, resource.Plural, continueParameter: continueToken, fieldSelector: options.FieldSelector,
                labelSelector: options.LabelSelector, limit: limit, cancellationToken: cancellation);
        }
        return @namespace is null
            ? Api.CustomObjects.ListCustomObjectForAllNamespacesAsync<KubernetesList<T>>(
                resource.Group, resource.Version, resource.Plural, continueParameter: continueToken, fieldSelector: options.FieldSelector,
                labelSelector: options.LabelSelector, limit: limit, cancellationToken: cancellation)
            : Api.CustomObjects.ListNamespacedCustomObjectAsync<KubernetesList<T>>(
                resource.Group, resource.Version, @namespace, resource.Plural, continueParameter: continueToken, fieldSelector: options.FieldSelector,
                labelSelector: options.LabelSelector, limit: limit, cancellationToken: cancellation);
    }

    private static string Required(string? @namespace, ResourceType resource) =>
        string.IsNullOrEmpty(@namespace)
            ? throw new ArgumentException($"{resource.Kind} is namespaced: a namespace is required.", nameof(@namespace))
            : @namespace;
}
