using System.ComponentModel;

namespace EntityPlatform.Operator.Api;

[Description("Shard counts.")]
public sealed class ShardCounts
{
    [Description("Number of shards.")]
    public int Total { get; set; }

    [Description("Shards that have a leader.")]
    public int WithLeader { get; set; }

    [Description("Shards with fewer caught-up replicas than replicationFactor.")]
    public int UnderReplicated { get; set; }
}
