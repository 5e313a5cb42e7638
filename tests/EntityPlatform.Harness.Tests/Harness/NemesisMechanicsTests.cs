using EntityPlatform.Harness.Checking;
using EntityPlatform.Harness.Load;
using EntityPlatform.Harness.Nemesis;

namespace EntityPlatform.Harness.Tests.Harness;

/// <summary>
/// The harness's own machinery on an in-process system: lease probes reach a paused leader and a stale answer
/// fails the run; a failing run keeps its history and directory; KillQuiescedLeader holds the load back until
/// the cluster could quiesce. Each run is a few seconds and cancels itself after a minute.
/// </summary>
public sealed class NemesisMechanicsTests
{
    // A low rate keeps the ops on one key from piling up when the loaded test host stalls for a second: a
    // hundred overlapping increments are past the linearizability search's step budget (Unknown fails the run).
    private static HarnessOptions Options(FaultKind kind, int leaseProbes, double seconds = 4) => new(
        new LoadOptions(RatePerSecond: 60, Duration: TimeSpan.FromSeconds(seconds), Keys: 2, ReadFraction: 0.5,
            OperationTimeout: TimeSpan.FromSeconds(1), MaxInFlight: 500, Seed: 8),
        new NemesisOptions([kind], FirstAt: TimeSpan.FromSeconds(0.5), Interval: TimeSpan.FromSeconds(10), Hold: TimeSpan.FromSeconds(1),
            MaxFaults: 1, Seed: 8, LeaseProbes: leaseProbes),
        SettleTimeout: TimeSpan.FromSeconds(5));

    private static async Task<SystemRunResult> RunAsync(FakeCounterSystem system, HarnessOptions options, StringWriter log)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await SystemRunner.RunAsync(system, options, log, timeout.Token);
    }

    [Fact]
    public async Task A_paused_leader_answering_lease_probes_from_its_old_state_fails_the_run_and_keeps_its_files()
    {
        var system = new FakeCounterSystem(answersFromOldLease: true);
        var log = new StringWriter();
        try
        {
            var run = await RunAsync(system, Options(FaultKind.PauseLeader, leaseProbes: 10), log);

            Assert.False(run.Clean);
            // Member 1 leads both keys, so the probes (cycling over them) catch both.
            Assert.NotEmpty(run.Linearizability.Violations);
            Assert.All(run.Linearizability.Violations, violation =>
                Assert.Contains(violation.Offending, op => op.Kind == OpKind.Read && op.Consistency == ReadConsistency.Lease));
            Assert.True(system.KeepFiles);
            var kept = Path.Combine(system.WorkDirectory, SystemRunner.HistoryFileName);
            Assert.Contains(kept, log.ToString());
            using var reader = new StreamReader(kept);
            Assert.Equal(run.History.Count, HistoryJson.Read(reader).Count);
        }
        finally
        {
            await system.DisposeAsync();
            Directory.Delete(system.WorkDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Lease_probes_around_a_pause_are_recorded_and_a_clean_run_removes_its_files()
    {
        var system = new FakeCounterSystem(answersFromOldLease: false);
        try
        {
            var run = await RunAsync(system, Options(FaultKind.PauseLeader, leaseProbes: 10), new StringWriter());

            Assert.True(run.Clean, string.Join("\n", run.Findings()));
            // The mix is linearizable only, so every lease read is a probe: half before SIGCONT, half after.
            var probes = run.History.Where(op => op.Consistency == ReadConsistency.Lease).ToList();
            Assert.Equal(10, probes.Count);
            Assert.All(probes, probe => Assert.Equal(1, probe.SentTo));
            Assert.Single(system.Actions, a => a.Action == "resume");
            Assert.Contains(probes, op => op.InvokeTime < run.Faults[0].HealMicros);
            Assert.False(system.KeepFiles);
        }
        finally
        {
            await system.DisposeAsync();
        }

        Assert.False(Directory.Exists(system.WorkDirectory));
    }

    [Fact]
    public async Task A_quiesced_leader_kill_holds_the_load_back_for_the_quiesce_time_first()
    {
        var quiesceAfter = TimeSpan.FromMilliseconds(300);
        await using var system = new FakeCounterSystem(quiesceAfter: quiesceAfter);

        var run = await RunAsync(system, Options(FaultKind.KillQuiescedLeader, leaseProbes: 0, seconds: 5), new StringWriter());

        Assert.True(run.Clean, string.Join("\n", run.Findings()));
        var fault = Assert.Single(run.Faults);
        Assert.Equal(FaultKind.KillQuiescedLeader, fault.Kind);
        Assert.Single(system.Actions, a => a.Action == "kill");
        var idleMicros = (long)(quiesceAfter + Nemesis.Nemesis.QuiesceMargin).TotalMicroseconds;
        // No op was sent in the idle window (the last ones before it may still be finishing as it starts). The
        // open-loop timetable records an op's due time, which may precede the reopening by the loop's timer lateness.
        const long timerSlackMicros = 200_000;
        Assert.DoesNotContain(run.History, op => op.InvokeTime > fault.StartMicros - idleMicros && op.InvokeTime < fault.StartMicros - timerSlackMicros);
        Assert.Contains(run.History, op => op.InvokeTime >= fault.StartMicros && op.Kind == OpKind.Increment && op.Outcome == OpOutcome.Ok);
        // 1.8 s idle at 60 ops/s.
        Assert.True(run.Load.Idled > 60, $"only {run.Load.Idled} ops were held back");
    }
}
