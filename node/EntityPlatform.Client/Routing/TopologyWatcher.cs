using EntityPlatform.Client.Diagnostics;
using EntityPlatform.Client.Transport;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Client.Routing;

/// <summary>
/// Keeps a WatchTopology stream open to up to <c>TopologyWatchNodes</c> nodes (the map's nodes by id, once the
/// first refresh has taught it some) and folds every answer into the <see cref="LeaderMap"/>, whose leader-change
/// signal re-routes calls in flight (issue 19). A paused leader answers nothing, but the other watched nodes
/// report the new leader as soon as they see it, so the client learns it without a timed-out attempt of its own.
/// A stream that ends, fails or stays silent past twice the node's keep-alive is reopened after a jittered pause.
/// </summary>
internal sealed class TopologyWatcher : IDisposable
{
    /// <summary>How often the watcher checks which nodes it should watch (new nodes, ended streams).</summary>
    public static readonly TimeSpan SuperviseInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>A stream silent this long is dead (a paused or cut-off node): the node sends a keep-alive every 5 s.</summary>
    public static readonly TimeSpan SilenceLimit = TimeSpan.FromSeconds(10);

    /// <summary>The longest pause before reopening a stream that ended (uniform in [0.5, 1] of it).</summary>
    public static readonly TimeSpan ReopenDelayMax = TimeSpan.FromMilliseconds(500);

    private readonly LeaderMap map;
    private readonly IEntityTransport transport;
    private readonly int maxNodes;
    private readonly TimeProvider time;
    private readonly ClientMetrics metrics;
    private readonly ILogger logger;
    private readonly Func<double> uniform;
    private readonly CancellationTokenSource stopping = new();
    private readonly Dictionary<Uri, Task> watches = [];
    private Task? supervisor;
    private int answers;

    public TopologyWatcher(LeaderMap map, IEntityTransport transport, int maxNodes, TimeProvider time,
        ClientMetrics metrics, ILogger logger, Func<double> uniform)
    {
        this.map = map;
        this.transport = transport;
        this.maxNodes = maxNodes;
        this.time = time;
        this.metrics = metrics;
        this.logger = logger;
        this.uniform = uniform;
    }

    /// <summary>Watch answers folded in so far (tests wait on it).</summary>
    public int Answers => Volatile.Read(ref answers);

    /// <summary>The nodes watched right now.</summary>
    public IReadOnlyList<Uri> Watched
    {
        get
        {
            lock (watches)
            {
                return watches.Keys.ToArray();
            }
        }
    }

    public void Start()
    {
        if (maxNodes > 0)
        {
            supervisor = Task.Run(() => SuperviseAsync(stopping.Token));
        }
    }

    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                EnsureWatches(cancellationToken);
                await Task.Delay(SuperviseInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void EnsureWatches(CancellationToken cancellationToken)
    {
        // Only nodes the map knows, so watches start after the first refresh: opened at the same moment as the
        // client's first Topology calls, they would compete with them on a loaded machine (the first refresh
        // has a 1 s timeout), and a seed may be a Service address that reaches a different pod each time.
        var wanted = map.Nodes().Select(node => node.Value).Distinct().Take(maxNodes).ToArray();
        lock (watches)
        {
            foreach (var ended in watches.Where(pair => pair.Value.IsCompleted).Select(pair => pair.Key).ToArray())
            {
                watches.Remove(ended);
            }

            foreach (var target in wanted.Where(target => !watches.ContainsKey(target)).Take(maxNodes - watches.Count))
            {
                watches[target] = Task.Run(() => WatchAsync(target, cancellationToken), CancellationToken.None);
            }
        }
    }

    private async Task WatchAsync(Uri target, CancellationToken cancellationToken)
    {
        // Created with the injected clock, so CancelAfter re-arms on it.
        using var silence = new CancellationTokenSource(SilenceLimit, time);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, silence.Token);
        var received = 0;
        var why = "the node ended the stream";
        try
        {
            await foreach (var reply in transport.WatchTopologyAsync(target, new CallOptions(cancellationToken: ending.Token)).ConfigureAwait(false))
            {
                silence.CancelAfter(SilenceLimit);
                received++;
                Interlocked.Increment(ref answers);
                var changed = map.MergeWatched(reply);
                if (changed > 0)
                {
                    for (var i = 0; i < changed; i++)
                    {
                        metrics.LeaderChanged("watch");
                    }

                    ClientLog.WatchChanged(logger, target, changed);
                }
            }
        }
        catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
        {
            why = silence.IsCancellationRequested ? $"silent for {SilenceLimit.TotalSeconds:0} s" : $"{error.StatusCode} {error.Status.Detail}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            why = $"silent for {SilenceLimit.TotalSeconds:0} s";
        }
        catch (Exception error) when (error is OperationCanceledException or RpcException && cancellationToken.IsCancellationRequested)
        {
            // The client is being disposed.
            return;
        }

        ClientLog.WatchEnded(logger, target, received, why);
        // A node that is down refuses at once: pause before the supervisor reopens the stream, jittered so that
        // many clients of a restarted node do not reconnect in step.
        try
        {
            await Task.Delay(ReopenDelayMax * (0.5 + uniform() / 2), time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        Task[] running;
        lock (watches)
        {
            running = watches.Values.Append(supervisor ?? Task.CompletedTask).ToArray();
        }

        try
        {
            Task.WaitAll(running, TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }

        stopping.Dispose();
    }
}
