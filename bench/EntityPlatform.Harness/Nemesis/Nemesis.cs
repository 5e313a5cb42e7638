using EntityPlatform.Harness.Load;
using EntityPlatform.Harness.Network;
using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness.Nemesis;

/// <summary>
/// Injects faults on a schedule while the load runs. Every fault is healed before the next one starts
/// (and in finally), so a run never ends with a member down or frozen. Before a fault it may hold the load
/// back through <see cref="LoadGate"/> until the cluster has quiesced, and around the heal of a paused or cut-off
/// leader it may send lease reads straight to that member (<see cref="LeaseProbes"/>).
/// </summary>
public sealed class Nemesis(ISystemUnderTest system, HistoryRecorder recorder, NemesisOptions options, TextWriter log,
    LoadGate? gate = null, IReadOnlyList<string>? keys = null)
{
    /// <summary>Beyond the node's quiesce idle time: the quiesce round itself (heartbeats carrying Quiesce, then the acks) and scheduling slack.</summary>
    public static readonly TimeSpan QuiesceMargin = TimeSpan.FromSeconds(1.5);

    /// <summary>The idle time used for a system that does not quiesce (etcd), so both see the same schedule: our node's default, 200 ticks of 10 ms.</summary>
    public static readonly TimeSpan DefaultQuiesceAfter = TimeSpan.FromSeconds(2);

    /// <summary>How long before the heal the first lease probes go out: they wait in the paused member's socket and meet it as it wakes.</summary>
    private static readonly TimeSpan ProbeLead = TimeSpan.FromMilliseconds(150);

    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(10);

    private readonly List<FaultEvent> faults = [];
    private readonly LoadGate loadGate = gate ?? new LoadGate();
    private readonly IReadOnlyList<string> probeKeys = keys ?? ["k0"];

    /// <summary>The idle time before a fault that needs a quiesced cluster: the system's quiesce time plus <see cref="QuiesceMargin"/>.</summary>
    public TimeSpan QuiesceIdle => (system.QuiesceAfter ?? DefaultQuiesceAfter) + QuiesceMargin;

    public IReadOnlyList<FaultEvent> Faults => faults;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed);
        var kinds = options.Kinds.Where(kind => (kind != FaultKind.WipeRestartLeader || system.SupportsWipe)
            && (!FaultKinds.NeedsNetns(kind) || system.Network is not null)).ToList();
        if (kinds.Count == 0)
        {
            return;
        }

        try
        {
            await Task.Delay(options.FirstAt, cancellationToken);
            for (var n = 0; n < options.MaxFaults && !cancellationToken.IsCancellationRequested; n++)
            {
                await InjectAsync(kinds[n % kinds.Count], random, cancellationToken);
                await Task.Delay(options.Interval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The load finished first: stop injecting; the last fault was already healed.
        }
    }

    private async Task InjectAsync(FaultKind kind, Random random, CancellationToken cancellationToken)
    {
        var idle = kind == FaultKind.KillQuiescedLeader || options.QuiesceBeforeEachFault ? Max(options.IdleBefore, QuiesceIdle) : options.IdleBefore;
        try
        {
            if (idle > TimeSpan.Zero)
            {
                await IdleAsync(idle, cancellationToken);
            }

            var member = await ChooseAsync(kind, random, cancellationToken);
            var affects = await AffectedKeysAsync(kind, member, cancellationToken);
            var probes = options.LeaseProbes > 0 && system.SupportsPinnedReads && FaultKinds.LeavesMemberRunning(kind)
                ? new LeaseProbes(system, recorder, probeKeys.Where(affects).DefaultIfEmpty("k0").ToList()) : null;
            var start = recorder.NowMicros;
            var startWall = DateTime.Now;
            var early = Task.CompletedTask;
            long heal;
            try
            {
                Apply(kind, member);
                loadGate.Open();
                early = await HoldAsync(member, probes);
            }
            finally
            {
                await HealAsync(kind, member);
                heal = recorder.NowMicros;
                loadGate.Open();
            }

            if (probes is not null)
            {
                // The rest right after the heal, while the member may not yet have heard of the new term.
                await Task.WhenAll(early, probes.SendAsync(member, options.LeaseProbes - options.LeaseProbes / 2));
            }

            var fault = new FaultEvent(kind, member, start, heal, affects);
            faults.Add(fault);
            log.WriteLine($"  [{system.Name}] {fault.Describe()}, wall clock {startWall:HH:mm:ss.fff}{(idle > TimeSpan.Zero ? $", after {idle.TotalSeconds:F1} s idle" : "")}");
        }
        finally
        {
            loadGate.Open();
        }
    }

    /// <summary>Holds the load back, waits for the last op in flight to finish, then leaves the cluster idle for <paramref name="idle"/>.</summary>
    private async Task IdleAsync(TimeSpan idle, CancellationToken cancellationToken)
    {
        loadGate.Close();
        var drainDeadline = DateTime.UtcNow + DrainLimit;
        while (loadGate.InFlight > 0 && DateTime.UtcNow < drainDeadline)
        {
            await Task.Delay(20, cancellationToken);
        }

        await Task.Delay(idle, cancellationToken);
    }

    /// <summary>
    /// Holds the fault. With probes, half of them go out <see cref="ProbeLead"/> before the heal, into the fault; the
    /// returned task finishes when they do (only after the member answers, so the caller awaits it after healing).
    /// </summary>
    private async Task<Task> HoldAsync(int member, LeaseProbes? probes)
    {
        if (probes is null || options.Hold <= ProbeLead * 2)
        {
            await Task.Delay(options.Hold, CancellationToken.None);
            return Task.CompletedTask;
        }

        await Task.Delay(options.Hold - ProbeLead, CancellationToken.None);
        var early = probes.SendAsync(member, options.LeaseProbes / 2);
        await Task.Delay(ProbeLead, CancellationToken.None);
        return early;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private async Task<int> ChooseAsync(FaultKind kind, Random random, CancellationToken cancellationToken)
    {
        var members = system.Members.Select(m => m.Member).ToList();
        var leader = await system.LeaderOfAsync("k0", cancellationToken);
        return kind switch
        {
            FaultKind.KillRandom => members[random.Next(members.Count)],
            FaultKind.IsolateMinority => members.Where(m => m != leader).ElementAt(random.Next(members.Count(m => m != leader))),
            _ => leader ?? members[0],
        };
    }

    /// <summary>
    /// Keys whose writes the fault may stop: those the member leads. A minority member often leads no group, so
    /// for IsolateMinority the keys of k0's group (led in the majority) count too: the split must not stop them.
    /// </summary>
    private async Task<Func<string, bool>> AffectedKeysAsync(FaultKind kind, int member, CancellationToken cancellationToken)
    {
        var led = await system.KeysLedByAsync(member, cancellationToken);
        if (kind != FaultKind.IsolateMinority || await system.LeaderOfAsync("k0", cancellationToken) is not { } leader)
        {
            return led;
        }

        var majority = await system.KeysLedByAsync(leader, cancellationToken);
        return key => led(key) || majority(key);
    }

    private NetworkFaults Network => new(system.Network ?? throw new InvalidOperationException($"{system.Name} runs without --netns"));

    private void Apply(FaultKind kind, int member)
    {
        switch (kind)
        {
            case FaultKind.PauseLeader:
                system.Pause(member);
                break;
            case FaultKind.IsolateLeader or FaultKind.IsolateMinority:
                Network.Isolate(member);
                break;
            case FaultKind.DropLeaderInbound:
                Network.DropInbound(member);
                break;
            case FaultKind.DropLeaderOutbound:
                Network.DropOutbound(member);
                break;
            case FaultKind.DrainLeader:
                system.Terminate(member);
                break;
            default:
                system.Kill(member);
                break;
        }
    }

    private Task HealAsync(FaultKind kind, int member) => kind switch
    {
        FaultKind.PauseLeader => Task.Run(() => system.Resume(member)),
        FaultKind.IsolateLeader or FaultKind.IsolateMinority => Task.Run(() => Network.Reconnect(member)),
        FaultKind.DropLeaderInbound or FaultKind.DropLeaderOutbound => Task.Run(() => Network.ClearDrops(member)),
        FaultKind.WipeRestartLeader => system.RestartAsync(member, wipe: true, CancellationToken.None),
        _ => system.RestartAsync(member, wipe: false, CancellationToken.None),
    };
}
