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

    /// <summary>
    /// The session is unknown and at or below the expiry watermark: it may have expired after applying this
    /// very request, so the request must not be applied; the client must start a new session.
    /// </summary>
    Expired = 3,
}
