using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;

namespace EntityPlatform.Kubernetes.Client;

public sealed partial class KubernetesClient
{
    /// <summary>
    /// JSON merge patch (RFC 7386): objects merge, a null deletes a key, arrays are replaced whole.
    /// Add metadata.resourceVersion to the patch to make it conditional (409 when stale).
    /// <paramref name="subresource"/> is null or "status".
    /// </summary>
    public Task<T> MergePatchAsync<T>(
        string @namespace, string name, JsonNode patch, string? subresource = null, CancellationToken cancellation = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        PatchAsync<T>(@namespace, name, new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), fieldManager: null, force: null,
            subresource, retryable: false, "merge-patch", cancellation);

    /// <summary>
    /// Server-side apply of a typed object: the server merges the fields set here into the live
    /// object, records <paramref name="fieldManager"/> as their owner, and removes fields this manager
    /// applied before but leaves out now. Without <paramref name="force"/>, taking a field another
    /// manager owns is a <see cref="Errors.ConflictException"/>. Creates the object when it is missing.
    /// </summary>
    public Task<T> ApplyAsync<T>(
        T obj, string fieldManager, bool force = false, string? subresource = null, CancellationToken cancellation = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var resource = ResourceType.Of<T>();
        var name = obj.Metadata?.Name ?? throw new ArgumentException($"{resource.Kind}: metadata.name is required for an apply.", nameof(obj));
        Stamp(obj, resource);
        var node = JsonNode.Parse(KubernetesJson.Serialize(obj))!;
        return ApplyAsync<T>(NamespaceOf(obj), name, node, fieldManager, force, subresource, cancellation);
    }

    /// <summary>Server-side apply of a partial object (an "apply configuration").</summary>
    public Task<T> ApplyAsync<T>(
        string @namespace, string name, JsonNode applyConfiguration, string fieldManager, bool force = false,
        string? subresource = null, CancellationToken cancellation = default)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (string.IsNullOrWhiteSpace(fieldManager))
        {
            throw new ArgumentException("A server-side apply needs a fieldManager.", nameof(fieldManager));
        }
        // JSON is YAML, so the body goes out as JSON under the apply media type, as client-go does.
        return PatchAsync<T>(@namespace, name, new V1Patch(applyConfiguration.ToJsonString(), V1Patch.PatchType.ApplyPatch),
            fieldManager, force, subresource, retryable: true, "apply", cancellation);
    }

    private Task<T> PatchAsync<T>(
        string @namespace, string name, V1Patch patch, string? fieldManager, bool? force, string? subresource, bool retryable,
        string verb, CancellationToken cancellation)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var resource = ResourceType.Of<T>();
        if (subresource is not (null or "status"))
        {
            throw new ArgumentException($"Patching the '{subresource}' subresource is not supported here; use the scale methods.", nameof(subresource));
        }
        var status = subresource == "status";
        var operation = Describe<T>(verb + (status ? " status" : ""), @namespace, name);
        return CallAsync(
            token => (resource.Namespaced, status) switch
            {
                (true, false) => Api.CustomObjects.PatchNamespacedCustomObjectAsync<T>(
                    patch, resource.Group, resource.Version, Required(@namespace, resource), resource.Plural, name, fieldManager: fieldManager, force: force, cancellationToken: token),
                (true, true) => Api.CustomObjects.PatchNamespacedCustomObjectStatusAsync<T>(
                    patch, resource.Group, resource.Version, Required(@namespace, resource), resource.Plural, name, fieldManager: fieldManager, force: force, cancellationToken: token),
                (false, false) => Api.CustomObjects.PatchClusterCustomObjectAsync<T>(
                    patch, resource.Group, resource.Version, resource.Plural, name, fieldManager: fieldManager, force: force, cancellationToken: token),
                (false, true) => Api.CustomObjects.PatchClusterCustomObjectStatusAsync<T>(
                    patch, resource.Group, resource.Version, resource.Plural, name, fieldManager: fieldManager, force: force, cancellationToken: token),
            },
            retryable, operation, cancellation);
    }
}
