using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Builders;

namespace EntityPlatform.Operator.Reconcile;

/// <summary>
/// Checks the schema cannot make against what is running: the shard count and the entity name are
/// fixed once shards exist (the CRD's CEL rule guards shards too, but a CRD installed without it, or an
/// EntityType recreated under the same name over a live ConfigMap, must not reshuffle every entity).
/// Returns a message naming the field, or null. Pure.
/// </summary>
public static class SpecValidator
{
    public static string? Validate(EntityType type, ClusterDocument? running)
    {
        var spec = type.Spec;
        var replicationFactor = spec.ReplicationFactor ?? 3;
        if (replicationFactor is < 1 or > 7 || replicationFactor % 2 == 0)
        {
            return $"spec.replicationFactor: {replicationFactor} is not allowed; expected an odd number from 1 to 7";
        }

        if (spec.Nodes < replicationFactor)
        {
            return $"spec.nodes: {spec.Nodes} is less than spec.replicationFactor {replicationFactor}; two replicas of one shard never share a pod";
        }

        if (spec.Raft is { } raft && (raft.ElectionTicks ?? 10) <= (raft.HeartbeatTicks ?? 1))
        {
            return $"spec.raft.electionTicks: {raft.ElectionTicks} must be greater than spec.raft.heartbeatTicks {raft.HeartbeatTicks}";
        }

        if (running is null)
        {
            return null;
        }

        var hosted = running.EntityTypes.FirstOrDefault();
        if (hosted is not null && hosted.Shards != spec.Shards)
        {
            return $"spec.shards: {spec.Shards} differs from the {hosted.Shards} shards this EntityType was created with; the shard count is immutable (entity ids hash to a shard), so the running shards are left as they are";
        }

        if (hosted is not null && hosted.Name != spec.Entity)
        {
            return $"spec.entity: '{spec.Entity}' differs from '{hosted.Name}' that the running shards host; renaming the hosted entity type is not supported, so the running shards are left as they are";
        }

        return null;
    }
}
