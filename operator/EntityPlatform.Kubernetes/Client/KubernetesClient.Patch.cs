using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Models;
using EntityPlatform.Kubernetes.Serialization;

namespace EntityPlatform.Kubernetes.Client;

public sealed partial class KubernetesClient
{
    /// <summary>
    /// JSON merge patch (RFC 7386): objects merge, a null deletes a key, arrays are replaced whole.
    /// Add metadata.resourceVersion to the patch to make it conditional (409 when stale).
    /// </summary>
    public async Task<T> MergePatchAsync<T>(
        string @namespace, string name, JsonNode patch, string? subresource = null, CancellationToken cancellation = default)
        where T : class, IKubernetesObject, IResource
    {
        var operation = Describe<T>("merge-patch" + (subresource is null ? "" : " " + subresource), @namespace, name);
        var body = patch.ToJsonString();
        var result = await ExchangeAsync(
            () => Request(HttpMethod.Patch, T.Resource.ObjectPath(@namespace, name, subresource),
                new StringContent(body, Encoding.UTF8, "application/merge-patch+json")),
            retryable: false, operation, cancellation).ConfigureAwait(false);
        return ParseOrThrow<T>(result, operation);
    }

    /// <summary>
    /// Server-side apply of a typed object: the server merges the fields set here into the live
    /// object, records <paramref name="fieldManager"/> as their owner, and removes fields this manager
    /// applied before but leaves out now. Without <paramref name="force"/>, taking a field another
    /// manager owns is a <see cref="Errors.ConflictException"/>. Creates the object when it is missing.
    /// </summary>
    public Task<T> ApplyAsync<T>(
        T obj, string fieldManager, bool force = false, string? subresource = null, CancellationToken cancellation = default)
        where T : class, IKubernetesObject, IResource
    {
        var name = obj.Metadata.Name ?? throw new ArgumentException($"{T.Resource.Kind}: metadata.name is required for an apply.");
        var node = JsonSerializer.SerializeToNode(obj, KubernetesJson.Options)!;
        return ApplyAsync<T>(NamespaceOf(obj), name, node, fieldManager, force, subresource, cancellation);
    }

    /// <summary>Server-side apply of a partial object (an "apply configuration").</summary>
    public async Task<T> ApplyAsync<T>(
        string @namespace, string name, JsonNode applyConfiguration, string fieldManager, bool force = false,
        string? subresource = null, CancellationToken cancellation = default)
        where T : class, IKubernetesObject, IResource
    {
        if (string.IsNullOrWhiteSpace(fieldManager))
        {
            throw new ArgumentException("A server-side apply needs a fieldManager.", nameof(fieldManager));
        }
        var operation = Describe<T>("apply" + (subresource is null ? "" : " " + subresource), @namespace, name);
        var path = T.Resource.ObjectPath(@namespace, name, subresource)
            + $"?fieldManager={Uri.EscapeDataString(fieldManager)}" + (force ? "&force=true" : "");
        // JSON is YAML, so the body goes out as JSON under the apply media type, as client-go does.
        var body = applyConfiguration.ToJsonString();
        var result = await ExchangeAsync(
            () => Request(HttpMethod.Patch, path, new StringContent(body, Encoding.UTF8, "application/apply-patch+yaml")),
            retryable: true, operation, cancellation).ConfigureAwait(false);
        return ParseOrThrow<T>(result, operation);
    }
}
