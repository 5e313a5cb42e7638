using EntityPlatform.Harness.Systems;

namespace EntityPlatform.Harness.Saturation;

/// <summary><c>--saturate N [--warmup S]</c>: each system in turn at N closed-loop workers; prints a table and the ratio.</summary>
public static class SaturationCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> systems, int workers, TimeSpan duration, TimeSpan warmup)
    {
        var results = new List<SaturationRun.Result>();
        foreach (var name in systems)
        {
            await using ISystemUnderTest system = name switch
            {
                "platform" => new PlatformCluster(),
                "etcd" => new EtcdCluster(),
                "dotnext" => new DotNextCluster(),
                _ => throw new ArgumentException($"--systems: unknown system '{name}'; expected platform, etcd or dotnext"),
            };
            using var timeout = new CancellationTokenSource((duration + warmup) * 3 + TimeSpan.FromMinutes(2));
            results.Add(await SaturationRun.RunAsync(system, workers, duration, warmup, timeout.Token));
            Console.WriteLine($"{results[^1].System}: {results[^1].WritesPerSecond:N0} durable writes/s, p50 {results[^1].P50Ms:0.0} ms, p99 {results[^1].P99Ms:0.0} ms, errors {results[^1].Errors}, CPU {results[^1].CpuMicrosecondsPerWrite:0} µs/write");
        }

        Console.WriteLine();
        Console.WriteLine($"| system | closed-loop workers | durable writes/s | p50 ms | p99 ms | errors | CPU µs/write |");
        Console.WriteLine($"|---|---:|---:|---:|---:|---:|---:|");
        foreach (var result in results)
        {
            Console.WriteLine($"| {result.System} | {result.Workers} | {result.WritesPerSecond:N0} | {result.P50Ms:0.0} | {result.P99Ms:0.0} | {result.Errors} | {result.CpuMicrosecondsPerWrite:0} |");
        }

        if (results.Count == 2)
        {
            Console.WriteLine($"\nratio {results[0].System} / {results[1].System}: writes/s {results[0].WritesPerSecond / results[1].WritesPerSecond:0.00}×, p99 {results[0].P99Ms / results[1].P99Ms:0.00}×, CPU/write {results[0].CpuMicrosecondsPerWrite / results[1].CpuMicrosecondsPerWrite:0.00}×");
        }

        return 0;
    }
}
