using EntityPlatform.Kubernetes.Watching;
using EntityPlatform.Operator.Reconcile;

namespace EntityPlatform.Operator.Controller;

/// <summary>Brings one object's world to its desired state. Throwing means "retry with backoff".</summary>
public interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellation);
}
