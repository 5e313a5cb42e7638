using System.Diagnostics;
using EntityPlatform.Node.Health;
using EntityPlatform.Node.Scheduler;

namespace EntityPlatform.Node.Tests.Health;

public sealed class LoopWatchdogTests
{
    private static readonly LoopWatchdog Watchdog = new(stallLimit: TimeSpan.FromSeconds(10), commitLimit: TimeSpan.FromSeconds(5));
    private const long Now = 1_000_000_000;

    private static long Ago(double seconds) => Now - (long)(seconds * Stopwatch.Frequency);

    [Fact]
    public void A_loop_that_iterated_recently_with_no_commit_running_is_healthy() =>
        Assert.Null(Watchdog.Check(new LoopProgress(Ago(0.01), 0), Now, failure: null));

    [Fact]
    public void A_loop_silent_past_the_stall_limit_is_unhealthy_and_the_reason_names_how_long()
    {
        var reason = Watchdog.Check(new LoopProgress(Ago(12), 0), Now, failure: null);

        Assert.Equal("raft loop made no progress for 12.0 s (limit 10 s)", reason);
    }

    [Fact]
    public void A_storage_commit_running_past_its_limit_is_unhealthy_before_the_stall_limit()
    {
        var reason = Watchdog.Check(new LoopProgress(Ago(6), CommitStartedTimestamp: Ago(6)), Now, failure: null);

        Assert.Equal("storage commit hung for 6.0 s (limit 5 s)", reason);
    }

    [Fact]
    public void A_failed_loop_is_unhealthy_at_once_with_its_error()
    {
        var reason = Watchdog.Check(new LoopProgress(Ago(0), 0), Now, new InvalidOperationException("boom"));

        Assert.Equal("raft loop failed: boom", reason);
    }
}
