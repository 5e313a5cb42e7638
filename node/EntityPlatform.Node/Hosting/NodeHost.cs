using EntityPlatform.Grpc.Server;
using EntityPlatform.Node.Api;
using EntityPlatform.Node.Health;
using EntityPlatform.Node.Scheduler;
using EntityPlatform.Node.Transport;
using EntityPlatform.Storage.Engine;
using EntityPlatform.Storage.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Hosting;

/// <summary>
/// One node process: storage, the multi-Raft scheduler, the peer transport, the gRPC services (client,
/// admin, peer) on an HTTP/2 port, and /healthz, /readyz, /metrics on an HTTP/1.1 port. SIGTERM drains
/// leaderships first, then stops. This is the same binary that runs in a pod.
/// </summary>
public sealed partial class NodeHost : IAsyncDisposable
{
    private static readonly TimeSpan DrainOnStopTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Test-only switch (see SchedulerOptions.UnsafeAckBeforePersist); never set it in production.</summary>
    public const string UnsafeAckVariable = "EP_TEST_UNSAFE_ACK_BEFORE_FSYNC";

    /// <summary>Test-only switch (see SchedulerOptions.TestLoopFaultEntityId); never set it in production.</summary>
    public const string LoopFaultVariable = "EP_TEST_LOOP_FAULT_ON_ENTITY";

    private readonly NodeOptions options;
    private readonly LogEngine engine;
    private readonly GrpcPeerTransport transport;
    private readonly SnapshotAssembler snapshotAssembler;
    private readonly Forwarder forwarder;
    private WebApplication? app;

    private NodeHost(NodeOptions options, ClusterFile cluster, EntityTypeRegistry types, ILoggerFactory logging)
    {
        this.options = options;
        Directory.CreateDirectory(options.DataDirectory);
        Peers = new PeerDirectory();
        foreach (var node in cluster.Nodes)
        {
            Peers.Set(node.Id, new Uri(node.Address));
        }

        engine = LogEngine.Open(Path.Combine(options.DataDirectory, DataDirectoryAdmission.LogDirectoryName));
        var snapshots = new SnapshotStore(Path.Combine(options.DataDirectory, "snapshots"));
        // Snapshots stream from and into files: uploads read the store's files, received ones are staged next
        // to the store (one file system, so taking one is a rename) and moved into it.
        snapshotAssembler = new SnapshotAssembler(new SnapshotAssemblerOptions
        {
            Store = snapshots,
            StagingDirectory = Path.Combine(options.DataDirectory, "snapshots-incoming"),
        });
        transport = new GrpcPeerTransport(options.NodeId, Peers, new PeerTransportOptions { SnapshotSource = new SnapshotStoreChunkSource(snapshots) },
            logger: logging.CreateLogger<GrpcPeerTransport>());
        var raft = cluster.Raft;
        Scheduler = new MultiRaftScheduler(
            new SchedulerOptions
            {
                NodeId = options.NodeId,
                TickInterval = TimeSpan.FromMilliseconds(raft.TickMs),
                ElectionTicks = raft.ElectionTicks,
                HeartbeatTicks = raft.HeartbeatTicks,
                QuiesceAfterIdleTicks = raft.QuiesceAfterIdleTicks,
                SnapshotEveryEntries = raft.SnapshotEveryEntries,
                EntriesKeptAfterSnapshot = Math.Min(1_000, raft.SnapshotEveryEntries / 2),
                Rejoin = options.Rejoin,
                RejoinStoredReplicas = options.RejoinPending,
                RejoinFinished = options.RejoinPending ? () => Storage.Identity.RejoinPendingFile.Clear(options.DataDirectory) : null,
                UnsafeAckBeforePersist = Environment.GetEnvironmentVariable(UnsafeAckVariable) == "1",
                TestLoopFaultEntityId = Environment.GetEnvironmentVariable(LoopFaultVariable) is { Length: > 0 } faultEntity ? faultEntity : null,
            },
            cluster.Catalog(), types, engine, snapshots, transport, logging.CreateLogger<MultiRaftScheduler>());
        forwarder = new Forwarder(Peers);
        Cluster = cluster;
    }

    public MultiRaftScheduler Scheduler { get; }

    public PeerDirectory Peers { get; }

