using k8s.Models;
using EntityPlatform.Operator.Api;
using EntityPlatform.Operator.Builders;
using EntityPlatform.Placement;

namespace EntityPlatform.Operator.Reconcile;

/// <summary>
/// The shared <see cref="EntityTypeContract"/> (the same checks local mode makes), then the checks the
/// schema cannot make against what is running: the shard count and the hosted name are fixed once
/// shards exist, and the volumes once the StatefulSet exists (the CRD's CEL rules guard both, but a CRD
/// installed without them, or an EntityType recreated under the same name over live objects, must not
/// reshuffle every entity or wedge on a 422). Returns a message naming the field, or null. Pure.
/// </summary>
public static class SpecValidator
{
    public static string? Validate(EntityType type, ClusterDocument? running, V1StatefulSet? statefulSet = null)
    {
        var spec = type.Spec;
        var raft = spec.RaftOrDefaults();
        var errors = EntityTypeContract.Check(type.Metadata.Name ?? "", spec.Shards, spec.ReplicationFactorOrDefault(), spec.Nodes,
            raft.TickMs, raft.ElectionTicks, raft.HeartbeatTicks).Concat(PodTemplateRules.Check(spec)).ToList();
        if (errors.Count > 0)
        {
            return string.Join("; ", errors);
        }

        if (statefulSet is not null && StorageChange(type, statefulSet) is { } storage)
        {
            return storage;
        }

        var hosted = running?.EntityTypes.FirstOrDefault();
        if (hosted is not null && hosted.Shards != spec.Shards)
        {
            return $"spec.shards: {spec.Shards} differs from the {hosted.Shards} shards this EntityType was created with; the shard count is immutable (entity ids hash to a shard), so the running shards are left as they are";
        }

        if (hosted is not null && hosted.Name != ObjectNames.HostedEntityType(type))
        {
            return $"metadata.name: the running shards host '{hosted.Name}', not '{ObjectNames.HostedEntityType(type)}'; renaming the hosted entity type is not supported, so the running shards are left as they are";
        }

        return null;
    }

    /// <summary>
    /// A StatefulSet's volumeClaimTemplates are immutable (the API server answers 422 to any change), so
    /// a spec.storage that differs from the running claims is refused here, with the field named.
    /// </summary>
    private static string? StorageChange(EntityType type, V1StatefulSet statefulSet)
    {
        var running = statefulSet.Spec.VolumeClaimTemplates?.FirstOrDefault()?.Spec;
        if (running is null)
        {
            return null;
        }

        var desired = StatefulSetBuilder.VolumeClaim(type.Spec.Storage).Spec;
        var runningSize = running.Resources?.Requests?.ValueOrDefault("storage")?.ToString();
        var desiredSize = desired.Resources?.Requests?.ValueOrDefault("storage")?.ToString();
        if (runningSize != desiredSize || running.StorageClassName != desired.StorageClassName)
        {
            return $"spec.storage: size {desiredSize}, class {desired.StorageClassName ?? "(default)"} differs from the running volumes' size {runningSize}, class {running.StorageClassName ?? "(default)"}; "
                + "a StatefulSet's volumeClaimTemplates are immutable, so the volumes stay as they are (restore spec.storage, or create a new EntityType)";
        }

        return null;
    }
}
