using System.Net;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using EntityPlatform.Kubernetes.Serialization;

namespace EntityPlatform.Kubernetes.Client;

public sealed partial class KubernetesClient
{
    /// <summary>The object, or null when it does not exist.</summary>
    public async Task<T?> GetAsync<T>(string @namespace, string name, CancellationToken cancellation = default)
        where T : class, IKubernetesObject, IResource
    {
        var operation = Describe<T>("get", @namespace, name);
        var result = await ExchangeAsync(
            () => Request(HttpMethod.Get, T.Resource.ObjectPath(@namespace, name)), retryable: true, operation, cancellation)
            .ConfigureAwait(false);
        return result.Status == HttpStatusCode.NotFound ? null : ParseOrThrow<T>(result, operation);
    }

    /// <summary>
    /// Lists every matching object, page by page (ListPageSize at a time). The returned list's
    /// resourceVersion is the snapshot the pages came from: start a watch there to miss nothing.
    /// A continuation that expired (410) restarts the list once from scratch.
    /// </summary>
    public async Task<KubeList<T>> ListAsync<T>(
        string? @namespace, ListOptions? options = null, CancellationToken cancellation = default)
        where T : class, IKubernetesObject, IResource
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

    private async Task<KubeList<T>> ListPagesAsync<T>(string? @namespace, ListOptions options, CancellationToken cancellation)
        where T : class, IKubernetesObject, IResource
    {
        var operation = Describe<T>("list", @namespace, null);
        KubeList<T>? all = null;
        string? continueToken = null;
        do
        {
            var path = T.Resource.CollectionPath(@namespace)
                + options.Query(("limit", ListOptions.Number(_options.ListPageSize)), ("continue", continueToken));
            var page = ParseOrThrow<KubeList<T>>(
                await ExchangeAsync(() => Request(HttpMethod.Get, path), retryable: true, operation, cancellation)
                    .ConfigureAwait(false),
                operation);
            if (all is null)
            {
                all = page;
            }
            else
            {
                all.Items.AddRange(page.Items);
            }
            continueToken = page.Metadata.Continue;
        }
        while (!string.IsNullOrEmpty(continueToken));
        all.Metadata.Continue = null;
        all.Metadata.RemainingItemCount = null;
        return all;
    }

    private static StringContent Json<TBody>(TBody body, string mediaType = "application/json") =>
        new(KubernetesJson.Serialize(body), System.Text.Encoding.UTF8, mediaType);
}
