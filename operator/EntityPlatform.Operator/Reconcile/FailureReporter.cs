using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Api;

namespace EntityPlatform.Operator.Reconcile;

/// <summary>
/// Makes a failed pass visible where users look: the Degraded condition (reason ReconcileFailed)
/// carries the API server's own message, and a Warning Event records it. The pass still fails, so the
/// work queue retries it with backoff; the next successful pass writes Degraded from what it sees.
/// Best effort: a failure to report never hides the original error.
/// </summary>
public sealed class FailureReporter(KubernetesClient client, EventRecorder events, TimeProvider time)
{
    public const string Reason = "ReconcileFailed";

    public async Task ReportAsync(EntityType type, KubernetesApiException error, CancellationToken cancellation)
    {
        var message = error.Status?.Message is { Length: > 0 } text ? text : error.Message;
        await events.RecordAsync(type, "Warning", Reason, message, cancellation).ConfigureAwait(false);
        var status = type.Status ?? new EntityTypeStatus();
        var conditions = (status.Conditions ?? []).Where(condition => condition.Type != ConditionTypes.Degraded).ToList();
        var previous = status.Conditions?.FirstOrDefault(condition => condition.Type == ConditionTypes.Degraded);
        if (previous is { Status: "True", Reason: Reason } && previous.Message == message)
        {
            return;
        }

        conditions.Add(new V1Condition
        {
            Type = ConditionTypes.Degraded,
            Status = "True",
            Reason = Reason,
            Message = message.Length > 32_000 ? message[..32_000] : message,
            ObservedGeneration = type.Metadata.Generation,
            LastTransitionTime = previous?.Status == "True" ? previous.LastTransitionTime : time.GetUtcNow().UtcDateTime,
        });
        status.Conditions = conditions;
        type.Status = status;
        try
        {
            await client.UpdateStatusAsync(type, cancellation).ConfigureAwait(false);
        }
        catch (KubernetesApiException)
        {
            // A conflict or another failure: the retried pass reports again on fresh data.
        }
    }
}
