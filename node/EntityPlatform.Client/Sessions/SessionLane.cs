namespace EntityPlatform.Client.Sessions;

/// <summary>
/// A deduplication session with strictly sequential request ids and at most one command in flight. The
/// server's dedup table keeps, per shard, only each session's latest request id and reply, so two
/// commands of one session racing to a shard would make the older one "stale" and refused. A lane never
/// has two commands out at once, so every retry is of its latest request, which the server recognizes.
/// </summary>
internal sealed class SessionLane(Guid id)
{
    private ulong lastRequestId;

    public Guid Id => id;

    /// <summary>Cached because it goes out with every command.</summary>
    public string IdText { get; } = id.ToString();

    /// <summary>The next request id; only the lane's current holder calls this.</summary>
    public ulong NextRequestId() => ++lastRequestId;
}
