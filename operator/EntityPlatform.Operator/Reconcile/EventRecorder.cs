using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Errors;
using EntityPlatform.Operator.Api;
using k8s;
using k8s.Models;

namespace EntityPlatform.Operator.Reconcile;

/// <summary>
/// Records Events on an EntityType (what <c>kubectl describe</c> shows). The same reason and message
/// for the same object is recorded once until it changes, because level-triggered passes repeat.
/// Failing to record is never fatal: Events are best effort.
/// </summary>
public sealed class EventRecorder(KubernetesClient client, TimeProvider time, string instance)
{
    private const int MaxRemembered = 4096;
    private readonly Dictionary<string, string> _last = [];
    private readonly Lock _lock = new();

    public async Task RecordAsync(EntityType type, string eventType, string reason, string message, CancellationToken cancellation)
    {
        var key = $"{type.Metadata.NamespaceProperty}/{type.Metadata.Name}/{reason}";
        lock (_lock)
        {
            if (_last.GetValueOrDefault(key) == message)
            {
                return;
            }

            if (_last.Count >= MaxRemembered)
            {
                _last.Clear();
            }

            _last[key] = message;
        }

        var now = time.GetUtcNow();
        try
        {
            var ns = type.Metadata.NamespaceProperty!;
            await client.Api.CoreV1.CreateNamespacedEventAsync(new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = $"{type.Metadata.Name}.{now.UtcTicks:x}", NamespaceProperty = ns },
                InvolvedObject = new V1ObjectReference
                {
                    ApiVersion = type.ApiVersion, Kind = type.Kind, Name = type.Metadata.Name,
                    NamespaceProperty = ns, Uid = type.Metadata.Uid,
                },
                Type = eventType,
                Reason = reason,
                Message = message.Length > 1024 ? message[..1024] : message,
                FirstTimestamp = now.UtcDateTime,
                LastTimestamp = now.UtcDateTime,
                Count = 1,
                ReportingComponent = "entityplatform-operator",
                ReportingInstance = instance,
                Source = new V1EventSource { Component = "entityplatform-operator" },
            }, ns, cancellationToken: cancellation).ConfigureAwait(false);
        }
        catch (KubernetesApiException)
        {
            // Best effort: a lost Event must not fail a reconcile.
        }
    }
}
