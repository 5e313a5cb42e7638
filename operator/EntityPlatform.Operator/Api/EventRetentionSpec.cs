using System.ComponentModel;
using EntityPlatform.Operator.Crd;

namespace EntityPlatform.Operator.Api;

/// <summary>
/// spec.events.retention in the manifest form the node parses (node/EntityPlatform.Storage/Events/EventRetention.cs),
/// passed through the cluster file as eventsMaxAge/eventsMaxBytes. The patterns accept a subset of what the node
/// parses, bounded so that no accepted value overflows it (6 digits with a suffix, 18 without).
/// </summary>
[Description("Event retention per shard replica: events older than maxAge, and the oldest events beyond maxBytes, may be trimmed. A field left out is unbounded in that dimension.")]
[Rule("has(self.maxAge) || has(self.maxBytes)",
    "events.retention needs maxAge, maxBytes or both; leave retention out for the default (7d and 1Gi)")]
public sealed class EventRetentionSpec
{
    public const string AgePattern = "^[1-9][0-9]{0,5}[smhd]$";
    public const string BytesPattern = "^([1-9][0-9]{0,5}(Ki|Mi|Gi|Ti)|[1-9][0-9]{0,17})$";

    [Pattern(AgePattern)]
    [Description("Maximum age of a retained event: a positive number and a unit s, m, h or d, e.g. 7d or 90m.")]
    public string? MaxAge { get; set; }

    [Pattern(BytesPattern)]
    [Description("Maximum size of a replica's event log for one shard: a positive byte count with an optional suffix Ki, Mi, Gi or Ti, e.g. 1Gi.")]
    public string? MaxBytes { get; set; }
}
