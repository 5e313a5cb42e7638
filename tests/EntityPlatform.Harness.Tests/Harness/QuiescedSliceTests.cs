using EntityPlatform.Harness.Checking;
using EntityPlatform.Harness.Load;
using EntityPlatform.Harness.Nemesis;
using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness.Tests.Harness;

/// <summary>
/// The CI slice of issue 12's quiesced fault: our platform under a short load of increments, linearizable and
/// lease reads; the nemesis holds the load back until the cluster has quiesced, SIGKILLs k0's leader and
/// resumes the load. The run must be proven clean (linearizable, nothing acknowledged lost) and writes to the
/// dead leader's groups must recover. Bounded: the run cancels itself after two minutes; processes are killed
/// by PID on dispose, and a failing run keeps its directory and history (printed in the failure message).
/// </summary>
public sealed class QuiescedSliceTests
{
    private static HarnessOptions Slice() => new(
        new LoadOptions(RatePerSecond: 60, Duration: TimeSpan.FromSeconds(10), Keys: 16, ReadFraction: 0.5,
            OperationTimeout: TimeSpan.FromSeconds(3), MaxInFlight: 500, Seed: 8, Reads: new ReadMix(Linearizable: 1, Lease: 1, BoundedStaleness: 0)),
        new NemesisOptions([FaultKind.KillQuiescedLeader], FirstAt: TimeSpan.FromSeconds(1.5), Interval: TimeSpan.FromSeconds(1),
            Hold: TimeSpan.FromSeconds(1.5), MaxFaults: 1, Seed: 8),
        SettleTimeout: TimeSpan.FromSeconds(20));

    [Fact]
    public async Task Leader_kill_on_a_quiesced_platform_is_linearizable_loses_nothing_and_recovers()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var log = new StringWriter();
        await using var system = new PlatformCluster();

        var run = await SystemRunner.RunAsync(system, Slice(), log, timeout.Token);

        var fault = Assert.Single(run.Faults);
        Assert.Equal(FaultKind.KillQuiescedLeader, fault.Kind);
        Assert.True(run.Load.Idled > 100, $"only {run.Load.Idled} ops were held back for the quiesce wait");
        Assert.True(run.Reads(ReadConsistency.Lease) > 20, $"only {run.Reads(ReadConsistency.Lease)} lease reads were acknowledged");
        Assert.True(run.Clean, string.Join("\n", run.Findings()) + "\n" + log);
        Assert.NotNull(run.DowntimesMicros[0]);
    }
}
