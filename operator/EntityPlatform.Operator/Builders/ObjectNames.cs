using EntityPlatform.Operator.Api;

namespace EntityPlatform.Operator.Builders;

/// <summary>
/// Names, labels and ports of the objects an EntityType owns. Everything is derived from the EntityType's
/// name, so every piece of the operator (and a human with kubectl) finds them without a lookup.
/// </summary>
public static class ObjectNames
{
    public const string EntityTypeLabel = "entityplatform.io/entity-type";
    public const string TemplateHashAnnotation = "entityplatform.io/template-hash";
    public const string RaftTimingsAnnotation = "entityplatform.io/raft-timings";
    public const string EventsRetentionAnnotation = "entityplatform.io/events-retention";
    public const string PlacementKey = "cluster.json";
    public const string Finalizer = "entityplatform.io/finalizer";

    /// <summary>Annotation prefix the operator owns on EntityTypes and pod templates.</summary>
    public const string ReservedPrefix = "entityplatform.io/";

    /// <summary>On an EntityType, "true" pauses reconciliation: the operator changes nothing for it until removed.</summary>
    public const string PausedAnnotation = "entityplatform.io/paused";
    public const string FieldManager = "entityplatform-operator";
    /// <summary>The client port: EntityService only; the client Service exposes nothing else.</summary>
    public const int GrpcPort = 7100;
    /// <summary>The internal port: the peer transport and the admin API, reached through the headless Service.</summary>
    public const int InternalPort = 7200;
    public const int HttpPort = 8100;
    public const string DataPath = "/var/lib/entityplatform";
    public const string ConfigPath = "/etc/entityplatform";

    public static bool IsPaused(EntityType type) => type.Metadata.Annotations?.ValueOrDefault(PausedAnnotation) == "true";

    public static string StatefulSet(EntityType type) => Name(type);

    public static string PeerService(EntityType type) => Name(type) + "-peers";

    public static string ClientService(EntityType type) => Name(type);

    public static string DisruptionBudget(EntityType type) => Name(type);

    public static string PlacementConfigMap(EntityType type) => Name(type) + "-placement";

    public static string Pod(EntityType type, int ordinal) => $"{Name(type)}-{ordinal}";

    /// <summary>Node ids are ordinal + 1: Raft reserves 0 for "no node".</summary>
    public static ulong NodeId(int ordinal) => (ulong)ordinal + 1;

    /// <summary>The ordinal of a pod named NAME-N, or -1 when the name has another shape.</summary>
    public static int Ordinal(EntityType type, string podName)
    {
        var prefix = Name(type) + "-";
        return podName.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(podName.AsSpan(prefix.Length), out var ordinal) && ordinal >= 0
            ? ordinal
            : -1;
    }

    /// <summary>Labels of every owned object; <see cref="Selector"/> is the subset pods are selected by.</summary>
    public static Dictionary<string, string> Labels(EntityType type) => new()
    {
        ["app.kubernetes.io/name"] = "entityplatform-node",
        ["app.kubernetes.io/instance"] = Name(type),
        ["app.kubernetes.io/managed-by"] = "entityplatform-operator",
        [EntityTypeLabel] = Name(type),
    };

    /// <summary>
    /// The entity type the nodes host, as the node image registers it: metadata.name, as in local mode
    /// (EntityTypeContract). Registry lookups are ordinal, so this is the exact string.
    /// </summary>
    public static string HostedEntityType(EntityType type) => Name(type);

    public static Dictionary<string, string> Selector(EntityType type) => new() { [EntityTypeLabel] = Name(type) };

    public static string SelectorQuery(EntityType type) => $"{EntityTypeLabel}={Name(type)}";

    private static string Name(EntityType type) =>
        type.Metadata.Name ?? throw new ArgumentException("EntityType: metadata.name is required");
}
