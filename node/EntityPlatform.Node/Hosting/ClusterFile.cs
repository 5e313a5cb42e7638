using System.Text.Json;
using System.Text.Json.Serialization;
using EntityPlatform.Node.Scheduler;
using Contract = EntityPlatform.Placement.EntityTypeContract;

namespace EntityPlatform.Node.Hosting;

/// <summary>
/// What every node of a cluster must agree on, written by local mode's supervisor (or mounted from the
/// operator's placement ConfigMap): the entity types and shard counts, the nodes' addresses, the initial
/// placement and the Raft timings (defaults: EntityTypeContract, shared with the operator). Later placements arrive through the admin API.
/// </summary>
public sealed record ClusterFile
{
    public required IReadOnlyList<EntityTypeEntry> EntityTypes { get; init; }
    public required IReadOnlyList<NodeEntry> Nodes { get; init; }
    public required PlacementEntry Placement { get; init; }
    public RaftTimings Raft { get; init; } = new();

    /// <summary>
    /// Names the cluster; each node's identity marker records it, and a data directory of another cluster is
    /// refused. Optional (older files have none): then only the node id is checked.
    /// </summary>
    public string? ClusterId { get; init; }

    /// <summary>
    /// Set by whoever runs the nodes (local mode, the operator) once the cluster has elected its leaders. A
    /// node that then finds its data directory empty does not found the groups again (that empty replica
    /// would vote as if it remembered what it had acknowledged); it refuses to start, or rejoins when
    /// started with <c>--rejoin</c> or <c>--auto-rejoin</c>. A placement version above 1 implies it.
    /// </summary>
    public bool? Founded { get; init; }

    /// <summary>Whether this cluster has been founded already (see <see cref="Founded"/>).</summary>
    public bool IsFounded => Founded == true || Placement.Version > 1;

    /// <summary>
    /// Trust domain, token issuers and access rules (docs/security.md). Required when nodes run with TLS
    /// (<c>--tls-dir</c>); then every node address is https://.
    /// </summary>
    public Security.ClusterSecurity? Security { get; init; }

    /// <summary>An entity type; <paramref name="EventsMaxAge"/> and <paramref name="EventsMaxBytes"/> are spec.events.retention in the manifest form ("7d", "1Gi"); both null keep the default.</summary>
    public sealed record EntityTypeEntry(string Name, int Shards, string? EventsMaxAge = null, string? EventsMaxBytes = null);
    /// <summary><paramref name="Address"/> is the node's INTERNAL port (peers, admin); <paramref name="ClientAddress"/> its client port.</summary>
    public sealed record NodeEntry(ulong Id, string Address, string? HttpAddress = null, string? ClientAddress = null);
    public sealed record PlacementEntry(long Version, IReadOnlyList<ShardEntry> Shards);
    public sealed record ShardEntry(string EntityType, int Shard, IReadOnlyList<ulong> Replicas);
    public sealed record RaftTimings(int TickMs = Contract.DefaultTickMs, int ElectionTicks = Contract.DefaultElectionTicks, int HeartbeatTicks = Contract.DefaultHeartbeatTicks, int QuiesceAfterIdleTicks = 200, ulong SnapshotEveryEntries = 10_000);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static ClusterFile Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ClusterFile>(File.ReadAllText(path), Json)
                ?? throw new ArgumentException($"cluster file {path} is empty");
        }
        catch (JsonException error)
        {
            throw new ArgumentException($"cluster file {path} is not valid: {error.Message}", error);
        }
    }

    public void Save(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }

    public ShardCatalog Catalog()
    {
        var catalog = new ShardCatalog();
        foreach (var type in EntityTypes)
        {
            catalog.Add(type.Name, type.Shards);
        }

        return catalog;
    }

    public NodePlacement NodePlacement() => new(Placement.Version,
        Placement.Shards.ToDictionary(shard => new ShardId(shard.EntityType, shard.Shard), shard => shard.Replicas));
}
