namespace EntityPlatform.Placement;

/// <summary>The planner's input. <see cref="Current"/> is null for a new entity type.</summary>
public sealed record PlacementRequest(int Shards, int ReplicationFactor, IReadOnlyList<PlacementNode> ReadyNodes, ShardMap? Current)
{
    /// <summary>Returns null when the request is usable, else a sentence naming the bad input.</summary>
    public string? Validate()
    {
        if (Shards is < 1 or > 65_536)
        {
            return $"shards is {Shards}; expected 1..65536";
        }

        if (ReplicationFactor is < 1 or > 7 || ReplicationFactor % 2 == 0)
        {
            return $"replicationFactor is {ReplicationFactor}; expected an odd number from 1 to 7";
        }

        var duplicate = ReadyNodes.GroupBy(node => node.Name).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            return $"node '{duplicate.Key}' is listed twice";
        }

        if (Current is not null && Current.Shards.Count != Shards)
        {
            return $"the current placement has {Current.Shards.Count} shards, but shards is {Shards}; the shard count is fixed when an entity type is created";
        }

        return null;
    }
}
