using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Operator.Builders;
using EntityPlatform.Operator.Controller;
using EntityPlatform.Operator.Nodes;
using EntityPlatform.Operator.Reconcile;

namespace EntityPlatform.Operator.Host;

/// <summary>Wires the reconciler graph; the host and the tests build it the same way.</summary>
public static class OperatorComponents
{
    public static EntityTypeReconciler Reconciler(KubernetesClient client, INodeAdmin admin, INodeAddresses addresses, TimeProvider time, string instance)
    {
        var events = new EventRecorder(client, time, instance);
        return new EntityTypeReconciler(
            client,
            new ObservationCollector(client, admin, addresses),
            new FinalizerReconciler(client),
            new OwnedObjectsReconciler(client, addresses),
            new ScaleReconciler(client, events),
            new PlacementReconciler(client, admin, addresses, events),
            new RollingUpdateReconciler(client, admin, addresses, events),
            new StatusReconciler(client, events, time),
            new FailureReporter(client, events, time),
            events);
    }
}
