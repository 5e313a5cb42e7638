using System.Diagnostics.Metrics;
using EntityPlatform.Client.Calls;
using EntityPlatform.Client.DependencyInjection;
using EntityPlatform.Client.Diagnostics;
using EntityPlatform.Client.Resilience;
using EntityPlatform.Client.Routing;
using EntityPlatform.Client.Sessions;
using EntityPlatform.Client.Transport;
using EntityPlatform.Contracts.Wire;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EntityPlatform.Client;

/// <summary>
/// The EntityPlatform client: learns which node leads each shard and sends each call straight there,
/// retries safely (every command carries a session and request id the server deduplicates), skips dead
/// nodes with a circuit breaker per node, and passes deadlines and cancellation to the server.
/// Thread-safe; create one per process (or register it with <c>AddEntityPlatformClient</c>) and keep it.
/// </summary>
public sealed partial class EntityPlatformClient : IDisposable
{
    private readonly EntityPlatformClientOptions options;
    private readonly IEntityTransport transport;
    private readonly LeaderMap map = new();
    private readonly TopologyRefresher refresher;
    private readonly TopologyWatcher watcher;
    private readonly CallExecutor executor;
    private readonly SessionPool sessions;
    private readonly ClientMetrics metrics;
    private readonly TimeProvider time;

    public EntityPlatformClient(EntityPlatformClientOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
        : this(options, null, loggerFactory, timeProvider, meterFactory, null)
    {
    }

    /// <summary>The test seam: a fake transport, a fake clock and a fixed random source for the backoff.</summary>
    internal EntityPlatformClient(EntityPlatformClientOptions options, IEntityTransport? transport, ILoggerFactory? loggerFactory,
        TimeProvider? timeProvider, IMeterFactory? meterFactory, Func<double>? uniform)
    {
        var errors = EntityPlatformClientOptionsValidator.Check(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid EntityPlatformClientOptions: " + string.Join("; ", errors), nameof(options));
        }

        this.options = options;
        time = timeProvider ?? TimeProvider.System;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<EntityPlatformClient>();
        metrics = new ClientMetrics(meterFactory);
        this.transport = transport ?? new GrpcEntityTransport(new ChannelSettings { UserAgent = options.UserAgent, Tls = options.Tls },
            options.TokenProvider is null ? null : new TokenCache(options.TokenProvider, options.TokenRefreshBefore, time));
        var seeds = options.Seeds();
        sessions = new SessionPool(Guid.CreateVersion7(), options.MaxConcurrentCommands);
        var breakers = new EndpointBreakers(options, time, metrics, logger);
        refresher = new TopologyRefresher(map, this.transport, seeds, options, time, metrics, logger, breakers.IsSuspect);
        var router = new Router(map, breakers, seeds, refresher, metrics, logger);
        executor = new CallExecutor(router, breakers, this.transport, options, metrics, logger, time, uniform ?? Random.Shared.NextDouble);
        watcher = new TopologyWatcher(map, this.transport, options.TopologyWatchNodes, time, metrics, logger, uniform ?? Random.Shared.NextDouble);
        Breakers = breakers;
        ClientLog.Started(logger, sessions.ClientSessionId, string.Join(", ", seeds));
        refresher.StartPeriodic();
        watcher.Start();
    }

    /// <summary>This client's deduplication session (lane 0; concurrent commands use lanes derived from it).</summary>
    public Guid SessionId => sessions.ClientSessionId;

    internal LeaderMap LeaderMap => map;

    internal TopologyRefresher Refresher => refresher;

    internal TopologyWatcher Watcher => watcher;

    internal EndpointBreakers Breakers { get; }

    internal SessionPool Sessions => sessions;

    internal CallExecutor Executor => executor;

    internal Meter Meter => metrics.Meter;

    /// <summary>
    /// Learns the cluster now rather than on the first call. Fails with <see cref="EntityPlatformException"/>
    /// when no seed answers within the timeout.
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        await refresher.Request("connect").WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!map.HasTopology)
        {
            throw new EntityPlatformException(StatusCode.Unavailable,
                $"No seed answered the Topology call within {options.TopologyTimeout} (seeds: {string.Join(", ", options.Seeds())})", 1, false, null);
        }
    }

    private CallBudget Budget(TimeSpan? timeout)
    {
        var total = timeout ?? options.DefaultTimeout;
        if (total <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "timeout must be positive");
        }

        return new CallBudget(time, total);
    }

    public void Dispose()
    {
        watcher.Dispose();
        refresher.Dispose();
        transport.Dispose();
        sessions.Dispose();
        metrics.Dispose();
    }
}
