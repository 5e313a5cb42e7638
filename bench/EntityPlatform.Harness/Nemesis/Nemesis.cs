using EntityPlatform.Harness.Load;
using EntityPlatform.Harness.Network;
using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness.Nemesis;

/// <summary>
/// Injects faults on a schedule while the load runs. Every fault is healed before the next one starts
/// (and in finally), so a run never ends with a member down or frozen.
/// </summary>
public sealed class Nemesis(ISystemUnderTest system, HistoryRecorder recorder, NemesisOptions options, TextWriter log)
{
    private readonly List<FaultEvent> faults = [];

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
        var member = await ChooseAsync(kind, random, cancellationToken);
        var affects = await AffectedKeysAsync(kind, member, cancellationToken);
        var start = recorder.NowMicros;
        var startWall = DateTime.Now;
        try
        {
            Apply(kind, member);
            await Task.Delay(options.Hold, CancellationToken.None);
        }
        finally
        {
            await HealAsync(kind, member);
        }

        var fault = new FaultEvent(kind, member, start, recorder.NowMicros, affects);
        faults.Add(fault);
        log.WriteLine($"  [{system.Name}] {fault.Describe()}, wall clock {startWall:HH:mm:ss.fff}");
    }

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
