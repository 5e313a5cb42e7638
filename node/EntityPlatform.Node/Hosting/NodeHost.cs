using EntityPlatform.Contracts.Wire;
using EntityPlatform.Node.Api;
using EntityPlatform.Node.Health;
using EntityPlatform.Node.Scheduler;
using EntityPlatform.Node.Security;
using EntityPlatform.Node.Telemetry;
using EntityPlatform.Node.Transport;
using EntityPlatform.Storage.Engine;
using EntityPlatform.Storage.Snapshots;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Hosting;

/// <summary>
/// One node process: storage, the multi-Raft scheduler, the peer transport, and three ports: the CLIENT
/// port (EntityService only), the INTERNAL port (PeerService and AdminService), both gRPC over HTTP/2 with
/// grpc.health.v1 and reflection, and /healthz, /readyz, /metrics (OpenTelemetry's Prometheus exporter) on an HTTP/1.1 port. SIGTERM drains
/// leaderships first, then stops. This is the same binary that runs in a pod.
/// </summary>
public sealed partial class NodeHost : IAsyncDisposable
{
    private static readonly TimeSpan DrainOnStopTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Test-only switch (see SchedulerOptions.UnsafeAckBeforePersist); never set it in production.</summary>
    public const string UnsafeAckVariable = "EP_TEST_UNSAFE_ACK_BEFORE_FSYNC";

    /// <summary>Test-only switch (see SchedulerOptions.TestLoopFaultEntityId); never set it in production.</summary>
    public const string LoopFaultVariable = "EP_TEST_LOOP_FAULT_ON_ENTITY";

    /// <summary>Test-only switch (see SchedulerOptions.TestApplyFaultEntityId); never set it in production.</summary>
    public const string ApplyFaultVariable = "EP_TEST_APPLY_FAULT_ON_ENTITY";

    private readonly NodeOptions options;
    private readonly LogEngine engine;
    private readonly GrpcPeerTransport transport;
    private readonly ChannelPool forwardChannels;
    private readonly SnapshotAssembler snapshotAssembler;
    private readonly Forwarder forwarder;
    private readonly NodeStatusCache statusCache = new(TimeProvider.System);
    private readonly NodeMetrics metrics;
    private readonly Events.EventSubscriptions subscriptions;
    private readonly Events.EventMetrics eventMetrics;
    private readonly NodeTelemetry telemetry;
    private GrpcServer? server;
    private NodeHealth? health;

    private NodeHost(NodeOptions options, ClusterFile cluster, EntityTypeRegistry types, ILoggerFactory logging, NodeSecurity? security)
    {
        this.options = options;
        Security = security;
        // With TLS, every channel this node opens (peers, forwarding to a leader's client port) presents the
        // node's own certificate and trusts only the cluster's CA.
        var channelSettings = security?.Channel(ChannelSettings.Default) ?? ChannelSettings.Default;
        forwardChannels = new ChannelPool(channelSettings);
        Directory.CreateDirectory(options.DataDirectory);
        Peers = new PeerDirectory();
        Clients = new PeerDirectory();
        foreach (var node in cluster.Nodes)
        {
            Peers.Set(node.Id, new Uri(node.Address));
            if (node.ClientAddress is { } clientAddress)
            {
                Clients.Set(node.Id, new Uri(clientAddress));
            }
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
        transport = new GrpcPeerTransport(options.NodeId, Peers, new PeerTransportOptions { SnapshotSource = new SnapshotStoreChunkSource(snapshots), Channel = channelSettings },
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
                TestApplyFaultEntityId = Environment.GetEnvironmentVariable(ApplyFaultVariable) is { Length: > 0 } applyFault ? applyFault : null,
                EventLogDirectory = Path.Combine(options.DataDirectory, "events"),
                EventRetention = cluster.EntityTypes.ToDictionary(type => type.Name,
                    type => Storage.Events.EventRetention.Parse(type.EventsMaxAge, type.EventsMaxBytes, $"cluster file entity type {type.Name}"), StringComparer.Ordinal),
            },
            cluster.Catalog(), types, engine, snapshots, transport, logging.CreateLogger<MultiRaftScheduler>());
        forwarder = new Forwarder(Clients, forwardChannels);
        Cluster = cluster;
        metrics = new NodeMetrics(options.NodeId, statusCache, () => Scheduler.DroppedPeerMessages);
        subscriptions = new Events.EventSubscriptions(Scheduler, new Events.SubscriptionLimits { MaxSubscribers = options.MaxSubscribers },
            eventMetrics = new Events.EventMetrics(options.NodeId, Scheduler.EventLogs, () => subscriptions?.Active ?? 0));
        telemetry = new NodeTelemetry(options.NodeId, exportTraces: NodeTelemetry.TracesConfigured());
    }

    public MultiRaftScheduler Scheduler { get; }

    /// <summary>Every node's internal address (peer transport, admin API).</summary>
    public PeerDirectory Peers { get; }

    /// <summary>Every node's client address (Topology, leader hints, forwarding).</summary>
    public PeerDirectory Clients { get; }

    public ClusterFile Cluster { get; }

    /// <summary>Counters of the peer transport, both directions (forged senders refused included).</summary>
    public TransportMetrics TransportMetrics => transport.Metrics;

