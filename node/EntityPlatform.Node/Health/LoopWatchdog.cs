using System.Diagnostics;
using EntityPlatform.Node.Scheduler;

namespace EntityPlatform.Node.Health;

/// <summary>
/// Judges the node's liveness from the loop's own progress stamps, so that /healthz fails and the process
/// ends when the loop is stuck, not only when it threw: a loop that stopped iterating (a hang, a deadlock) or
/// a storage commit that never returns (a hung disk) leaves every shard on the node unserved while the
/// process looks alive (issue 12, item 8). The loop wakes at least once per tick even when idle, so a
/// silence far longer than a tick means it is stuck.
/// </summary>
public sealed class LoopWatchdog(TimeSpan stallLimit, TimeSpan commitLimit)
{
    public static LoopWatchdog Default { get; } = new(stallLimit: TimeSpan.FromSeconds(10), commitLimit: TimeSpan.FromSeconds(10));

    public TimeSpan StallLimit => stallLimit;

    /// <summary>Null when healthy, else the reason, naming how long the loop or the commit has been stuck.</summary>
    public string? Check(LoopProgress progress, long nowTimestamp, Exception? failure)
    {
        if (failure is not null)
        {
            return $"raft loop failed: {failure.Message}";
        }

        if (progress.CommitStartedTimestamp != 0)
        {
            var committing = Stopwatch.GetElapsedTime(progress.CommitStartedTimestamp, nowTimestamp);
            if (committing > commitLimit)
            {
                return $"storage commit hung for {committing.TotalSeconds:0.0} s (limit {commitLimit.TotalSeconds:0} s)";
            }
        }

        var silent = Stopwatch.GetElapsedTime(progress.LastIterationTimestamp, nowTimestamp);
        return silent > stallLimit ? $"raft loop made no progress for {silent.TotalSeconds:0.0} s (limit {stallLimit.TotalSeconds:0} s)" : null;
    }
}
