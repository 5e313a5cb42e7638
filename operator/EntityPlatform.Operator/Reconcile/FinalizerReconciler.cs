using System.Text.Json.Nodes;
using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Builders;

namespace EntityPlatform.Operator.Reconcile;

/// <summary>
/// Keeps the operator's finalizer on every EntityType and, on deletion, removes the StatefulSet first,
/// waits until its pods are gone (stopped, not just Terminating), then removes the finalizer; the
/// garbage collector removes the other owned objects through their owner references.
/// </summary>
public sealed class FinalizerReconciler(KubernetesClient client)
{
    /// <summary>Adds the finalizer if missing; returns the EntityType as stored afterwards.</summary>
    public async Task<EntityType> EnsureAsync(EntityType type, CancellationToken cancellation)
    {
        var finalizers = type.Metadata.Finalizers ?? [];
        if (finalizers.Contains(ObjectNames.Finalizer))
        {
            return type;
        }

        return await PatchFinalizersAsync(type, [.. finalizers, ObjectNames.Finalizer], cancellation).ConfigureAwait(false);
    }

    public async Task<ReconcileResult> FinalizeAsync(EntityType type, CancellationToken cancellation)
    {
        var finalizers = type.Metadata.Finalizers ?? [];
        if (!finalizers.Contains(ObjectNames.Finalizer))
        {
            return ReconcileResult.Done;
        }

        var ns = type.Metadata.NamespaceProperty!;
        await client.DeleteAsync<V1StatefulSet>(ns, ObjectNames.StatefulSet(type), cancellation: cancellation).ConfigureAwait(false);

        // The pods must have stopped (a Terminating pod still runs its node until the kubelet confirms)
        // before the finalizer goes: the garbage collector would then remove the placement ConfigMap and
        // the Services a stopping node still uses.
        var pods = (await client.ListAsync<V1Pod>(ns, new ListOptions { LabelSelector = ObjectNames.SelectorQuery(type) }, cancellation).ConfigureAwait(false)).Items;
        if (pods.Count > 0)
        {
            return ReconcileResult.After(PlacementReconciler.PollInterval);
        }

        await PatchFinalizersAsync(type, finalizers.Where(name => name != ObjectNames.Finalizer).ToList(), cancellation).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    /// <summary>Conditional on the resourceVersion read: another writer's change makes it a conflict, and the pass retries.</summary>
    private Task<EntityType> PatchFinalizersAsync(EntityType type, List<string> finalizers, CancellationToken cancellation)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = type.Metadata.ResourceVersion,
                ["finalizers"] = new JsonArray(finalizers.Select(name => (JsonNode)JsonValue.Create(name)).ToArray()),
            },
        };
        return client.MergePatchAsync<EntityType>(type.Metadata.NamespaceProperty!, type.Metadata.Name!, patch, cancellation: cancellation);
    }
}
