namespace EntityPlatform.Placement;

/// <summary>
/// A versioned placement of every shard. The version increases whenever the placement changes, so nodes
/// and the operator can tell a newer target from an older one.
/// </summary>
public sealed record ShardMap(long Version, IReadOnlyList<ShardPlacement> Shards)
{
    public static ShardMap Empty(int shards) =>
        new(0, Enumerable.Range(0, shards).Select(shard => new ShardPlacement(shard, [])).ToArray());

    public bool SamePlacementAs(ShardMap other) => Shards.SequenceEqual(other.Shards);

    public override string ToString() => $"v{Version} " + string.Join(", ", Shards);
}
