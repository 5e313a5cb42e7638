using System.Diagnostics;
using EntityPlatform.Harness.Events;
using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness.Tests.Harness;

/// <summary>
/// A short <c>--subscribe-lag</c> run on each real system: every acknowledged write's event reaches the subscriber
/// (our Subscribe through the SDK, etcd's Watch through the harness's own proto), and a lag is measured. Bounded:
/// each test cancels itself after three minutes; processes are killed by PID on dispose.
/// </summary>
public sealed class SubscribeLagSliceTests
{
    private static readonly SubscribeLagOptions Slice = new(Rate: 40, Duration: TimeSpan.FromSeconds(4), Warmup: TimeSpan.FromSeconds(2), Drain: TimeSpan.FromSeconds(20), Keys: 8);

    [Fact]
    public async Task Platform_subscriber_receives_every_acknowledged_write()
    {
        await using var system = new PlatformCluster();
        await AssertEveryWriteDeliveredAsync(system);
    }

    [Fact]
    public async Task Etcd_watch_receives_every_acknowledged_write()
    {
        // scripts/setup installs etcd-server; a missing etcd fails the test rather than skipping it silently.
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, "etcd")));
        Assert.True(onPath, "etcd is not installed; run bash scripts/setup/grpc-interop.sh");

        await using var system = new EtcdCluster();
        await AssertEveryWriteDeliveredAsync(system);
    }

    private static async Task AssertEveryWriteDeliveredAsync(ISystemUnderTest system)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var clock = Stopwatch.StartNew();

        var summary = await SubscribeLagRun.RunAsync(system, Slice, () => clock.Elapsed, timeout.Token);

        Assert.True(summary.Acknowledged >= 40, $"only {summary.Acknowledged} writes were acknowledged in the measured window");
        Assert.Equal(0, summary.Missing);
        Assert.Equal(summary.Acknowledged, summary.Delivered);
        Assert.True(summary.P99Ms >= summary.P50Ms && !double.IsNaN(summary.P99Ms), $"lag p50 {summary.P50Ms} ms, p99 {summary.P99Ms} ms");
    }
}
