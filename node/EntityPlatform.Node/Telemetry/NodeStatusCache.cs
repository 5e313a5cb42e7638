using EntityPlatform.Node.Scheduler;

namespace EntityPlatform.Node.Telemetry;

/// <summary>
/// Holds the latest <see cref="NodeStatusSnapshot"/>. Whoever already reads the status from the loop
/// (NodeHealth, every <c>NodeHealth.Period</c>, bounded) publishes it here; readers never touch the loop.
/// </summary>
public sealed class NodeStatusCache(TimeProvider clock)
{
    private NodeStatusSnapshot? latest;

    public TimeProvider Clock => clock;

    /// <summary>The last published snapshot, or null before the first one.</summary>
    public NodeStatusSnapshot? Latest => Volatile.Read(ref latest);

    public void Publish(IReadOnlyList<ShardReplicaStatus> replicas, long placementVersion) =>
        Volatile.Write(ref latest, new NodeStatusSnapshot(replicas, placementVersion, clock.GetTimestamp()));

    /// <summary>Seconds since the last snapshot was taken; null before the first one.</summary>
    public double? AgeSeconds() => Latest is { } snapshot ? clock.GetElapsedTime(snapshot.TakenTimestamp).TotalSeconds : null;
}
