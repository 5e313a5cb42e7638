using EntityPlatform.Harness;
using EntityPlatform.Harness.Reports;
using EntityPlatform.Harness.Systems;

// dotnet run -c Release --project bench/EntityPlatform.Harness -- [--systems platform,etcd] [--seconds 30]
//   [--rate 300] [--faults 8] [--hold 2] [--interval 3] [--images docs/harness] [--docs docs/benchmarks.md]
// dotnet run -c Release --project bench/EntityPlatform.Harness -- --saturate 64 [--systems platform,etcd] [--seconds 20]
var arguments = args.Select((value, index) => (value, index)).Where(a => a.value.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(a => a.value[2..], a => a.index + 1 < args.Length ? args[a.index + 1] : "");
string Arg(string name, string fallback) => arguments.TryGetValue(name, out var value) ? value : fallback;

var systems = Arg("systems", "platform,etcd").Split(',', StringSplitOptions.RemoveEmptyEntries);
if (arguments.TryGetValue("saturate", out var workersText))
{
    return await EntityPlatform.Harness.Saturation.SaturationCommand.RunAsync(systems, int.Parse(workersText), TimeSpan.FromSeconds(double.Parse(Arg("seconds", "20"))));
}

var options = HarnessOptions.Default(double.Parse(Arg("rate", "300")), TimeSpan.FromSeconds(double.Parse(Arg("seconds", "30"))), int.Parse(Arg("faults", "8")));
// A soak packs faults closer: --hold is how long each fault lasts, --interval the quiet time after it heals.
options = options with
{
    Nemesis = options.Nemesis with
    {
        Hold = TimeSpan.FromSeconds(double.Parse(Arg("hold", options.Nemesis.Hold.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture)),
        Interval = TimeSpan.FromSeconds(double.Parse(Arg("interval", options.Nemesis.Interval.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture)),
    },
};
var command = "dotnet run -c Release --project bench/EntityPlatform.Harness -- " + string.Join(" ", args);
using var timeout = new CancellationTokenSource(options.Load.Duration * 3 + TimeSpan.FromMinutes(3));
var runs = new List<SystemRunResult>();
foreach (var name in systems)
{
    Console.WriteLine($"== {name}");
    await using ISystemUnderTest system = name switch
    {
        "platform" => new PlatformCluster(),
        "etcd" => new EtcdCluster(),
        _ => throw new ArgumentException($"--systems: unknown system '{name}'; expected platform or etcd"),
    };
    runs.Add(await SystemRunner.RunAsync(system, options, Console.Out, timeout.Token));
}

var section = MarkdownReport.Write(runs, Arg("images", "docs/harness"), "harness/", command);
Console.WriteLine(section);
foreach (var violation in runs.SelectMany(r => r.Linearizability.Violations))
{
    Console.WriteLine(violation.Describe());
}

if (arguments.TryGetValue("docs", out var docs))
{
    MarkdownReport.ReplaceSection(docs, section);
}

return MarkdownReport.Clean(runs) ? 0 : 1;
