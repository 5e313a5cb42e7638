using EntityPlatform.Harness.Checking;
using EntityPlatform.Harness.Load;
using EntityPlatform.Harness.Reports;
using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness;

/// <summary>
/// Runs one system: start it, drive the open-loop load while the nemesis injects faults, heal, read every
/// key back (durability), then check the whole history (linearizability) and measure downtime per fault.
/// </summary>
public static class SystemRunner
{
    public static async Task<SystemRunResult> RunAsync(ISystemUnderTest system, HarnessOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        await system.StartAsync(cancellationToken);
        var recorder = new HistoryRecorder();
        var start = recorder.NowMicros;
        using var loadDone = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var nemesis = new Nemesis.Nemesis(system, recorder, options.Nemesis, log);
        var faults = nemesis.RunAsync(loadDone.Token);
        var load = await new OpenLoopLoad(system, recorder, options.Load).RunAsync(cancellationToken);
        var end = recorder.NowMicros;
        await loadDone.CancelAsync();
        await faults;

        var history = recorder.Snapshot();
        var finalReads = await ReadAllAsync(system, history, options.SettleTimeout, cancellationToken);
        var downtimes = nemesis.Faults.Select(fault => Downtime.MeasureMicros(history, fault.StartMicros, fault.Affects)).ToList();
        var linearizability = LinearizabilityChecker.Check(history, system.Model);
        var durability = DurabilityChecker.Check(history, finalReads, system.Model);
        log.WriteLine($"  [{system.Name}] {history.Count} ops, linearizability {linearizability.Verdict}, lost writes {durability.Lost.Count}");
        return new SystemRunResult(system.Name, system.Model.Name, history, load, nemesis.Faults, downtimes, linearizability, durability, start, end);
    }

    /// <summary>Reads every written key once the cluster has healed, retrying each until the settle deadline.</summary>
    private static async Task<Dictionary<string, long>> ReadAllAsync(ISystemUnderTest system, IReadOnlyList<Operation> history, TimeSpan settle, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + settle;
        var reads = new Dictionary<string, long>();
        foreach (var key in history.Where(op => op.Kind != OpKind.Read).Select(op => op.Key).Distinct().Order(StringComparer.Ordinal))
        {
            while (true)
            {
                try
                {
                    reads[key] = await system.ReadAsync(key, TimeSpan.FromSeconds(3), cancellationToken);
                    break;
                }
                catch (Exception) when (DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(200, cancellationToken);
                }
                catch (Exception)
                {
                    // Leave the key unread: the durability check reports it rather than passing it silently.
                    break;
                }
            }
        }

        return reads;
    }
}
