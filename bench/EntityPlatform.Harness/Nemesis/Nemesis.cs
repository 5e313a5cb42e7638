using EntityPlatform.Harness.Load;
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
        var kinds = options.Kinds.Where(kind => kind != FaultKind.WipeRestartLeader || system.SupportsWipe).ToList();
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
        var member = kind == FaultKind.KillRandom
            ? system.Members[random.Next(system.Members.Count)].Member
            : await system.LeaderOfAsync("k0", cancellationToken) ?? system.Members[0].Member;
        var affects = await system.KeysLedByAsync(member, cancellationToken);
        var start = recorder.NowMicros;
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
        log.WriteLine($"  [{system.Name}] {fault.Describe()}");
    }

    private void Apply(FaultKind kind, int member)
    {
        switch (kind)
        {
            case FaultKind.PauseLeader:
                system.Pause(member);
                break;
            default:
                system.Kill(member);
                break;
        }
    }

    private Task HealAsync(FaultKind kind, int member) => kind switch
    {
        FaultKind.PauseLeader => Task.Run(() => system.Resume(member)),
        FaultKind.WipeRestartLeader => system.RestartAsync(member, wipe: true, CancellationToken.None),
        _ => system.RestartAsync(member, wipe: false, CancellationToken.None),
    };
}
