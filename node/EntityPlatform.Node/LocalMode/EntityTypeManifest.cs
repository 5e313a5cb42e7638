using EntityPlatform.Placement;
using YamlDotNet.RepresentationModel;

namespace EntityPlatform.Node.LocalMode;

/// <summary>
/// The fields of an EntityType resource that local mode uses, read from the same YAML the operator takes
/// (multi-document files allowed), with the operator's defaults and checks (<see cref="EntityTypeContract"/>).
/// Errors name the file, the document and the field.
/// </summary>
public sealed record EntityTypeManifest(string Name, int Shards, int ReplicationFactor, int Nodes, int TickMs, int ElectionTicks, int HeartbeatTicks)
{
    /// <summary>spec.events.retention.maxAge as written ("7d"); null when not set.</summary>
    public string? EventsMaxAge { get; init; }

    /// <summary>spec.events.retention.maxBytes as written ("1Gi"); null when not set.</summary>
    public string? EventsMaxBytes { get; init; }

    public static IReadOnlyList<EntityTypeManifest> Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        var manifests = new List<EntityTypeManifest>();
        for (var i = 0; i < stream.Documents.Count; i++)
        {
            if (stream.Documents[i].RootNode is not YamlMappingNode root || root.Children.Count == 0)
            {
                continue;
            }

            manifests.Add(Parse(root, $"{path} document {i + 1}"));
        }

        return manifests;
    }

    private static EntityTypeManifest Parse(YamlMappingNode root, string where)
    {
        if (Scalar(root, "kind") != "EntityType")
        {
            throw new ArgumentException($"{where}: kind is '{Scalar(root, "kind")}'; expected EntityType");
        }

        // The operator reads the same fields with the same defaults and the same checks (EntityTypeContract).
        var metadata = Mapping(root, "metadata", where);
        var spec = Mapping(root, "spec", where);
        var raft = spec.Children.TryGetValue(new YamlScalarNode("raft"), out var raftNode) ? raftNode as YamlMappingNode : null;
        var manifest = new EntityTypeManifest(
            Scalar(metadata, "name") ?? throw new ArgumentException($"{where}: metadata.name is required"),
            Int(spec, "shards", where, null),
            Int(spec, "replicationFactor", where, EntityTypeContract.DefaultReplicationFactor),
            Int(spec, "nodes", where, EntityTypeContract.DefaultNodes),
            raft is null ? EntityTypeContract.DefaultTickMs : Int(raft, "tickMs", where, EntityTypeContract.DefaultTickMs),
            raft is null ? EntityTypeContract.DefaultElectionTicks : Int(raft, "electionTicks", where, EntityTypeContract.DefaultElectionTicks),
            raft is null ? EntityTypeContract.DefaultHeartbeatTicks : Int(raft, "heartbeatTicks", where, EntityTypeContract.DefaultHeartbeatTicks))
        {
            EventsMaxAge = Retention(spec, "maxAge"),
            EventsMaxBytes = Retention(spec, "maxBytes"),
        };
        // Checked here so a bad value names the manifest, not a node's start.
        _ = EntityPlatform.Storage.Events.EventRetention.Parse(manifest.EventsMaxAge, manifest.EventsMaxBytes, where);
        var errors = EntityTypeContract.Check(manifest.Name, manifest.Shards, manifest.ReplicationFactor, manifest.Nodes,
            manifest.TickMs, manifest.ElectionTicks, manifest.HeartbeatTicks);
        return errors.Count == 0 ? manifest : throw new ArgumentException($"{where}: {string.Join("; ", errors)}");
    }

    private static YamlMappingNode Mapping(YamlMappingNode parent, string key, string where) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlMappingNode mapping
            ? mapping
            : throw new ArgumentException($"{where}: '{key}' is required and must be a mapping");

    /// <summary>spec.events.retention.KEY, or null when any level is missing.</summary>
    private static string? Retention(YamlMappingNode spec, string key) =>
        spec.Children.TryGetValue(new YamlScalarNode("events"), out var events) && events is YamlMappingNode eventsMap &&
        eventsMap.Children.TryGetValue(new YamlScalarNode("retention"), out var retention) && retention is YamlMappingNode retentionMap
            ? Scalar(retentionMap, key)
            : null;

    private static string? Scalar(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (node as YamlScalarNode)?.Value : null;

    private static int Int(YamlMappingNode parent, string key, string where, int? fallback)
    {
        var text = Scalar(parent, key);
        if (text is null)
        {
            return fallback ?? throw new ArgumentException($"{where}: spec.{key} is required");
        }

        return int.TryParse(text, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{where}: spec.{key} is '{text}'; expected a positive integer");
    }
}
