using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;

namespace EntityPlatform.Operator.Reconcile;

/// <summary>
/// What one pass saw: the pods (ready or not) and every reachable ready pod's replicas, per shard.
/// Built once per pass and read by every sub-reconciler, so they all decide on the same snapshot.
/// </summary>
public sealed class ClusterObservation(IReadOnlyList<V1Pod> pods, IReadOnlyDictionary<int, List<ReplicaObservation>> shards, IReadOnlySet<string> unreachable)
{
    public IReadOnlyList<V1Pod> Pods => pods;

    /// <summary>Ready pods whose admin API did not answer.</summary>
    public IReadOnlySet<string> Unreachable => unreachable;

    public IReadOnlyList<ReplicaObservation> Replicas(int shard) => shards.TryGetValue(shard, out var list) ? list : [];

    public string? Leader(int shard) => Replicas(shard).FirstOrDefault(replica => replica.Role == ReplicaRole.Leader)?.Pod;

    public static bool IsReady(V1Pod pod) => pod.Metadata.DeletionTimestamp is null
        && (pod.Status?.Conditions?.Any(condition => condition.Type == "Ready" && condition.Status == "True") ?? false);

    public IEnumerable<V1Pod> ReadyPods => pods.Where(IsReady);

    public V1Pod? Pod(string name) => pods.FirstOrDefault(pod => pod.Metadata.Name == name);

    /// <summary>
    /// The shard runs exactly on <paramref name="target"/>: those pods report a voting replica, no other pod
    /// does, one of them leads, and every follower has caught up (the leader's lag is its slowest follower's).
    /// </summary>
    public bool Converged(int shard, IReadOnlyList<string> target)
    {
        var replicas = Replicas(shard);
        var voters = replicas.Where(replica => replica.Role is not ReplicaRole.Learner).Select(replica => replica.Pod).ToHashSet();
        return voters.SetEquals(target) && replicas.All(replica => target.Contains(replica.Pod))
            && replicas.Any(replica => replica.Role == ReplicaRole.Leader)
            && replicas.All(replica => replica.Lag == 0);
    }
}
