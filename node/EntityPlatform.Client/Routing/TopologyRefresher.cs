using EntityPlatform.Client.Diagnostics;
using EntityPlatform.Client.Transport;
using EntityPlatform.Grpc.Api.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Client.Routing;

/// <summary>
/// Keeps the <see cref="LeaderMap"/> fresh. A refresh asks the seeds and every known node for their
/// Topology at once and merges the answers (higher term wins). Failures ask for refreshes all the time, so
/// requests are coalesced: at most one refresh runs, and a new one starts at most once per
/// <c>TopologyRefreshMinInterval</c>; a request inside that interval is served by one delayed refresh.
/// </summary>
internal sealed class TopologyRefresher : IDisposable
{
    /// <summary>Nodes asked per refresh; a cluster larger than this is still learned, from the answers' node lists.</summary>
    private const int MaxTargets = 16;

    private readonly LeaderMap map;
    private readonly IEntityTransport transport;
    private readonly IReadOnlyList<Uri> seeds;
    private readonly EntityPlatformClientOptions options;
    private readonly TimeProvider time;
    private readonly ClientMetrics metrics;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private Task current = Task.CompletedTask;
    private long lastStartTimestamp = long.MinValue;
    private Task? periodic;

    private readonly Func<Uri, bool> isSuspect;

    /// <param name="isSuspect">Nodes a refresh leaves out while others remain: waiting for a silent node's Topology timeout would delay every answer.</param>
    public TopologyRefresher(LeaderMap map, IEntityTransport transport, IReadOnlyList<Uri> seeds, EntityPlatformClientOptions options,
        TimeProvider time, ClientMetrics metrics, ILogger logger, Func<Uri, bool>? isSuspect = null)
    {
        this.isSuspect = isSuspect ?? (_ => false);
        this.map = map;
        this.transport = transport;
        this.seeds = seeds;
        this.options = options;
        this.time = time;
        this.metrics = metrics;
        this.logger = logger;
    }

    /// <summary>How many refreshes actually ran (not requests): tests assert the coalescing with it.</summary>
    public int RefreshCount => Volatile.Read(ref refreshCount);

    private int refreshCount;

    public void StartPeriodic()
    {
        if (options.TopologyRefreshInterval > TimeSpan.Zero)
        {
            periodic = Task.Run(() => PeriodicLoopAsync(stopping.Token));
        }
    }

    /// <summary>Asks for a refresh; returns the refresh that will serve the request (callers may wait on it, or not).</summary>
    public Task Request(string reason)
    {
        lock (gate)
        {
            if (!current.IsCompleted || stopping.IsCancellationRequested)
            {
                return current;
            }

            var sinceLast = lastStartTimestamp == long.MinValue ? TimeSpan.MaxValue : time.GetElapsedTime(lastStartTimestamp);
            var wait = sinceLast >= options.TopologyRefreshMinInterval ? TimeSpan.Zero : options.TopologyRefreshMinInterval - sinceLast;
            lastStartTimestamp = time.GetTimestamp() + (long)(wait.TotalSeconds * time.TimestampFrequency);
            current = RunAsync(reason, wait);
            return current;
        }
    }

    /// <summary>
    /// The first call of a client waits for a map; later calls only wait when their entity type is still
    /// unknown. The wait is bounded by the call's remaining time; a call that still knows no shard count
    /// goes to any node, which routes it (or answers NOT_FOUND for a type the cluster does not host).
    /// </summary>
    public async Task EnsureKnownAsync(string entityType, TimeSpan remaining, CancellationToken cancellationToken)
    {
        for (var round = 0; round < 2 && map.ShardCount(entityType) is null && remaining > TimeSpan.Zero; round++)
        {
            try
            {
                await Request(round == 0 ? "first use" : "unknown entity type").WaitAsync(remaining, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return;
            }
        }
    }

    private async Task RunAsync(string reason, TimeSpan wait)
    {
        try
        {
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stopping.Token).ConfigureAwait(false);
            }

            await RefreshOnceAsync(reason).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task RefreshOnceAsync(string reason)
    {
        Interlocked.Increment(ref refreshCount);
        var all = seeds.Concat(map.Nodes().Select(node => node.Value)).Distinct().Take(MaxTargets).ToArray();
        var answering = all.Where(target => !isSuspect(target)).ToArray();
        var targets = answering.Length > 0 ? answering : all;
        var callOptions = new CallOptions(deadline: DateTime.UtcNow + options.TopologyTimeout, cancellationToken: stopping.Token);
        var calls = targets.Select(target => AskAsync(target, callOptions)).ToArray();
        var replies = (await Task.WhenAll(calls).ConfigureAwait(false)).OfType<TopologyReply>().ToArray();
        var changed = replies.Length > 0 ? map.Merge(replies) : 0;
        metrics.LeaderMapRefreshed(replies.Length > 0, changed);
        ClientLog.TopologyRefreshed(logger, reason, replies.Length, targets.Length, changed);
    }

    private async Task<TopologyReply?> AskAsync(Uri target, CallOptions callOptions)
    {
        try
        {
            return await transport.TopologyAsync(target, callOptions).ConfigureAwait(false);
        }
        catch (RpcException error)
        {
            ClientLog.TopologyFailed(logger, target, error.StatusCode, error.Status.Detail);
            return null;
        }
    }

    private async Task PeriodicLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.TopologyRefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await Request("periodic").ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        try
        {
            Task.WhenAll(current, periodic ?? Task.CompletedTask).Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }

        stopping.Dispose();
    }
}
