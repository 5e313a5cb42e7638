using System.Text.Json;
using System.Text.Json.Serialization;

namespace EntityPlatform.Operator.Builders;

/// <summary>
/// The cluster file a node reads at start (<c>run --cluster</c>), as JSON: the wire contract of
/// node/EntityPlatform.Node/Hosting/ClusterFile.cs (camelCase names, nulls left out). The operator keeps
/// its own copy of the shape instead of referencing the whole node host; the end-to-end test parses what
/// it writes with the node's own loader, so a drift fails there.
/// </summary>
public sealed record ClusterDocument(
    IReadOnlyList<ClusterDocument.EntityTypeEntry> EntityTypes,
    IReadOnlyList<ClusterDocument.NodeEntry> Nodes,
    ClusterDocument.PlacementEntry Placement,
    ClusterDocument.RaftEntry? Raft,
    string? ClusterId = null,
    bool? Founded = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Null when the text is not a cluster document (a ConfigMap edited by hand, say).</summary>
    public static ClusterDocument? TryParse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            var document = JsonSerializer.Deserialize<ClusterDocument>(json, Json);
            return document?.Placement?.Shards is null ? null : document;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary><paramref name="EventsMaxAge"/> and <paramref name="EventsMaxBytes"/> are spec.events.retention as written; null (left out of the JSON) keeps the node's default.</summary>
    public sealed record EntityTypeEntry(string Name, int Shards, string? EventsMaxAge = null, string? EventsMaxBytes = null);

    public sealed record NodeEntry(ulong Id, string Address, string? HttpAddress = null, string? ClientAddress = null);

    public sealed record PlacementEntry(long Version, IReadOnlyList<ShardEntry> Shards);

    public sealed record ShardEntry(string EntityType, int Shard, IReadOnlyList<ulong> Replicas);

    public sealed record RaftEntry(int TickMs, int ElectionTicks, int HeartbeatTicks);
}
