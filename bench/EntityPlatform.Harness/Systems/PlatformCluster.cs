using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using EntityPlatform.Client;
using EntityPlatform.Entities.Routing;
using EntityPlatform.Contracts.Wire;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Harness.Checking;
using EntityPlatform.Harness.Network;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.LocalMode;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Harness.Systems;

/// <summary>
/// Node processes of the sample binary (entityplatform-samples.dll, copied next to the harness) on
/// 127.0.0.1, or each in its own network namespace bound to that namespace's address (<c>--netns</c>),
/// hosting the Counter entity type, driven through the C# client SDK. Killed by PID on dispose. With
/// <paramref name="tls"/> (the default, as <c>local up</c>) the nodes get certificates of a development CA and the
/// SDK calls with the client certificate; without it they run <c>--insecure</c> (for the TLS cost benchmark).
/// </summary>
/// <param name="nodeDirectory">Where entityplatform-samples.dll is (default: next to the harness); issue 18 points it at
/// a published build (ReadyToRun or not) to compare two builds in the same run (<c>--systems platform:DIR</c>).</param>
public sealed class PlatformCluster(int nodeCount = 3, int shards = 4, NetnsTopology? network = null, string? nodeDirectory = null, bool tls = true) : ISystemUnderTest
{
    private const string TypeName = "counter";
    private readonly string nodeDll = Path.Combine(nodeDirectory ?? AppContext.BaseDirectory, "entityplatform-samples.dll");
    private readonly string directory = Directory.CreateTempSubdirectory("ep-harness-platform-").FullName;
    private readonly List<LocalNode> nodes = [];
    private readonly Dictionary<int, GrpcChannel> pinned = [];
    private string clusterPath = "";
    private ClusterFile.RaftTimings timings = new();
    private EntityPlatformClient? client;
    private LocalCertificates? certificates;

    public string Name => (nodeDirectory is null ? "EntityPlatform" : $"EntityPlatform ({Path.GetFileName(Path.TrimEndingDirectorySeparator(nodeDirectory))})")
        + (tls ? "" : " (plaintext)");
    public IModel Model => CounterModel.Instance;
    public bool SupportsWipe => true;
    public NetnsTopology? Network => network;
    public IReadOnlyList<(int Member, int Pid)> Members => nodes.Select(n => ((int)n.Id, n.Pid)).ToList();
    public IReadOnlyList<ReadConsistency> ReadModes => [ReadConsistency.Linearizable, ReadConsistency.Lease, ReadConsistency.BoundedStaleness];
    public bool SupportsPinnedReads => true;
    public string WorkDirectory => directory;
    public bool KeepFiles { get; set; }

