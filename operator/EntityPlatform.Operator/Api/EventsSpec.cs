using System.ComponentModel;

namespace EntityPlatform.Operator.Api;

[Description("The committed events every replica keeps for subscribers (EntityService.Subscribe), apart from the Raft log.")]
public sealed class EventsSpec
{
    [Description("How much of each shard's event log a replica keeps; left out, 7 days and 1Gi, whichever is reached first.")]
    public EventRetentionSpec? Retention { get; set; }
}
