// Unary gRPC throughput and latency, C# client (Grpc.Net.Client, our channel settings) to C# server
// (Grpc.AspNetCore, the node's server setup and interceptor) over ONE HTTP/2 connection (h2c on
// 127.0.0.1), with 1, 16 and 64 concurrent callers. Both sides run in this process, as they share the
// machine anyway. Usage:
//   dotnet run -c Release --project bench/EntityPlatform.Grpc.Bench -- [--seconds 5] [--warmup 15] [--callers 1,16,64] [--payload 32]
// The warm-up is long on purpose: on a loaded 2-core machine tiered JIT (instrumented tier, then tier 1)
// takes many seconds to finish for the ASP.NET Core and HttpClient code, and a short warm-up measures
// the JIT, not the stack (docs/benchmarks.md, issue 14). Every row also reports process CPU per call.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Grpc.Bench;
using EntityPlatform.Node.Hosting;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

var settings = BenchSettings.Parse(args);
await using var server = await GrpcServer.StartAsync(IPAddress.Loopback, [(0, HttpProtocols.Http2)],
    services => services.AddSingleton<EchoQueryService>(), web => web.MapGrpcService<EchoQueryService>());
// One connection: the comparison is per connection, so the channel must not open a second one.
using var channel = Channels.Create(server.AddressOf(0), new ChannelSettings { EnableMultipleHttp2Connections = false });
var client = new EntityService.EntityServiceClient(channel);
var request = new QueryRequest
{
    EntityType = "account",
    EntityId = "account-42",
    Payload = ByteString.CopyFrom(new byte[settings.PayloadBytes]),
    Consistency = Consistency.Linearizable,
};

Console.WriteLine($"# {Environment.ProcessorCount} cores, {RuntimeInformationText()}, payload {settings.PayloadBytes} B, {settings.Seconds} s per level after {settings.WarmupSeconds} s warm-up");
Console.WriteLine("| callers | calls/s | p50 µs | p99 µs | CPU µs/call | GCs gen0/1/2 | alloc B/call |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
foreach (var callers in settings.Callers)
{
    await RunAsync(client, request, callers, TimeSpan.FromSeconds(settings.WarmupSeconds));
    var result = await RunAsync(client, request, callers, TimeSpan.FromSeconds(settings.Seconds));
    Console.WriteLine($"| {callers} | {result.CallsPerSecond:N0} | {result.P50Us:N0} | {result.P99Us:N0} | {result.CpuUsPerCall:N1} | {result.Gcs} | {result.AllocatedBytesPerCall:N0} |");
}

static async Task<BenchResult> RunAsync(EntityService.EntityServiceClient client, QueryRequest request, int callers, TimeSpan duration)
{
    // Each caller records into its own bounded buffer: no locks or allocation on the measured path.
    const int maxSamplesPerCaller = 4_000_000;
    var samples = new long[callers][];
    var counts = new int[callers];
    // CPU time of the whole process (client and server share it), so it is per call of both sides together;
    // unlike calls/s it barely depends on what else runs on the machine.
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
    var gcsBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    var stop = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var started = Stopwatch.GetTimestamp();
    var workers = Enumerable.Range(0, callers).Select(index => Task.Run(async () =>
    {
        var mine = samples[index] = new long[Math.Min(maxSamplesPerCaller, 1 << 20)];
        var count = 0;
        while (Stopwatch.GetTimestamp() < stop)
        {
            var before = Stopwatch.GetTimestamp();
            await client.QueryAsync(request);
            if (count == mine.Length && mine.Length < maxSamplesPerCaller)
            {
                Array.Resize(ref mine, Math.Min(maxSamplesPerCaller, mine.Length * 2));
                samples[index] = mine;
            }
            if (count < mine.Length)
            {
                mine[count++] = Stopwatch.GetTimestamp() - before;
            }
        }
        counts[index] = count;
    })).ToArray();
    await Task.WhenAll(workers);
    var elapsedSeconds = (Stopwatch.GetTimestamp() - started) / (double)Stopwatch.Frequency;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
    var gcs = $"{GC.CollectionCount(0) - gcsBefore.Item1}/{GC.CollectionCount(1) - gcsBefore.Item2}/{GC.CollectionCount(2) - gcsBefore.Item3}";
    var all = samples.SelectMany((s, i) => s.Take(counts[i])).ToArray();
    Array.Sort(all);
    double Percentile(double p) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(all.Length * p))] * 1e6 / Stopwatch.Frequency;
    var calls = Math.Max(1, counts.Sum());
    return new BenchResult(all.Length / elapsedSeconds, Percentile(0.50), Percentile(0.99), cpu.TotalMicroseconds / calls, gcs, allocated / (double)calls);
}

static string RuntimeInformationText() =>
    $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

internal readonly record struct BenchResult(double CallsPerSecond, double P50Us, double P99Us, double CpuUsPerCall, string Gcs, double AllocatedBytesPerCall);

internal sealed record BenchSettings(int Seconds, int WarmupSeconds, int[] Callers, int PayloadBytes)
{
    public static BenchSettings Parse(string[] args)
    {
        var settings = new BenchSettings(5, 15, [1, 16, 64], 32);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            settings = args[i] switch
            {
                "--seconds" => settings with { Seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--warmup" => settings with { WarmupSeconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--callers" => settings with { Callers = args[i + 1].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray() },
                "--payload" => settings with { PayloadBytes = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}; expected --seconds, --warmup, --callers or --payload."),
            };
        }
        return settings;
    }
}
