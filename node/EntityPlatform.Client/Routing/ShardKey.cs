namespace EntityPlatform.Client.Routing;

/// <summary>One shard of one entity type: the unit that has a leader.</summary>
internal readonly record struct ShardKey(string EntityType, int Shard)
{
    public override string ToString() => $"{EntityType}/{Shard}";
}
