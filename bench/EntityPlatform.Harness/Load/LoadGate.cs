namespace EntityPlatform.Harness.Load;

/// <summary>
/// Lets the nemesis hold the load back so the cluster goes idle (and quiesces) before a fault. While closed,
/// the open-loop timetable keeps running but its due ops are not sent; they are counted as idled, not as
/// skipped, because the harness chose the silence. <see cref="InFlight"/> tells the nemesis when the last
/// op sent before closing has finished, which is when idleness starts.
/// </summary>
public sealed class LoadGate
{
    private volatile bool closed;
    private int inFlight;

    public bool IsOpen => !closed;

    public int InFlight => Volatile.Read(ref inFlight);

    public void Close() => closed = true;

    public void Open() => closed = false;

    internal void Started() => Interlocked.Increment(ref inFlight);

    internal void Finished() => Interlocked.Decrement(ref inFlight);
}
