namespace EntityPlatform.Node.Shards;

/// <summary>The outcome of applying one log entry: the reply to hand a waiting client, and whether it was a retry.</summary>
public readonly record struct ApplyResult(ShardEntry Entry, CommandReply Reply, bool WasDuplicate);
