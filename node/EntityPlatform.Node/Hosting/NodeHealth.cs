using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Node.Health;
using EntityPlatform.Node.Scheduler;
using EntityPlatform.Node.Telemetry;
using Grpc.Health.V1;
using Grpc.HealthCheck;

namespace EntityPlatform.Node.Hosting;

/// <summary>
/// grpc.health.v1 per service, tied to readiness and refreshed every <see cref="Period"/>: the client API
/// (entityplatform.v1.EntityService) is SERVING once every shard replica this node wants has a known leader
/// (the same rule as /readyz); the peer and admin services and "" (the whole node) while the loop watchdog
/// finds the node alive (the same rule as /healthz).
/// </summary>
public sealed class NodeHealth : IAsyncDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    private readonly MultiRaftScheduler _scheduler;
    private readonly Func<string?> _unhealthy;
    private readonly NodeStatusCache? _statusCache;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="unhealthy">Why the node is not alive (the loop watchdog's verdict), or null when it is.</param>
    /// <param name="statusCache">Receives every status read here, so /metrics shows it without asking the loop.</param>
    public NodeHealth(MultiRaftScheduler scheduler, Func<string?> unhealthy, NodeStatusCache? statusCache = null)
    {
        _scheduler = scheduler;
        _unhealthy = unhealthy;
        _statusCache = statusCache;
        foreach (var name in Services)
        {
            Service.SetStatus(name, HealthCheckResponse.Types.ServingStatus.NotServing);
        }

        _loop = Task.Run(RunAsync);
    }

    /// <summary>The service names reported, "" (the node) first.</summary>
    public static IReadOnlyList<string> Services { get; } =
        ["", EntityService.Descriptor.FullName, PeerService.Descriptor.FullName, AdminService.Descriptor.FullName];

    public HealthServiceImpl Service { get; } = new();

    /// <summary>
    /// Whether the client API is ready (the /readyz rule, Health/ShardReadiness: every wanted working replica
    /// knows a leader that is not suspect) and the Raft loop runs; with the text /readyz answers.
    /// </summary>
    public async Task<(bool Ready, string Text)> ClientApiReadyAsync()
    {
        var replicas = await _scheduler.StatusAsync().ConfigureAwait(false);
        _statusCache?.Publish(replicas, _scheduler.PlacementVersion);
        var (ready, text) = ShardReadiness.Evaluate(replicas, _scheduler.SuspectPeers);
        return _scheduler.Failure is { } failure ? (false, $"not ready: the Raft loop failed: {failure.Message}\n") : (ready, text);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            do
            {
                await RefreshAsync().ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private async Task RefreshAsync()
    {
        var running = _unhealthy() is null;
        var ready = false;
        if (running)
        {
            // The status is read through the Raft loop: bounded, so a loop that stalls right now turns the
            // client API NOT_SERVING instead of freezing the last answer.
            try
            {
                (ready, _) = await ClientApiReadyAsync().WaitAsync(Period * 4, _stop.Token).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                ready = false;
            }
        }

        Set("", running);
        Set(EntityService.Descriptor.FullName, ready);
        Set(PeerService.Descriptor.FullName, running);
        Set(AdminService.Descriptor.FullName, running);
    }

    private void Set(string service, bool serving) => Service.SetStatus(service,
        serving ? HealthCheckResponse.Types.ServingStatus.Serving : HealthCheckResponse.Types.ServingStatus.NotServing);
}
