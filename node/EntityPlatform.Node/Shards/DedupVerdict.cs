namespace EntityPlatform.Node.Shards;

/// <summary>How a command's (session, request id) relates to what the shard already applied.</summary>
public enum DedupVerdict : byte
{
    /// <summary>Never seen: decide and apply it.</summary>
    New = 0,

    /// <summary>The session's latest request, already applied: answer with the recorded reply.</summary>
    Duplicate = 1,

    /// <summary>Older than the session's latest request: its reply is gone, and applying it would be wrong.</summary>
    Stale = 2,
}
