using EntityPlatform.Entities.Routing;

namespace EntityPlatform.Node.Scheduler;

/// <summary>
/// The entity types a cluster hosts and their fixed shard counts, in a fixed order shared by every node.
/// Raft group ids derive from it: <c>groupId = ordinal × 65536 + shard + 1</c>, so every node computes the
/// same id for the same shard without coordination.
/// </summary>
public sealed class ShardCatalog
{
    public const int MaxShardsPerType = 65_536;
    private readonly List<(string Name, int Shards)> types = [];

    public ShardCatalog Add(string entityType, int shards)
    {
        if (shards is < 1 or > MaxShardsPerType)
        {
            throw new ArgumentOutOfRangeException(nameof(shards), shards, $"shards for '{entityType}' must be 1..{MaxShardsPerType}");
        }

        if (types.Any(type => type.Name == entityType))
        {
            throw new ArgumentException($"entity type '{entityType}' is listed twice", nameof(entityType));
        }

        types.Add((entityType, shards));
        return this;
    }

    public IReadOnlyList<(string Name, int Shards)> Types => types;

    public int ShardCount(string entityType) => types[Ordinal(entityType)].Shards;

    public bool Hosts(string entityType) => types.Any(type => type.Name == entityType);

    public ShardId ShardOf(string entityType, string entityId) =>
        new(entityType, StableHash64.ShardOf(entityId, ShardCount(entityType)));

    public ulong GroupIdOf(ShardId shard) => ((ulong)Ordinal(shard.EntityType) * MaxShardsPerType) + (ulong)shard.Shard + 1;

    public ShardId ShardOfGroup(ulong groupId)
    {
        var ordinal = (int)((groupId - 1) / MaxShardsPerType);
        Invariant.Assert(groupId > 0 && ordinal < types.Count, $"group {groupId} is outside the catalog");
        return new ShardId(types[ordinal].Name, (int)((groupId - 1) % MaxShardsPerType));
    }

    public IEnumerable<ShardId> AllShards() =>
        types.SelectMany(type => Enumerable.Range(0, type.Shards).Select(shard => new ShardId(type.Name, shard)));

    private int Ordinal(string entityType)
    {
        var index = types.FindIndex(type => type.Name == entityType);
        return index >= 0 ? index : throw new KeyNotFoundException(
            $"entity type '{entityType}' is not hosted; known types: {string.Join(", ", types.Select(type => type.Name))}");
    }
}
