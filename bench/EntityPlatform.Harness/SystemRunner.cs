using EntityPlatform.Harness.Checking;
using EntityPlatform.Harness.Load;
using EntityPlatform.Harness.Reports;
using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness;

/// <summary>
/// Runs one system: start it, drive the open-loop load while the nemesis injects faults, heal, read every
/// key back (durability), then check the whole history (linearizability of writes, linearizable and lease
/// reads; bounded staleness of bounded reads) and measure downtime per fault. A run that is not clean, or that
/// throws, keeps the system's directory (data and node logs) with the history in it, and says where.
/// </summary>
public static class SystemRunner
{
    public const string HistoryFileName = "history.jsonl";

    /// <param name="historyPath">When set, every recorded operation is written there as JSON lines (<see cref="HistoryJson"/>).</param>
    public static async Task<SystemRunResult> RunAsync(ISystemUnderTest system, HarnessOptions options, TextWriter log, CancellationToken cancellationToken,
        string? historyPath = null)
    {
        var recorder = new HistoryRecorder();
        try
        {
            var run = await RunCheckedAsync(system, recorder, options, log, cancellationToken);
            if (historyPath is not null)
            {
                HistoryJson.WriteFile(historyPath, run.History);
                log.WriteLine($"  [{system.Name}] history: {historyPath}");
            }

            if (!run.Clean)
            {
                Keep(system, recorder, log, "the run failed its checks");
            }

            return run;
        }
        catch (Exception)
        {
            Keep(system, recorder, log, "the run stopped with an error");
            throw;
        }
    }

    private static async Task<SystemRunResult> RunCheckedAsync(ISystemUnderTest system, HistoryRecorder recorder, HarnessOptions options, TextWriter log,
        CancellationToken cancellationToken)
    {
        await system.StartAsync(cancellationToken);
        var start = recorder.NowMicros;
        using var loadDone = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var gate = new LoadGate();
        var nemesis = new Nemesis.Nemesis(system, recorder, options.Nemesis, log, gate, options.Load.KeyNames);
        var faults = nemesis.RunAsync(loadDone.Token);
        var load = await new OpenLoopLoad(system, recorder, options.Load, gate).RunAsync(cancellationToken);
        var end = recorder.NowMicros;
        await loadDone.CancelAsync();
        await faults;

        var history = recorder.Snapshot();
        var finalReads = await ReadAllAsync(system, history, options.SettleTimeout, cancellationToken);
        var downtimes = nemesis.Faults.Select(fault => Downtime.MeasureMicros(history, fault.StartMicros, fault.Affects)).ToList();
        var linearizability = LinearizabilityChecker.Check(history, system.Model);
        var durability = DurabilityChecker.Check(history, finalReads, system.Model);
        var staleness = StalenessChecker.Check(history, system.Model);
        log.WriteLine($"  [{system.Name}] {history.Count} ops, linearizability {linearizability.Verdict}, lost writes {durability.Lost.Count}, " +
            $"stale bounded reads {staleness.Violations.Count} of {staleness.ReadsChecked}");
        return new SystemRunResult(system.Name, system.Model.Name, history, load, nemesis.Faults, downtimes, linearizability, durability, start, end, staleness);
    }

    /// <summary>Leaves the system's directory in place with the history written into it, and prints where both are.</summary>
    private static void Keep(ISystemUnderTest system, HistoryRecorder recorder, TextWriter log, string why)
    {
        system.KeepFiles = true;
        var path = Path.Combine(system.WorkDirectory, HistoryFileName);
        try
        {
            Directory.CreateDirectory(system.WorkDirectory);
            HistoryJson.WriteFile(path, recorder.Snapshot());
        }
        catch (IOException error)
        {
            log.WriteLine($"  [{system.Name}] could not write the history to {path}: {error.Message}");
        }

        log.WriteLine($"  [{system.Name}] {why}; kept its history {path} and its data and node logs in {system.WorkDirectory}");
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
