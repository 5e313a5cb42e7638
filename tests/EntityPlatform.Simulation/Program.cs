using System.Diagnostics;
using EntityPlatform.Simulation.Running;
using EntityPlatform.Simulation.Tracing;

namespace EntityPlatform.Simulation;

/// <summary>
/// Command line. <c>--seeds N [--from S]</c> runs N seeds on all cores and exits 1 if any failed;
/// <c>--seed N</c> replays one seed with its full trace. See docs/simulation.md.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var options = ParseOptions(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: --seeds N [--from S] | --seed N [--quiet]");
            return 2;
        }

        var (seeds, from, single, quiet) = options.Value;
        return single is { } seed ? Replay(seed, quiet) : RunMany(from, seeds);
    }

    private static int Replay(ulong seed, bool quiet)
    {
        var result = SeedRunner.RunOne(seed, quiet ? TraceLog.Off() : TraceLog.Full(Console.Out));
        Console.WriteLine(result.Passed ? $"seed {seed} passed ({result.Ticks} ticks)" : $"seed {seed} FAILED: {result.Failure}");
        Console.WriteLine("coverage marks:");
        Console.WriteLine(result.Marks);
        return result.Passed ? 0 : 1;
    }

    private static int RunMany(ulong from, int count)
    {
        var stopwatch = Stopwatch.StartNew();
        var (results, marks) = SeedRunner.RunMany(from, count);
        var failed = results.Where(result => !result.Passed).ToList();
        Console.WriteLine($"{count} seeds from {from}: {count - failed.Count} passed, {failed.Count} failed in {stopwatch.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine("coverage marks:");
        Console.WriteLine(marks);
        foreach (var result in failed.Take(5))
        {
            Console.WriteLine();
            Console.WriteLine(SeedRunner.Explain(result));
        }

        if (failed.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("failing seeds: " + string.Join(' ', failed.Select(result => result.Seed)));
        }

        return failed.Count == 0 ? 0 : 1;
    }

    private static (int Seeds, ulong From, ulong? Single, bool Quiet)? ParseOptions(string[] args)
    {
        int seeds = 0;
        ulong from = 1;
        ulong? single = null;
        var quiet = false;
        for (var i = 0; i < args.Length; i++)
        {
            var hasValue = i + 1 < args.Length;
            switch (args[i])
            {
                case "--seeds" when hasValue && int.TryParse(args[++i], out var count) && count > 0:
                    seeds = count;
                    break;
                case "--from" when hasValue && ulong.TryParse(args[++i], out var first):
                    from = first;
                    break;
                case "--seed" when hasValue && ulong.TryParse(args[++i], out var one):
                    single = one;
                    break;
                case "--quiet":
                    quiet = true;
                    break;
                default:
                    return null;
            }
        }

        return seeds == 0 && single is null ? null : (seeds, from, single, quiet);
    }
}
