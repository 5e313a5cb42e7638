using EntityPlatform.Node.LocalMode;

namespace EntityPlatform.Client.Tests.Cluster;

/// <summary>The sample entity types as local mode would read them from crds/samples/local/demo.yaml, with fewer shards to keep tests quick.</summary>
public static class SampleTypes
{
    public static IReadOnlyList<EntityTypeManifest> Manifests(int shards) =>
    [
        new("counter", shards, ReplicationFactor: 3, Nodes: 3, TickMs: 10, ElectionTicks: 15, HeartbeatTicks: 3),
        new("accounts", shards, ReplicationFactor: 3, Nodes: 3, TickMs: 10, ElectionTicks: 15, HeartbeatTicks: 3),
        new("cart", Math.Max(1, shards / 2), ReplicationFactor: 3, Nodes: 3, TickMs: 10, ElectionTicks: 15, HeartbeatTicks: 3),
    ];
}
