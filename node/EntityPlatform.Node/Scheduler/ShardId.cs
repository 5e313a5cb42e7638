namespace EntityPlatform.Node.Scheduler;

/// <summary>One shard of one entity type. Its Raft group id comes from the <see cref="ShardCatalog"/>.</summary>
public readonly record struct ShardId(string EntityType, int Shard)
{
    public override string ToString() => $"{EntityType}/{Shard}";
}
