namespace EntityPlatform.Kubernetes.Watching;

/// <summary>
/// Counters of an informer's loop, for metrics and for tests that prove a branch was taken (a relist
/// after 410, a watchdog restart). Updated with Interlocked; read at any time.
/// </summary>
public sealed class InformerStats
{
    private long _lists;
    private long _watches;
    private long _goneRelists;
    private long _idleRestarts;
    private long _failures;
    private long _events;
    private long _bookmarks;

    public long Lists => Interlocked.Read(ref _lists);

    public long Watches => Interlocked.Read(ref _watches);

    public long GoneRelists => Interlocked.Read(ref _goneRelists);

    public long IdleRestarts => Interlocked.Read(ref _idleRestarts);

    /// <summary>Dropped connections and other failures that the loop recovered from.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    public long Events => Interlocked.Read(ref _events);

    public long Bookmarks => Interlocked.Read(ref _bookmarks);

    internal void Listed() => Interlocked.Increment(ref _lists);

    internal void Watched() => Interlocked.Increment(ref _watches);

    internal void Gone() => Interlocked.Increment(ref _goneRelists);

    /// <summary>Relists after a 504 "Too large resource version".</summary>
    public long TooLargeRelists => Interlocked.Read(ref _tooLargeRelists);

    private long _tooLargeRelists;

    internal void TooLarge() => Interlocked.Increment(ref _tooLargeRelists);

    internal void Idle() => Interlocked.Increment(ref _idleRestarts);

    internal void Failed() => Interlocked.Increment(ref _failures);

    internal void Event() => Interlocked.Increment(ref _events);

    internal void Bookmark() => Interlocked.Increment(ref _bookmarks);

    public override string ToString() =>
        $"lists={Lists} watches={Watches} gone={GoneRelists} tooLarge={TooLargeRelists} idle={IdleRestarts} failures={Failures} events={Events} bookmarks={Bookmarks}";
}
