using EntityPlatform.Operator.Builders;
using EntityPlatform.Kubernetes.Client;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Kubernetes.Watching;

namespace EntityPlatform.Operator.Reconcile;

/// <summary>
/// The zone of the machine each pod runs on, for the placement planner: the label
/// <c>spec.topologySpreadKey</c> (topology.kubernetes.io/zone by default) of the Node named by the pod's
/// <c>spec.nodeName</c>. Pods do not carry their node's labels, so the Node is the only source. While
/// the controller runs, Nodes come from its cluster-wide informer (one list+watch; needs get/list/watch
/// on nodes through a ClusterRole even when the operator is namespaced); otherwise (tests driving one
/// pass) each Node is read with a GET. A pod not yet scheduled, or whose Node is gone or unlabelled,
/// has the zone "" (the planner then spreads over the other zones as it can).
/// </summary>
public sealed class NodeZones(KubernetesClient client)
{
    private volatile Informer<V1Node>? _informer;

    /// <summary>Serve lookups from <paramref name="informer"/> (a controller term's) until <see cref="Detach"/>.</summary>
    public void Attach(Informer<V1Node> informer) => _informer = informer;

    public void Detach() => _informer = null;

    public async Task<IReadOnlyDictionary<string, string>> ZonesAsync(IEnumerable<string?> nodeNames, string key, CancellationToken cancellation)
    {
        var zones = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in nodeNames.OfType<string>().Where(name => name.Length > 0).Distinct(StringComparer.Ordinal))
        {
            var informer = _informer;
            var node = informer is { HasSynced: true }
                ? informer.Get(new ObjectKey("", name))
                : await client.GetAsync<V1Node>("", name, cancellation).ConfigureAwait(false);
            zones[name] = node?.Metadata.Labels?.ValueOrDefault(key) ?? "";
        }

        return zones;
    }
}
