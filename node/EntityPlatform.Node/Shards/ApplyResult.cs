namespace EntityPlatform.Node.Shards;

/// <summary>
/// The outcome of applying one log entry: the reply to hand a waiting client, whether it was a retry, and
/// whether it was skipped because its session had expired (then nothing was applied).
/// </summary>
public readonly record struct ApplyResult(ShardEntry Entry, CommandReply Reply, bool WasDuplicate, bool SessionExpired = false);
