namespace EntityPlatform.Placement;

/// <summary>The nodes that hold one shard's replicas; the first is the preferred leader.</summary>
public sealed record ShardPlacement(int Shard, IReadOnlyList<string> Replicas)
{
    public string? PreferredLeader => Replicas.Count > 0 ? Replicas[0] : null;

    public bool Equals(ShardPlacement? other) => other is not null && Shard == other.Shard && Replicas.SequenceEqual(other.Replicas);

    public override int GetHashCode() => HashCode.Combine(Shard, Replicas.Count);

    public override string ToString() => $"{Shard}: [{string.Join(' ', Replicas)}]";
}