    /// <summary>The nodes' idle time before a group quiesces, from the Raft timings of the cluster file the harness wrote.</summary>
    public TimeSpan? QuiesceAfter => TimeSpan.FromMilliseconds((double)timings.TickMs * timings.QuiesceAfterIdleTicks);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var i = 1; i <= nodeCount; i++)
        {
            nodes.Add(new LocalNode((ulong)i, 0, NodeProcesses.FreePort(), NodeProcesses.FreePort(), NodeProcesses.FreePort(),
                Path.Combine(directory, $"n{i}"), Path.Combine(directory, $"n{i}.log"), network?.MemberAddress(i) ?? "127.0.0.1", Tls: tls));
        }

        certificates = tls ? LocalCertificates.Create(Path.Combine(directory, "tls"), nodes.Select(n => n.Id)) : null;

        clusterPath = Path.Combine(directory, "cluster.json");
        var clusterFile = LocalCluster.BuildClusterFile([new EntityTypeManifest(TypeName, shards, 3, nodeCount, 10, 15, 3)], nodes);
        timings = clusterFile.Raft;
        clusterFile.Save(clusterPath);
        foreach (var node in nodes.ToArray())
        {
            Launch(node.Id, rejoin: false);
        }

        await WaitForLeadersAsync(TimeSpan.FromSeconds(60), cancellationToken);
        var options = new EntityPlatformClientOptions
        {
            Endpoints = nodes.Select(n => n.GrpcAddress).ToList(),
            Tls = certificates is null ? null : EntityPlatform.Contracts.Security.ClientTls.FromDirectory(certificates.ClientDirectory),
        };
        // EP_HARNESS_HEDGES=N sets the SDK's MaxHedgesPerAttempt (0 turns hedging off), for before/after runs.
        if (int.TryParse(Environment.GetEnvironmentVariable("EP_HARNESS_HEDGES"), out var hedges))
        {
            options.MaxHedgesPerAttempt = hedges;
        }

        client = new EntityPlatformClient(options, ClientLogging());
        await client.ConnectAsync(cancellationToken);
    }

    /// <summary>EP_HARNESS_CLIENT_LOG=1 prints the SDK's debug log (every retry, hint and refresh) with timestamps, to study a failover.</summary>
    private static ILoggerFactory? ClientLogging() => Environment.GetEnvironmentVariable("EP_HARNESS_CLIENT_LOG") == "1"
        ? LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug)
            .AddSimpleConsole(console => (console.SingleLine, console.TimestampFormat) = (true, "HH:mm:ss.fff ")))
        : null;

    private void Launch(ulong id, bool rejoin)
    {
        var node = nodes.Single(n => n.Id == id);
        string[] run = ["dotnet", nodeDll, "run", "--node-id", id.ToString(), "--data", node.DataDirectory, "--cluster", clusterPath,
            "--grpc-port", node.GrpcPort.ToString(), "--internal-port", node.InternalPort.ToString(), "--http-port", node.HttpPort.ToString(), "--bind", node.Host, .. rejoin ? ["--rejoin"] : Array.Empty<string>(),
            .. certificates is null ? ["--insecure"] : new[] { "--tls-dir", certificates.NodeDirectory(id) }];
        // ip netns exec replaces itself with the program, so the PID is still the node's own.
        string[] command = network is null ? run : ["ip", "netns", "exec", network.MemberNamespace((int)id), .. run];
        var pid = ProcessLauncher.Start(command[0], command[1..], node.LogFile);
        nodes[nodes.IndexOf(node)] = node with { Pid = pid };
    }

    private async Task WaitForLeadersAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if ((await ViewAsync()).Leaders.Count == shards)
            {
                return;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException("not every shard of the platform elected a leader in time");
    }

    private Task<ClusterView> ViewAsync() => ClusterView.CollectAsync(nodes.Where(n => n.Pid != 0 && NodeProcesses.IsRunning(n.Pid)).ToArray(), shards,
        certificates?.AdminChannel());

    private EntityPlatformClient Client => client ?? throw new InvalidOperationException("start the cluster first");

    public Task MutateAsync(string key, long value, TimeSpan timeout, CancellationToken cancellationToken) =>
        Client.SendCommandAsync(TypeName, key, Encoding.UTF8.GetBytes($$"""{"type":"increment","by":{{value}}}"""), timeout, cancellationToken);

    public Task<long> ReadAsync(string key, TimeSpan timeout, CancellationToken cancellationToken) =>
        ReadAsync(key, ReadConsistency.Linearizable, TimeSpan.Zero, timeout, cancellationToken);

    public async Task<long> ReadAsync(string key, ReadConsistency consistency, TimeSpan maxStaleness, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (mode, bound) = consistency switch
        {
            ReadConsistency.Lease => (QueryConsistency.Lease, (TimeSpan?)null),
            ReadConsistency.BoundedStaleness => (QueryConsistency.BoundedStaleness, maxStaleness),
            _ => (QueryConsistency.Linearizable, null),
        };
        var reply = await Client.QueryAsync(TypeName, key, "value", ReadOnlyMemory<byte>.Empty, mode, bound, timeout, cancellationToken);
        return long.Parse(reply.Result.ToStringUtf8());
    }

    /// <summary>
    /// One Query straight to the member's gRPC port over its own channel, without the SDK (whose routing would
    /// send it to the leader it knows, and whose retries would hide the member's answer): what a client with a
    /// stale leader map gets from a deposed leader.
    /// </summary>
    public async Task<long> ReadFromAsync(int member, string key, ReadConsistency consistency, TimeSpan timeout, CancellationToken cancellationToken)
    {
        GrpcChannel channel;
        lock (pinned)
        {
            if (!pinned.TryGetValue(member, out channel!))
            {
                pinned[member] = channel = Channels.Create(Find(member).GrpcAddress, certificates?.ClientChannel());
            }
        }

        var request = new QueryRequest
        {
            EntityType = TypeName,
            EntityId = key,
            QueryName = "value",
            Consistency = consistency switch
            {
                ReadConsistency.Lease => Consistency.Lease,
                ReadConsistency.BoundedStaleness => Consistency.BoundedStaleness,
                _ => Consistency.Linearizable,
            },
        };
        var reply = await new EntityService.EntityServiceClient(channel).QueryAsync(request, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken);
        return long.Parse(reply.Result.ToStringUtf8());
    }

    /// <summary>The SDK's SubscribeAsync on the counter type (every shard, served by followers by default); an
    /// Incremented event's <c>by</c> is the value the harness wrote.</summary>
    public async IAsyncEnumerable<long> WrittenValuesAsync(string keyPrefix, [EnumeratorCancellation] CancellationToken cancellationToken, bool fromStart = false)
    {
        // Always from the oldest retained offset of every shard: the lag run counts first arrivals only.
        await foreach (var committed in Client.SubscribeAsync(TypeName, null, cancellationToken))
        {
            if (committed.EntityId.StartsWith(keyPrefix, StringComparison.Ordinal))
            {
                using var document = JsonDocument.Parse(committed.Payload.Memory);
                yield return document.RootElement.GetProperty("by").GetInt64();
            }
        }
    }

    public bool MayHaveApplied(Exception error) => error is not EntityPlatformException { MayHaveBeenApplied: false };

    public async Task<int?> LeaderOfAsync(string key, CancellationToken cancellationToken)
    {
        var shard = (uint)StableHash64.ShardOf(key, shards);
        return (await ViewAsync()).Leaders.TryGetValue((TypeName, shard), out var leader) ? (int)leader : null;
    }

    public async Task<Func<string, bool>> KeysLedByAsync(int member, CancellationToken cancellationToken)
    {
        var led = (await ViewAsync()).Leaders.Where(pair => pair.Value == (ulong)member).Select(pair => (int)pair.Key.Shard).ToHashSet();
        return key => led.Contains(StableHash64.ShardOf(key, shards));
    }

    public void Kill(int member) => NodeProcesses.Kill(Find(member).Pid);

    public void Pause(int member) => NodeProcesses.Pause(Find(member).Pid);

    /// <summary>SIGTERM: the node's shutdown drains its leaderships (MsgTimeoutNow to a caught-up voter) before it exits.</summary>
    public void Terminate(int member) => _ = NodeProcesses.StopAsync(Find(member).Pid, TimeSpan.FromSeconds(10));

    public void Resume(int member) => NodeProcesses.Resume(Find(member).Pid);

    /// <summary>A wiped node comes back with --rejoin, so it neither votes nor campaigns until caught up.</summary>
    public Task RestartAsync(int member, bool wipe, CancellationToken cancellationToken)
    {
        var node = Find(member);
        NodeProcesses.Kill(node.Pid);
        if (wipe && Directory.Exists(node.DataDirectory))
        {
            Directory.Delete(node.DataDirectory, recursive: true);
        }

        Launch(node.Id, rejoin: wipe);
        return Task.CompletedTask;
    }

    private LocalNode Find(int member) => nodes.Single(n => n.Id == (ulong)member);

    public async ValueTask DisposeAsync()
    {
        client?.Dispose();
        foreach (var channel in pinned.Values)
        {
            channel.Dispose();
        }

        foreach (var node in nodes.Where(n => n.Pid != 0))
        {
            NodeProcesses.Resume(node.Pid);
            NodeProcesses.Kill(node.Pid);
        }

        await Task.Delay(300);
        if (KeepFiles)
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A process that is still exiting may hold a file; the OS cleans the temp directory later.
        }
    }
}
