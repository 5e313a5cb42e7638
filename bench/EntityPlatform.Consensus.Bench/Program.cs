using System.Diagnostics;
using EntityPlatform.Consensus.Bench;

// Consensus core benchmarks (Release, one thread): see docs/benchmarks.md for the recorded results.
//   dotnet run -c Release --project bench/EntityPlatform.Consensus.Bench -- [throughput|quiesced|all]
var which = args.Length > 0 ? args[0] : "all";
if (which is "throughput" or "all")
{
    foreach (var batch in new[] { 64, 256, 1024 })
    {
        Throughput.Run(entryBytes: 128, batchEntries: batch, duration: TimeSpan.FromSeconds(5));
    }
}

if (which is "quiesced" or "all")
{
    QuiescedGroups.Run(groupCount: 10_000, tickIntervalMs: 10);
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformationText()}");

static string RuntimeInformationText() =>
    $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, " +
    (Debugger.IsAttached ? "debugger attached" : "no debugger");