    public ClusterFile Cluster { get; }

    public static async Task<NodeHost> StartAsync(NodeOptions options, EntityTypeRegistry types, ILoggerFactory logging)
    {
        var cluster = ClusterFile.Load(options.ClusterFilePath);
        foreach (var type in cluster.EntityTypes)
        {
            _ = types.Get(type.Name);
        }

        // Before anything is opened: refuse a directory of another node or cluster, and an empty one in a founded cluster unless rejoining.
        options = DataDirectoryAdmission.Admit(options, cluster, TimeProvider.System);
        var host = new NodeHost(options, cluster, types, logging);
        if (host.Scheduler.UnsafeAckBeforePersist)
        {
            logging.CreateLogger<NodeHost>().LogCritical("{Variable}=1: commands are acknowledged BEFORE they are durable. Test use only.", UnsafeAckVariable);
        }

        if (Environment.GetEnvironmentVariable(LoopFaultVariable) is { Length: > 0 } entity)
        {
            logging.CreateLogger<NodeHost>().LogCritical("{Variable}={Entity}: a command for that entity kills the node's loop. Test use only.", LoopFaultVariable, entity);
        }

        host.Scheduler.Start(cluster.NodePlacement());
        await host.StartServersAsync(logging);
        return host;
    }

    private async Task StartServersAsync(ILoggerFactory logging)
    {
        var registry = new GrpcServiceRegistry();
        new EntityServiceHandlers(Scheduler, Peers, forwarder, new RequestLimits()).Register(registry);
        new AdminServiceHandlers(Scheduler, Peers).Register(registry);
        PeerServiceHandlers.Register(registry, Scheduler, snapshotAssembler, options.NodeId, transport.Metrics, logging.CreateLogger<PeerServiceHandlers>());

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            GrpcKestrel.ApplyHttp2Limits(kestrel);
            kestrel.Listen(options.BindAddress, options.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(options.BindAddress, options.HttpPort, listen => listen.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddRoutingCore();
        app = builder.Build();
        app.MapWhen(context => context.Connection.LocalPort == options.GrpcPort, grpc => grpc.UseGrpc(registry));
        app.UseRouting();
        MapHealthEndpoints(app);
        await app.StartAsync();
    }

    private void MapHealthEndpoints(WebApplication web)
    {
        web.MapGet("/healthz", () => Unhealthy() is { } reason
            ? Results.Text(reason + "\n", statusCode: 500)
            : Results.Text("ok\n"));
        web.MapGet("/readyz", async () =>
        {
            var replicas = await Scheduler.StatusAsync();
            // A replica the placement is moving away does not hold readiness back: it is about to be removed.
            var withoutLeader = replicas.Where(replica => replica.Wanted && replica.Raft.Leader == 0).Select(replica => replica.Shard.ToString()).ToArray();
            return withoutLeader.Length == 0
                ? Results.Text($"ready: {replicas.Count} shard replicas, all with a leader\n")
                : Results.Text($"not ready: no leader known for {string.Join(", ", withoutLeader)}\n", statusCode: 503);
        });
        web.MapGet("/metrics", async () => Results.Text(
            MetricsText.Render(options.NodeId, await Scheduler.StatusAsync(), Scheduler.PlacementVersion), "text/plain; version=0.0.4"));
    }

    /// <summary>Why the node is not alive (its loop died, stalled, or a storage commit hangs), or null.</summary>
    public string? Unhealthy() => LoopWatchdog.Default.Check(Scheduler.Progress, System.Diagnostics.Stopwatch.GetTimestamp(), Scheduler.Failure);

    /// <summary>Graceful stop: move leaderships away (bounded), then stop serving and close storage.</summary>
    public async ValueTask DisposeAsync()
    {
        var deadline = DateTime.UtcNow + DrainOnStopTimeout;
        while (Scheduler.Failure is null && DateTime.UtcNow < deadline && await Scheduler.DrainLeadershipAsync() > 0)
        {
            await Task.Delay(50);
        }

        if (app is not null)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await app.StopAsync(grace.Token);
            await app.DisposeAsync();
        }

        await Scheduler.DisposeAsync();
        await transport.DisposeAsync();
        forwarder.Dispose();
        engine.Dispose();
    }
}
