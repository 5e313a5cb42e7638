using k8s;
using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Operator.Api;

namespace EntityPlatform.Operator.Reconcile;

/// <summary>
/// Writes the pass's status through the status subresource, once, and only when it differs from the
/// stored one. The write carries the resourceVersion the pass read, so a concurrent change to the
/// EntityType is a conflict and the pass runs again on fresh data. Records an Event when a condition flips.
/// </summary>
public sealed class StatusReconciler(KubernetesClient client, EventRecorder events, TimeProvider time)
{
    public async Task<ReconcileResult> ReconcileAsync(ReconcileContext context, CancellationToken cancellation)
    {
        await WriteAsync(context.Type, StatusBuilder.Build(context, time.GetUtcNow()), cancellation).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    /// <summary>The pass of a paused EntityType: only the Paused condition is written, nothing else is read or touched.</summary>
    public async Task<ReconcileResult> PausedAsync(EntityType type, CancellationToken cancellation)
    {
        await WriteAsync(type, StatusBuilder.Paused(type, time.GetUtcNow()), cancellation).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    private async Task WriteAsync(EntityType type, EntityTypeStatus status, CancellationToken cancellation)
    {
        if (type.Status is not null && KubernetesJson.Serialize(type.Status) == KubernetesJson.Serialize(status))
        {
            return;
        }

        var before = type.Status?.Conditions?.ToDictionary(condition => condition.Type, condition => condition.Status) ?? [];
        type.Status = status;
        await client.UpdateStatusAsync(type, cancellation).ConfigureAwait(false);
        // A first Paused=False is the normal state, not news.
        foreach (var condition in status.Conditions!.Where(condition => before.GetValueOrDefault(condition.Type) != condition.Status
            && !(condition.Type == ConditionTypes.Paused && condition.Status == "False" && !before.ContainsKey(condition.Type))))
        {
            var warning = condition.Type == ConditionTypes.Degraded && condition.Status == "True";
            await events.RecordAsync(type, warning ? "Warning" : "Normal", $"{condition.Type}{condition.Status}", condition.Message, cancellation).ConfigureAwait(false);
        }
    }
}