    /// <summary>TLS material and access rules; null when the node runs plaintext (<c>--insecure</c>, or neither flag).</summary>
    public NodeSecurity? Security { get; }

    public static async Task<NodeHost> StartAsync(NodeOptions options, EntityTypeRegistry types, ILoggerFactory logging)
    {
        var cluster = ClusterFile.Load(options.ClusterFilePath);
        foreach (var type in cluster.EntityTypes)
        {
            _ = types.Get(type.Name);
        }

        // Before anything is opened: refuse a directory of another node or cluster, and an empty one in a founded cluster unless rejoining.
        options = DataDirectoryAdmission.Admit(options, cluster, TimeProvider.System);
        var security = SecurityMode.Resolve(options, cluster, logging.CreateLogger<NodeHost>());
        var host = new NodeHost(options, cluster, types, logging, security);
        if (host.Scheduler.UnsafeAckBeforePersist)
        {
            logging.CreateLogger<NodeHost>().LogCritical("{Variable}=1: commands are acknowledged BEFORE they are durable. Test use only.", UnsafeAckVariable);
        }

        if (Environment.GetEnvironmentVariable(LoopFaultVariable) is { Length: > 0 } entity)
        {
            logging.CreateLogger<NodeHost>().LogCritical("{Variable}={Entity}: a command for that entity kills the node's loop. Test use only.", LoopFaultVariable, entity);
        }

        if (Environment.GetEnvironmentVariable(ApplyFaultVariable) is { Length: > 0 } poison)
        {
            logging.CreateLogger<NodeHost>().LogCritical("{Variable}={Entity}: applying a command for that entity faults its shard's replica. Test use only.", ApplyFaultVariable, poison);
        }

        host.Scheduler.Start(cluster.NodePlacement());
        await host.StartServersAsync(logging);
        return host;
    }

    private async Task StartServersAsync(ILoggerFactory logging)
    {
        var entity = new EntityServiceHandlers(Scheduler, Clients, forwarder, new RequestLimits(), subscriptions);
        var admin = new AdminServiceHandlers(Scheduler, Peers, Clients);
        var peer = new PeerServiceHandlers(Scheduler, snapshotAssembler, options.NodeId, transport.Metrics, logging.CreateLogger<PeerServiceHandlers>());
        health = new NodeHealth(Scheduler, Unhealthy, statusCache);
        var nodeHealth = health;
        var security = Security;
        server = await GrpcServer.StartAsync(options.BindAddress,
            [
                new ListenEndpoint(options.GrpcPort, HttpProtocols.Http2, security?.ClientPortTls),
                new ListenEndpoint(options.InternalPort, HttpProtocols.Http2, security?.InternalPortTls),
                // Probes and scrapes (kubelet, Prometheus) stay plaintext HTTP/1.1: they carry no entity data.
                new ListenEndpoint(options.HttpPort, HttpProtocols.Http1),
            ],
            services =>
            {
                if (security is not null)
                {
                    services.AddSingleton(security);
                    CallAuthenticator.AddTokenValidation(services, security);
                    // Added after ApiInterceptor, so it runs inside it: refusals are counted and traced like any status.
                    services.Configure<global::Grpc.AspNetCore.Server.GrpcServiceOptions>(grpc => grpc.Interceptors.Add<CallAuthorizer>());
                }

                services.AddSingleton(entity);
                services.AddSingleton(admin);
                services.AddSingleton(peer);
                services.AddSingleton(nodeHealth.Service);
            },
            web =>
            {
                PortScope.Restrict(web.MapGrpcService<EntityServiceHandlers>(), () => options.GrpcPort);
                PortScope.Restrict(web.MapGrpcService<AdminServiceHandlers>(), () => options.InternalPort);
                PortScope.Restrict(web.MapGrpcService<PeerServiceHandlers>(), () => options.InternalPort);
                web.MapGrpcService<HealthServiceImpl>();
                web.MapGrpcReflectionService();
                MapHealthEndpoints(web, () => options.HttpPort);
            },
            logging);
    }

    private void MapHealthEndpoints(WebApplication web, Func<int> httpPort)
    {
        PortScope.Restrict(web.MapGet("/healthz", () => Unhealthy() is { } reason
            ? Results.Text(reason + "\n", statusCode: 500)
            : Results.Text("ok\n")), httpPort);
        PortScope.Restrict(web.MapGet("/readyz", async () =>
        {
            var (ready, text) = await health!.ClientApiReadyAsync();
            return Results.Text(text, statusCode: ready ? 200 : 503);
        }), httpPort);
        // Prometheus text from the OpenTelemetry exporter; the node's gauges read the status NodeHealth refreshes.
        PortScope.Restrict(telemetry.MapScrapingEndpoint(web), httpPort);
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

        if (server is not null)
        {
            await server.DisposeAsync();
        }

        if (health is not null)
        {
            await health.DisposeAsync();
        }

        await Scheduler.DisposeAsync();
        await transport.DisposeAsync();
        forwardChannels.Dispose();
        telemetry.Dispose();
        metrics.Dispose();
        eventMetrics.Dispose();
        engine.Dispose();
    }
}
