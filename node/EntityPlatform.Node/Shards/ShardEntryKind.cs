namespace EntityPlatform.Node.Shards;

/// <summary>What a shard log entry records.</summary>
public enum ShardEntryKind : byte
{
    /// <summary>A command the leader decided into events.</summary>
    Accepted = 1,

    /// <summary>A command the leader rejected; logged so a retry gets the same rejection.</summary>
    Rejected = 2,
}
