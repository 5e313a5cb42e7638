using System.Diagnostics;
using EntityPlatform.Node.Hosting;

namespace EntityPlatform.Node.LocalMode;

/// <summary><c>local up | status | restart | down | demo</c>: the local cluster, the embedded default with no Kubernetes.</summary>
public static class LocalCommand
{
    public const string DefaultManifest = "crds/samples/local/demo.yaml";
    private static readonly TimeSpan LeaderWaitTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.FirstOrDefault() ?? throw new ArgumentException("local needs a verb: up, status, restart, down or demo");
        var options = new CommandArguments(args[1..], new HashSet<string> { "--insecure" });
        switch (verb)
        {
            case "up":
                var state = await LocalCluster.UpAsync(options.Int("--nodes", 3, min: 1, max: 9), LoadManifests(options), Console.Out, options.Flag("--insecure"));
                if (!await WaitForLeadersAsync(state, Console.Out))
                {
                    return 1;
                }

                // From now on a node with an empty data directory rejoins instead of founding again.
                LocalFounding.MarkFounded(state.ClusterFile);
                return 0;
            case "restart":
                var running = LocalState.Load() ?? throw new ArgumentException("no local cluster is running; start one with 'local up'");
                LocalFounding.Restart(running, (ulong)options.Int("--node", min: 1, max: 9), Console.Out);
                return 0;
            case "status":
                return await PrintStatusAsync(Console.Out) ? 0 : 1;
            case "down":
                await LocalCluster.DownAsync(Console.Out);
                return 0;
            case "demo":
                return await Demo.RunAsync(options.Int("--nodes", 3, min: 3, max: 9), LoadManifests(options),
                    TimeSpan.FromSeconds(options.Int("--seconds", 8, min: 4, max: 600)), Console.Out, options.Flag("--insecure"));
            default:
                throw new ArgumentException($"unknown local verb '{verb}'; expected up, status, restart, down or demo");
        }
    }

    private static IReadOnlyList<EntityTypeManifest> LoadManifests(CommandArguments options)
    {
        var path = options.String("--file", DefaultManifest);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"--file {path} does not exist; pass an EntityType YAML such as {DefaultManifest}");
        }

        var manifests = EntityTypeManifest.Load(path);
        return manifests.Count > 0 ? manifests : throw new ArgumentException($"--file {path} holds no EntityType");
    }

    /// <summary>Polls the nodes until every shard has a leader, showing progress; prints the map.</summary>
    public static async Task<bool> WaitForLeadersAsync(LocalState state, TextWriter output)
    {
        var cluster = ClusterFile.Load(state.ClusterFile);
        var total = cluster.EntityTypes.Sum(type => type.Shards);
        var clock = Stopwatch.StartNew();
        ClusterView view;
        do
        {
            await Task.Delay(100);
            view = await ClusterView.CollectAsync(state, total);
            output.Write($"\rwaiting for leaders: {view.Leaders.Count}/{total} shards have one ({clock.Elapsed.TotalSeconds:0.0} s)   ");
        }
        while (view.Leaders.Count < total && clock.Elapsed < LeaderWaitTimeout);

        output.WriteLine();
        ClusterTable.Print(state, cluster, view, output);
        if (view.Leaders.Count < total)
        {
            output.WriteLine($"error: {total - view.Leaders.Count} shards have no leader after {LeaderWaitTimeout.TotalSeconds:0} s; see the logs in {LocalState.Directory}");
            return false;
        }

        return true;
    }

    private static async Task<bool> PrintStatusAsync(TextWriter output)
    {
        var state = LocalState.Load();
        if (state is null)
        {
            output.WriteLine("no local cluster is running; start one with 'local up'");
            return false;
        }

        var cluster = ClusterFile.Load(state.ClusterFile);
        var view = await ClusterView.CollectAsync(state, cluster.EntityTypes.Sum(type => type.Shards));
        ClusterTable.Print(state, cluster, view, output);
        return view.UnreachableNodes == 0;
    }
}
