using System.Globalization;
using EntityPlatform.Harness;
using EntityPlatform.Harness.Load;
using EntityPlatform.Harness.Nemesis;
using EntityPlatform.Harness.Network;
using EntityPlatform.Harness.Reports;
using EntityPlatform.Harness.Systems;

// dotnet run -c Release --project bench/EntityPlatform.Harness -- [--systems platform,etcd,dotnext] [--seconds 30]
//   [--rate 300] [--faults 8] [--hold 2] [--interval 3] [--images docs/harness] [--docs docs/benchmarks.md]
// dotnet run -c Release --project bench/EntityPlatform.Harness -- --saturate 64 [--systems platform,dotnext,etcd] [--seconds 20] [--warmup 3] [--repeat R]
// (--systems platform:DIR runs the node build in DIR, e.g. a ReadyToRun publish, beside the others; platform-plaintext runs without TLS)
// dotnet run -c Release --project bench/EntityPlatform.Harness -- --saturate 64 --systems platform --slow-subscriber 5 [--pairs 2]
// dotnet run -c Release --project bench/EntityPlatform.Harness -- --subscribe-lag [--systems platform,etcd] [--rate 300] [--seconds 20] [--warmup 3]
// dotnet run -c Release --project bench/EntityPlatform.Harness -- --subscribe-catchup 50000 [--systems platform,etcd]
// --kinds IsolateLeader,KillLeader,... picks the fault kinds (FaultKind names). --netns (root only) runs every
// member and the load client in network namespaces, which the partition kinds need (docs/harness.md).
// --history FILE, --reads linearizable=1,lease=1,bounded=1, --max-staleness MS, --idle S, --quiesce, --lease-probes N:
// see docs/harness.md. Exit code 1 when any run is not proven clean (a violation, an Unknown verdict, a lost
// acknowledged write or a stale bounded read); such a run keeps its directory (data, node logs, history.jsonl).
var arguments = args.Select((value, index) => (value, index)).Where(a => a.value.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(a => a.value[2..], a => a.index + 1 < args.Length ? args[a.index + 1] : "");
string Arg(string name, string fallback) => arguments.TryGetValue(name, out var value) ? value : fallback;

var systems = Arg("systems", "platform,etcd").Split(',', StringSplitOptions.RemoveEmptyEntries);
if (arguments.TryGetValue("saturate", out var workersText))
{
    // --slow-subscriber MS: each system also runs with a subscriber that waits MS per event (issue 17).
    TimeSpan? slowSubscriber = arguments.TryGetValue("slow-subscriber", out var slowText) ? TimeSpan.FromMilliseconds(double.Parse(slowText, CultureInfo.InvariantCulture)) : null;
    return await EntityPlatform.Harness.Saturation.SaturationCommand.RunAsync(systems, int.Parse(workersText), TimeSpan.FromSeconds(double.Parse(Arg("seconds", "20"))),
        TimeSpan.FromSeconds(double.Parse(Arg("warmup", "3"), CultureInfo.InvariantCulture)), slowSubscriber, int.Parse(Arg("pairs", "1"), CultureInfo.InvariantCulture),
        int.Parse(Arg("repeat", "1"), CultureInfo.InvariantCulture));
}

if (arguments.TryGetValue("subscribe-catchup", out var catchUpText))
{
    // Delivery throughput from a backlog: N events written first, then one subscriber reads them all (docs/harness.md).
    return await EntityPlatform.Harness.Events.SubscribeCatchUpCommand.RunAsync(systems, int.Parse(catchUpText, CultureInfo.InvariantCulture));
}

if (arguments.ContainsKey("subscribe-lag"))
{
    // Write acknowledgement to event arrival at one subscriber (our Subscribe, etcd's Watch), docs/harness.md.
    return await EntityPlatform.Harness.Events.SubscribeLagCommand.RunAsync(systems, new EntityPlatform.Harness.Events.SubscribeLagOptions(
        double.Parse(Arg("rate", "300"), CultureInfo.InvariantCulture), TimeSpan.FromSeconds(double.Parse(Arg("seconds", "20"), CultureInfo.InvariantCulture)),
        TimeSpan.FromSeconds(double.Parse(Arg("warmup", "3"), CultureInfo.InvariantCulture)), TimeSpan.FromSeconds(10)));
}

var options = HarnessOptions.Default(double.Parse(Arg("rate", "300")), TimeSpan.FromSeconds(double.Parse(Arg("seconds", "30"))), int.Parse(Arg("faults", "8")));
var netns = arguments.TryGetValue("netns-child", out var topologyText) ? NetnsTopology.Parse(topologyText) : null;
var kinds = arguments.TryGetValue("kinds", out var kindsText) ? FaultKinds.Parse(kindsText)
    : arguments.ContainsKey("netns") || netns is not null ? FaultKinds.Partitions : FaultKinds.Processes;
// A soak packs faults closer: --hold is how long each fault lasts, --interval the quiet time after it heals.
if (arguments.TryGetValue("hold", out var holdText))
{
    options = options with { Nemesis = options.Nemesis with { Hold = TimeSpan.FromSeconds(double.Parse(holdText, CultureInfo.InvariantCulture)) } };
}

if (arguments.TryGetValue("interval", out var intervalText))
{
    options = options with { Nemesis = options.Nemesis with { Interval = TimeSpan.FromSeconds(double.Parse(intervalText, CultureInfo.InvariantCulture)) } };
}

options = options with { Nemesis = options.Nemesis with { Kinds = kinds } };
// Reads under each consistency (--reads lease=1,bounded=1), each checked against its own promise; --max-staleness in ms.
if (arguments.TryGetValue("reads", out var readsText))
{
    options = options with { Load = options.Load with { Reads = ReadMix.Parse(readsText) } };
}

if (arguments.TryGetValue("max-staleness", out var stalenessText))
{
    options = options with { Load = options.Load with { MaxStaleness = TimeSpan.FromMilliseconds(double.Parse(stalenessText, CultureInfo.InvariantCulture)) } };
}

// --idle S holds the load back S seconds before every fault; --quiesce at least until the cluster has quiesced.
// --lease-probes N sends N lease reads straight to a paused or cut-off leader around its heal (default 10 when the
// read mix has lease reads).
options = options with
{
    Nemesis = options.Nemesis with
    {
        IdleBefore = arguments.TryGetValue("idle", out var idleText) ? TimeSpan.FromSeconds(double.Parse(idleText, CultureInfo.InvariantCulture)) : TimeSpan.Zero,
        QuiesceBeforeEachFault = arguments.ContainsKey("quiesce"),
        LeaseProbes = arguments.TryGetValue("lease-probes", out var probesText) ? int.Parse(probesText, CultureInfo.InvariantCulture)
            : options.Load.ReadMix.Lease > 0 ? 10 : 0,
    },
};

if (netns is null && kinds.Any(FaultKinds.NeedsNetns) && !arguments.ContainsKey("netns"))
{
    throw new ArgumentException("--kinds: partition kinds need --netns (members in network namespaces)");
}

if (netns is null && arguments.ContainsKey("netns"))
{
    // The root-namespace parent: build the namespaces, run this same command inside the client namespace, clean up.
    // The child runs the systems one after another, each within its own limit (below), so the parent's scales with them.
    return NetnsParent.Run(args, memberCount: 3, limit: (options.Load.Duration * 3 + TimeSpan.FromMinutes(4)) * systems.Length, Console.Out);
}

// The child drops --netns and gains --netns-child: show the command as the user typed it.
var command = "dotnet bench/EntityPlatform.Harness/bin/Release/net10.0/EntityPlatform.Harness.dll " +
    string.Join(" ", args.TakeWhile(arg => arg != "--netns-child")) + (netns is null ? "" : " --netns");
var runs = new List<SystemRunResult>();
foreach (var name in systems)
{
    Console.WriteLine($"== {name}");
    // Each system gets its own time limit: one shared by all let a slow first system (start-up and checks on a
    // loaded machine) cancel the next one's load midway (issue 18 lost etcd's and DotNext's runs that way).
    using var timeout = new CancellationTokenSource(options.Load.Duration * 3 + TimeSpan.FromMinutes(3));
    await using var system = SystemFactory.Create(name, netns);
    runs.Add(await SystemRunner.RunAsync(system, options, Console.Out, timeout.Token, HistoryPath(name)));
}

var section = MarkdownReport.Write(runs, Arg("images", "docs/harness"), "harness/", command,
    netns is null ? "127.0.0.1" : $"each member and the client in its own network namespace on {netns.Subnet}");
Console.WriteLine(section);
foreach (var run in runs)
{
    foreach (var finding in run.Findings())
    {
        Console.WriteLine($"[{run.System}] {finding}");
    }
}

if (arguments.TryGetValue("docs", out var docs))
{
    MarkdownReport.ReplaceSection(docs, section);
}

return MarkdownReport.Clean(runs) ? 0 : 1;

// --history FILE: every recorded op as JSON lines; with several systems, FILE gets the system's name before its extension.
string? HistoryPath(string system) => !arguments.TryGetValue("history", out var path) || path.Length == 0 ? null
    : systems.Length == 1 ? path
    : Path.Combine(Path.GetDirectoryName(path) ?? "", $"{Path.GetFileNameWithoutExtension(path)}.{system}{Path.GetExtension(path)}");
