using EntityPlatform.Simulation.Coverage;
using EntityPlatform.Simulation.Scenario;
using EntityPlatform.Simulation.Tracing;

namespace EntityPlatform.Simulation.Running;

/// <summary>Runs seeds: one at a time with a chosen trace, or many in parallel (each seed stays single-threaded).</summary>
public static class SeedRunner
{
    /// <summary>Lines of trace kept when a failing seed is re-run to explain itself.</summary>
    public const int ExcerptLineCount = 60;

    public static SeedResult RunOne(ulong seed, TraceLog trace) => RunOne(ScenarioDraw.Draw(seed), trace);

    /// <summary>Runs explicit parameters (tests adjust a drawn scenario, for example to sabotage the host).</summary>
    public static SeedResult RunOne(ScenarioParameters parameters, TraceLog trace) => new Simulator(parameters, trace).Run();

    /// <summary>Runs <paramref name="count"/> seeds from <paramref name="firstSeed"/>; results come back ordered by seed.</summary>
    public static (SeedResult[] Results, MarkCounts Marks) RunMany(ulong firstSeed, int count, int parallelismMax = -1)
    {
        var results = new SeedResult[count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelismMax };
        Parallel.For(0, count, options, i => results[i] = RunOne(firstSeed + (ulong)i, TraceLog.Off()));
        var marks = new MarkCounts();
        foreach (var result in results)
        {
            marks.Add(result.Marks);
        }

        return (results, marks);
    }

    /// <summary>Re-runs a failed seed with a ring trace: the run is deterministic, so it fails the same way, now with context.</summary>
    public static string Explain(SeedResult failed)
    {
        var trace = TraceLog.Ring(ExcerptLineCount);
        var rerun = RunOne(failed.Seed, trace);
        var lines = new List<string>
        {
            $"seed {failed.Seed} FAILED at tick {failed.Ticks}: {failed.Failure}",
            $"scenario: {failed.Parameters}",
            $"replay: {failed.ReplayCommand}",
        };
        if (rerun.Failure != failed.Failure)
        {
            lines.Add($"(the traced re-run ended differently: {rerun.Failure ?? "passed"}; the simulator is not deterministic, which is a bug)");
        }

        lines.Add($"last {ExcerptLineCount} trace lines:");
        lines.AddRange(trace.RecentLines().Select(line => "  " + line));
        return string.Join(Environment.NewLine, lines);
    }
}
