using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Watching;
using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Builders;
using EntityPlatform.Operator.Controller;

namespace EntityPlatform.Operator.Reconcile;

/// <summary>
/// Where an EntityType becomes a StatefulSet: one level-triggered pass, the sub-reconcilers in order.
/// It never looks at what changed; it reads the current state and enforces all of the desired state,
/// then writes status once. A bad spec stops every step that could touch running shards, and is
/// reported in the Degraded condition instead.
/// </summary>
public sealed class EntityTypeReconciler(
    KubernetesClient client,
    ObservationCollector collector,
    FinalizerReconciler finalizer,
    OwnedObjectsReconciler owned,
    ScaleReconciler scale,
    PlacementReconciler placement,
    RollingUpdateReconciler rolling,
    StatusReconciler status,
    FailureReporter failures,
    EventRecorder events) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellation)
    {
        var type = await client.GetAsync<EntityType>(key.Namespace, key.Name, cancellation).ConfigureAwait(false);
        if (type is null)
        {
            return ReconcileResult.Done;
        }

        if (ObjectNames.IsPaused(type))
        {
            // Hands off, deletion included (the finalizer stays until the annotation goes): the user may be
            // repairing something by hand. The Paused condition says so; removing the annotation is an
            // update, which wakes the next pass.
            return await status.PausedAsync(type, cancellation).ConfigureAwait(false);
        }

        if (type.Metadata.DeletionTimestamp is not null)
        {
            return await finalizer.FinalizeAsync(type, cancellation).ConfigureAwait(false);
        }

        type = await finalizer.EnsureAsync(type, cancellation).ConfigureAwait(false);
        try
        {
            return await EnforceAsync(type, cancellation).ConfigureAwait(false);
        }
        catch (KubernetesApiException error) when (error is not ConflictException && !cancellation.IsCancellationRequested)
        {
            // A conflict is routine (someone wrote in between; the retry reads fresh data). Anything else,
            // such as a 422 or a 403, would otherwise only reach the log while the EntityType looks healthy.
            await failures.ReportAsync(type, error, cancellation).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<ReconcileResult> EnforceAsync(EntityType type, CancellationToken cancellation)
    {
        var key = new ObjectKey(type.Metadata.NamespaceProperty!, type.Metadata.Name!);
        var context = new ReconcileContext(type);
        var configMap = await client.GetAsync<V1ConfigMap>(key.Namespace, ObjectNames.PlacementConfigMap(type), cancellation).ConfigureAwait(false);
        context.Placement = PlacementConfigMapBuilder.CurrentPlacement(type, configMap);
        context.Document = ClusterDocument.TryParse(configMap?.Data?.ValueOrDefault(ObjectNames.PlacementKey));
        var statefulSet = await client.GetAsync<V1StatefulSet>(key.Namespace, ObjectNames.StatefulSet(type), cancellation).ConfigureAwait(false);
        context.SpecError = SpecValidator.Validate(type, ClusterDocument.TryParse(configMap?.Data?.ValueOrDefault(ObjectNames.PlacementKey)), statefulSet);
        if (context.SpecError is not null)
        {
            await events.RecordAsync(type, "Warning", "InvalidSpec", context.SpecError, cancellation).ConfigureAwait(false);
            context.StatefulSet = statefulSet;
            context.Observation = await collector.CollectAsync(type, cancellation).ConfigureAwait(false);
            return await status.ReconcileAsync(context, cancellation).ConfigureAwait(false);
        }

        var result = await owned.ReconcileAsync(context, cancellation).ConfigureAwait(false);
        result = result.And(await scale.GrowAsync(context, cancellation).ConfigureAwait(false));
        context.Observation = await collector.CollectAsync(type, cancellation).ConfigureAwait(false);
        result = result.And(await placement.ReconcileAsync(context, cancellation).ConfigureAwait(false));
        result = result.And(await scale.ShrinkAsync(context, cancellation).ConfigureAwait(false));
        result = result.And(await rolling.ReconcileAsync(context, cancellation).ConfigureAwait(false));
        var written = await status.ReconcileAsync(context, cancellation).ConfigureAwait(false);

        // While anything is still moving, look again soon even without an event: node state (leaders,
        // lag) is not in the API, so no watch would wake us.
        return result.And(written).And(context.Progress.Count > 0 ? ReconcileResult.After(PlacementReconciler.PollInterval) : ReconcileResult.Done);
    }
}
