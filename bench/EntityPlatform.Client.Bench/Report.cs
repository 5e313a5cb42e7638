using System.Text;

namespace EntityPlatform.Client.Bench;

/// <summary>Formats the runs as the markdown of docs/benchmarks.client.md.</summary>
internal static class Report
{
    public static string Markdown(Dictionary<string, List<LatencyLog>> results, int seconds, int callers, int rounds, IReadOnlyList<FailoverRun.Result> failovers, (double DirectUs, double SdkUs) overhead)
    {
        var text = new StringBuilder();
        text.AppendLine("# Client SDK benchmark");
        text.AppendLine();
        text.AppendLine($"`dotnet run -c Release --project bench/EntityPlatform.Client.Bench -- --seconds {seconds} --callers {callers} --rounds {rounds}`, on " +
            $"{DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores shared by the benchmark and a 3-node local cluster (sample node binary, counter type with 8 shards, replication factor 3).");
        text.AppendLine();
        text.AppendLine($"## Throughput: {callers} callers, each incrementing its own counter one command after another");
        text.AppendLine();
        text.AppendLine($"Median of {rounds} interleaved rounds of {seconds} s each. The raw calls go straight to each shard's leader (looked up beforehand) with session and request ids; the SDK finds the leaders itself and runs every call through its Polly retry and per-node breaker pipelines, session lanes, metrics and traces.");
        text.AppendLine();
        text.AppendLine("| client | commands/s (median) | per round | p50 ms | p99 ms | vs raw |");
        text.AppendLine("|---|---:|---|---:|---:|---:|");
        var rawMedian = Median(results.First().Value, seconds);
        foreach (var (name, runs) in results)
        {
            var median = Median(runs, seconds);
            var middle = runs.OrderBy(run => run.Count).ElementAt(runs.Count / 2);
            text.AppendLine($"| {name} | {median:0} | {string.Join(" / ", runs.Select(run => (run.Count / (double)seconds).ToString("0")))} | " +
                $"{middle.Percentile(50):0.00} | {middle.Percentile(99):0.00} | {(median / rawMedian - 1) * 100:+0.0;-0.0}% |");
        }

        text.AppendLine();
        text.AppendLine("## The SDK's own cost per command");
        text.AppendLine();
        text.AppendLine("One caller, 200,000 commands over an in-memory transport that answers at once (no network, no Raft), so only the SDK's work is timed: " +
            "leader-map lookup and XXH64 routing, a session lane, the protobuf request, the Polly retry and circuit-breaker pipelines, metrics and the activity check.");
        text.AppendLine();
        text.AppendLine("| path | µs per command |");
        text.AppendLine("|---|---:|");
        text.AppendLine($"| transport call alone | {overhead.DirectUs:0.00} |");
        text.AppendLine($"| `SendCommandAsync` through the SDK | {overhead.SdkUs:0.00} |");
        text.AppendLine();
        text.AppendLine("## Failover as the SDK sees it: 16 callers, the leader of one shard is stopped");
        text.AppendLine();
        text.AppendLine("Attempt timeout 1 s (the SDK's default is 2 s), breaker defaults. \"Worst command\" is the slowest single `SendAsync` that finished after the fault among callers whose shard the victim led; \"worst gap\" is the longest time such a caller went without an acknowledgement around the fault. Failed: calls that gave up (none expected).");
        text.AppendLine();
        text.AppendLine("| fault | affected callers | baseline p50 / p99 ms | worst command ms | worst gap ms | failed |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var run in failovers)
        {
            text.AppendLine($"| {run.Fault} | {run.AffectedCallers} | {run.BaselineP50Ms:0.0} / {run.BaselineP99Ms:0.0} | {run.WorstCommandMs:0} | {run.WorstGapMs:0} | {run.Failed} |");
        }

        return text.ToString();
    }

    private static double Median(List<LatencyLog> runs, int seconds) =>
        runs.Select(run => run.Count / (double)seconds).Order().ElementAt(runs.Count / 2);
}
