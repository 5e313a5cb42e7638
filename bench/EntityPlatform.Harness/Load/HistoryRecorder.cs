using System.Collections.Concurrent;
using System.Diagnostics;
using EntityPlatform.Harness.Checking;

namespace EntityPlatform.Harness.Load;

/// <summary>Thread-safe operation log on one monotonic clock (microseconds since the run started).</summary>
public sealed class HistoryRecorder
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<Operation> ops = new();
    private long nextId;

    public long NowMicros => clock.Elapsed.Ticks / 10;

    public long NewId() => Interlocked.Increment(ref nextId);

    public void Record(Operation op) => ops.Enqueue(op);

    public IReadOnlyList<Operation> Snapshot() => ops.ToArray();
}
