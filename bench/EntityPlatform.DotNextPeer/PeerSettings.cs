namespace EntityPlatform.DotNextPeer;

/// <summary>
/// The peer's fixed tuning, in one place. Election timeouts are DotNext's own example's (150–300 ms), close to our
/// platform's 100–150 ms and well below etcd's 1 s, so a leader SIGKILL is judged on similar ground.
/// </summary>
public static class PeerSettings
{
    public const int LowerElectionTimeoutMs = 150;
    public const int UpperElectionTimeoutMs = 300;

    /// <summary>Below the lower election timeout, as DotNext's example sets it.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromMilliseconds(140);

    /// <summary>WAL chunk files of 4 MiB (DotNext's default is one memory page, a file per few dozen entries).</summary>
    public const int WalChunkBytes = 4 << 20;

    /// <summary>A snapshot of the whole map every 100,000 entries, so the WAL's older chunks can go.</summary>
    public const long SnapshotEveryEntries = 100_000;
}
