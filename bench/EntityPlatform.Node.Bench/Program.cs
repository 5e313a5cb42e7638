using EntityPlatform.Node.Bench;

// Node host benchmarks (Release): dotnet run -c Release --project bench/EntityPlatform.Node.Bench -- [throughput|idle|failover|all]
var which = args.FirstOrDefault() ?? "all";
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
if (which is "throughput" or "all")
{
    await ThroughputBench.RunAsync(shards: 64, clients: 64, duration: TimeSpan.FromSeconds(10));
}

if (which is "idle" or "all")
{
    await IdleBench.RunAsync(shardsPerNode: 10_000, measure: TimeSpan.FromSeconds(10));
}

if (which is "failover" or "all")
{
    await FailoverBench.RunAsync(trials: args.Length > 1 ? int.Parse(args[1]) : 20);
}
