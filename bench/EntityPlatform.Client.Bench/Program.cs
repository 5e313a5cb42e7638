using System.Globalization;
using EntityPlatform.Client;
using EntityPlatform.Client.Bench;
using EntityPlatform.Client.Tests.Cluster;

// Usage: EntityPlatform.Client.Bench [--seconds 5] [--callers 32] [--rounds 3] [--out docs/benchmarks.client.md]
var seconds = Option("--seconds", 5);
var callers = Option("--callers", 32);
var rounds = Option("--rounds", 3);
var outPath = args.SkipWhile(arg => arg != "--out").Skip(1).FirstOrDefault();
ThreadPool.SetMinThreads(64, 64);
var overhead = await OverheadRun.RunAsync(200_000);
Console.Error.WriteLine($"in-process: direct {overhead.DirectUs:0.00} us/call, SDK {overhead.SdkUs:0.00} us/call");

using var cluster = NodeCluster.Start(3, SampleTypes.Manifests(shards: 8), "bench");
try
{
    await cluster.WaitForLeadersAsync(TimeSpan.FromSeconds(30));
    var duration = TimeSpan.FromSeconds(seconds);
    using var client = new EntityPlatformClient(new EntityPlatformClientOptions { Endpoints = cluster.Endpoints.ToList(), AttemptTimeout = TimeSpan.FromSeconds(1) });
    await client.ConnectAsync();
    await Workloads.SdkBytesAsync(client, callers, TimeSpan.FromSeconds(2));
    await Workloads.RawAsync(cluster, callers, TimeSpan.FromSeconds(2));

    var results = new Dictionary<string, List<LatencyLog>> { ["raw gRPC to the leader"] = [], ["SDK, bytes"] = [], ["SDK, typed"] = [] };
    for (var round = 0; round < rounds; round++)
    {
        results["raw gRPC to the leader"].Add(await Workloads.RawAsync(cluster, callers, duration));
        results["SDK, bytes"].Add(await Workloads.SdkBytesAsync(client, callers, duration));
        results["SDK, typed"].Add(await Workloads.SdkTypedAsync(client, callers, duration));
        Console.Error.WriteLine($"round {round + 1}/{rounds}: " + string.Join(", ", results.Select(pair => $"{pair.Key} {pair.Value[^1].Count / seconds} cmd/s")));
    }

    var kill = await FailoverRun.RunAsync(cluster, client, 16, pause: false);
    await cluster.WaitForLeadersAsync(TimeSpan.FromSeconds(30));
    await Task.Delay(TimeSpan.FromSeconds(2));
    var stop = await FailoverRun.RunAsync(cluster, client, 16, pause: true);

    var report = Report.Markdown(results, seconds, callers, rounds, [kill, stop], overhead);
    Console.WriteLine(report);
    if (outPath is not null)
    {
        File.WriteAllText(outPath, report);
    }
}
finally
{
    cluster.Dispose();
}

int Option(string name, int fallback)
{
    var value = args.SkipWhile(arg => arg != name).Skip(1).FirstOrDefault();
    return value is null ? fallback : int.Parse(value, CultureInfo.InvariantCulture);
}
