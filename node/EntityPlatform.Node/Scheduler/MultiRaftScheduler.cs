using System.Collections.Concurrent;
using System.Diagnostics;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Node.Hosting;
using EntityPlatform.Node.Scheduler.Requests;
using EntityPlatform.Node.Transport;
using EntityPlatform.Storage.Engine;
using EntityPlatform.Storage.Snapshots;
using Microsoft.Extensions.Logging;

namespace EntityPlatform.Node.Scheduler;

/// <summary>
/// One loop that drives every shard replica on this node (ARCHITECTURE.md, contract 2). Each iteration:
/// take inputs (peer messages, client requests, admin work), tick the groups that are due, collect every
/// group's Ready, persist all of them with ONE storage commit, send the messages batched per peer node,
/// apply committed entries and answer clients, then Advance. Everything here runs on the loop's own
/// thread; other threads talk to it only through the bounded input queue.
/// The aspects live in partial files: Inputs, Ready, Commands, Reads, Replicas, Placement, Status.
/// </summary>
public sealed partial class MultiRaftScheduler : IRaftInbox, IAsyncDisposable
{
    private readonly SchedulerOptions options;
    private readonly ShardCatalog catalog;
    private readonly EntityTypeRegistry types;
    private readonly LogEngine engine;
    private readonly SnapshotStore snapshots;
    private readonly IPeerTransport transport;
    private readonly ILogger logger;
    private readonly Dictionary<ulong, ShardReplica> replicas = [];
    private readonly ConcurrentQueue<object> inputs = new();
    private readonly SemaphoreSlim wake = new(0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Thread loop;
    private readonly TickClock tickClock;
    private int inputCount;
    private ulong nextReadContext;

    public MultiRaftScheduler(
        SchedulerOptions options, ShardCatalog catalog, EntityTypeRegistry types, LogEngine engine,
        SnapshotStore snapshots, IPeerTransport transport, ILogger<MultiRaftScheduler> logger)
    {
        this.options = options;
        this.catalog = catalog;
        this.types = types;
        this.engine = engine;
        this.snapshots = snapshots;
        this.transport = transport;
        this.logger = logger;
        tickClock = new TickClock(options.Clock, options.TickInterval);
        EventLogs = new Events.ShardEventLogs(options.EventLogDirectory, options.EventLog, options.Clock);
        transport.PeerUnreachable += peer => Post(new PeerUnreachableInput(peer));
        transport.SnapshotSent += (peer, group, failed) => Post(new SnapshotSentInput(peer, group, failed));
        loop = new Thread(Run) { IsBackground = true, Name = $"raft-loop-{options.NodeId}" };
    }

    public ulong NodeId => options.NodeId;

    /// <summary>The node's injected clock, for the API handlers' deadlines as for the loop.</summary>
    public TimeProvider Clock => options.Clock;

    public ShardCatalog Catalog => catalog;

    /// <summary>Whether the test-only unsafe acknowledgement mode is on.</summary>
    public bool UnsafeAckBeforePersist => options.UnsafeAckBeforePersist;

    /// <summary>Starts the loop; <paramref name="placement"/> says which shard replicas this node hosts.</summary>
    public void Start(NodePlacement placement)
    {
        targetPlacement = placement;
        OpenReplicas(placement);
        loop.Start();
    }

    /// <summary>Set when the loop died on an unexpected error; the node must restart.</summary>
    public Exception? Failure { get; private set; }

    private readonly TaskCompletionSource<Exception> failed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the error when the loop dies; the host then ends the process (fail fast).</summary>
    public Task<Exception> Failed => failed.Task;

    /// <summary>The loop's heartbeat for the watchdog: when it last began an iteration, and since when a storage commit runs.</summary>
    public LoopProgress Progress => new(Volatile.Read(ref lastIterationTimestamp), Volatile.Read(ref commitStartedTimestamp));

    private long lastIterationTimestamp = Stopwatch.GetTimestamp();
    private long commitStartedTimestamp;

    private void Run()
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                Volatile.Write(ref lastIterationTimestamp, Stopwatch.GetTimestamp());
                var wait = tickClock.UntilNextTick();
                if (wait > TimeSpan.Zero)
                {
                    // Rounded up to whole milliseconds: the event's wait truncates, so a wait under 1 ms would
                    // return at once and the loop would spin until the tick. A tick up to 1 ms late is harmless.
                    wake.Wait((int)Math.Ceiling(wait.TotalMilliseconds));
                }

                GatherUnderLoad();
                DrainInputs();
                CatchUpTicks();
                if (tickClock.TicksTaken != ticksHousekept)
                {
                    TickHousekeeping(DateTime.UtcNow);
                }

                DecideQueuedCommands();
                ProcessReadies();
            }
        }
        catch (Exception error) when (!stopping.IsCancellationRequested)
        {
            Failure = error;
            LogMessages.LoopFailed(logger, error);
            failed.TrySetResult(error);
            FailAllWaiters(RequestResult.Fail(RequestStatus.Internal, $"node {NodeId} stopped: {error.Message}"));
        }
    }

    // Membership and leadership upkeep runs every this many ticks, not every tick: it scans every replica.
    private const int UpkeepEveryTicks = 10;

    // The node tick count up to which the per-tick housekeeping (deadlines, upkeep) has run.
    private long ticksHousekept;

    // Under load, one persist-and-send cycle per arriving request would spend the loop on per-cycle costs
    // (a storage commit, a frame per peer) instead of amortizing them. When the last iteration took more
    // than one input, the loop waits briefly for more to arrive, so each cycle carries a batch. An idle
    // node (one request at a time) never waits.
    private static readonly TimeSpan MaxGatherDelay = TimeSpan.FromMilliseconds(1);
    private const int GatherEnoughInputs = 64;
    private int inputsLastIteration;

    private void GatherUnderLoad()
    {
        if (inputsLastIteration <= 1)
        {
            return;
        }

        var deadline = DateTime.UtcNow + MaxGatherDelay;
        while (Volatile.Read(ref inputCount) < GatherEnoughInputs && DateTime.UtcNow < deadline)
        {
            Thread.Yield();
        }
    }

    /// <summary>
    /// Ticks every awake replica once, telling it how many tick intervals passed on the monotonic clock since
    /// the last catch-up (more than one after a stall). Runs once per loop iteration, and also right before a
    /// lease or bounded-staleness decision, so that decision never goes by a clock that lags real time.
    /// </summary>
    private void CatchUpTicks()
    {
        var elapsed = tickClock.TakeElapsedTicks();
        if (elapsed == 0)
        {
            return;
        }

        var elapsedTicks = (int)Math.Min(elapsed, int.MaxValue);
        foreach (var replica in replicas.Values)
        {
            if (!replica.Raft.IsQuiesced)
            {
                TickOrFault(replica, elapsedTicks);
            }
        }
    }

    /// <summary>Work due once per tick, however many ticks passed: deadlines, and every few ticks the upkeep scans.</summary>
    private void TickHousekeeping(DateTime now)
    {
        var previous = ticksHousekept;
        ticksHousekept = tickClock.TicksTaken;
        ExpireDeadlines(now);
        LivenessTick();
        EventLogUpkeep();
        ticksSinceDeferredFlush = (int)Math.Min(int.MaxValue, ticksSinceDeferredFlush + (ticksHousekept - previous));
        if (ticksHousekept / UpkeepEveryTicks != previous / UpkeepEveryTicks)
        {
            active.UnionWith(replicas.Values);
            ReconcileMembership(now);
            CollectRemovedReplicas();
            MaybeReportRejoinFinished();
        }
    }

    public async ValueTask DisposeAsync()
    {
        stopping.Cancel();
        wake.Release();
        if (loop.IsAlive)
        {
            await Task.Run(() => loop.Join(TimeSpan.FromSeconds(10)));
        }

        FailAllWaiters(RequestResult.Fail(RequestStatus.NotLeader, $"node {NodeId} is shutting down"));
        if (!loop.IsAlive)
        {
            EventLogs.Dispose();
        }
    }
}
