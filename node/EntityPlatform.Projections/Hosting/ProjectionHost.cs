using System.Diagnostics.Metrics;
using System.Threading.Channels;
using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Projections.Checkpoints;
using EntityPlatform.Projections.Diagnostics;
using EntityPlatform.Projections.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EntityPlatform.Projections.Hosting;

/// <summary>
/// Runs one <see cref="IProjection{TUnitOfWork}"/> over an at-least-once event stream with exactly-once
/// effects: every batch is applied and its checkpoints saved in ONE unit of work, repeats at or below a
/// checkpoint are dropped, and a stream that skips an offset is cut and resubscribed from the checkpoints.
/// A reader task fills a bounded buffer from the stream; this loop takes bounded batches from it.
/// </summary>
public sealed partial class ProjectionHost<TUnitOfWork> : IDisposable where TUnitOfWork : IUnitOfWork
{
    private readonly EventSource source;
    private readonly ICheckpointStore<TUnitOfWork> store;
    private readonly IProjection<TUnitOfWork> projection;
    private readonly ProjectionHostOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly ProjectionMetrics metrics;
    private static readonly TimeSpan ReaderStopTimeout = TimeSpan.FromSeconds(10);

    private ShardCheckpoints checkpoints = new(new Dictionary<uint, ulong>());
    private int running;

    public ProjectionHost(EventSource source, ICheckpointStore<TUnitOfWork> store, IProjection<TUnitOfWork> projection,
        ProjectionHostOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid ProjectionHostOptions: " + string.Join("; ", errors), nameof(options));
        }

        this.source = source;
        this.store = store;
        this.projection = projection;
        this.options = options;
        logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("EntityPlatform.Projections." + options.Name);
        time = timeProvider ?? TimeProvider.System;
        metrics = new ProjectionMetrics(options.Name, meterFactory);
    }

    /// <summary>The host's instruments (tests listen to this Meter alone).</summary>
    public Meter Meter => metrics.Meter;

    /// <summary>The checkpoints this host has committed so far (a copy).</summary>
    public IReadOnlyDictionary<uint, ulong> Checkpoints => checkpoints.Snapshot();

    /// <summary>
    /// Loads the checkpoints, then applies the stream until it ends (a finite source) or
    /// <paramref name="cancellationToken"/> fires, which throws <see cref="OperationCanceledException"/> and
    /// rolls back the batch in flight. Throws <see cref="ProjectionPoisonedException"/> (poison policy Stop)
    /// or <see cref="ProjectionSourceFailedException"/> when the stream keeps failing.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref running, 1) == 1)
        {
            throw new InvalidOperationException("RunAsync is already running on this host; one host applies one projection at a time");
        }

        try
        {
            await LoadAsync(cancellationToken).ConfigureAwait(false);
            var failuresInRow = 0;
            while (true)
            {
                var outcome = await RunSubscriptionAsync(cancellationToken).ConfigureAwait(false);
                if (outcome.Ended)
                {
                    return;
                }

                failuresInRow = outcome.Progressed ? 1 : failuresInRow + 1;
                await RecoverAsync(outcome.Error!, failuresInRow, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (cancellationToken.IsCancellationRequested && error is not OperationCanceledException)
        {
            // A store or stream call interrupted by the stop may fail with its own exception type; the caller
            // asked to stop, so it gets the cancellation (the batch in flight was rolled back either way).
            throw new OperationCanceledException($"projection {options.Name} stopped", error, cancellationToken);
        }
        finally
        {
            Volatile.Write(ref running, 0);
        }
    }

    public void Dispose() => metrics.Dispose();

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var loaded = await store.LoadCheckpointsAsync(cancellationToken).ConfigureAwait(false);
        checkpoints = new ShardCheckpoints(loaded, options.AcceptFirstOffsetAboveOne);
        ProjectionLog.Starting(logger, options.Name, string.Join(", ", loaded.OrderBy(p => p.Key).Select(p => $"{p.Key}:{p.Value}")));
    }

    /// <summary>After a failed stream or a checkpoint conflict: count it, wait, and (on a conflict) reload.</summary>
    private async Task RecoverAsync(Exception error, int failuresInRow, CancellationToken cancellationToken)
    {
        if (error is CheckpointConflictException)
        {
            metrics.Conflict();
            ProjectionLog.Conflict(logger, options.Name, error);
            await LoadAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        metrics.SourceFailed();
        if (error is EventGapException)
        {
            metrics.Gap();
        }

        if (failuresInRow > options.MaxConsecutiveSourceFailures || options.IsPermanentSourceError?.Invoke(error) == true)
        {
            throw new ProjectionSourceFailedException(failuresInRow, error);
        }

        var delay = options.RetryDelay(failuresInRow);
        ProjectionLog.SourceFailed(logger, options.Name, failuresInRow, (long)delay.TotalMilliseconds, error);
        await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One subscription: a reader task fills the bounded buffer, this loop applies batches from it.</summary>
    private async Task<SubscriptionOutcome> RunSubscriptionAsync(CancellationToken cancellationToken)
    {
        var buffer = Channel.CreateBounded<CommittedEvent>(new BoundedChannelOptions(options.BufferEvents)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Run(() => ReadStreamAsync(checkpoints.ResumeFrom(), buffer.Writer, stop.Token), CancellationToken.None);
        var progressed = false;
        try
        {
            var batch = new List<CommittedEvent>(options.MaxBatchEvents);
            while (await buffer.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                TakeBatch(buffer.Reader, batch);
                var gap = await ApplyBatchAsync(batch, cancellationToken).ConfigureAwait(false);
                progressed |= batch.Count > 0;
                if (gap is not null)
                {
                    return SubscriptionOutcome.Failed(gap, progressed);
                }
            }

            return SubscriptionOutcome.End;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested && error is not ProjectionPoisonedException and not InvariantViolationException)
        {
            // A stream error (rethrown by the buffer once its events are applied) or a checkpoint conflict.
            return SubscriptionOutcome.Failed(error, progressed);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await StopReaderAsync(reader).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for the cancelled reader, but not forever: a source that ignores cancellation is left behind (it
    /// can only block on the abandoned buffer, whose writes are cancelled too) rather than hanging the host.
    /// </summary>
    private async Task StopReaderAsync(Task reader)
    {
        try
        {
            await reader.WaitAsync(ReaderStopTimeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            ProjectionLog.ReaderAbandoned(logger, options.Name, (long)ReaderStopTimeout.TotalMilliseconds);
        }
    }

    /// <summary>Takes what the buffer holds now, up to the batch bounds, without waiting for more.</summary>
    private void TakeBatch(ChannelReader<CommittedEvent> reader, List<CommittedEvent> batch)
    {
        batch.Clear();
        long bytes = 0;
        while (batch.Count < options.MaxBatchEvents && (batch.Count == 0 || bytes < options.MaxBatchBytes)
            && reader.TryPeek(out var next)
            && (batch.Count == 0 || bytes + next.Payload.Length <= options.MaxBatchBytes)
            && reader.TryRead(out next))
        {
            batch.Add(next);
            bytes += next.Payload.Length;
        }
    }

    /// <summary>Copies the stream into the buffer; waits while it is full; completes it with the stream's error.</summary>
    private async Task ReadStreamAsync(IReadOnlyDictionary<uint, ulong> resumeFrom, ChannelWriter<CommittedEvent> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var @event in source(resumeFrom, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                Invariant.Assert(@event is not null, "an event source yields no null events");
                await writer.WriteAsync(@event, cancellationToken).ConfigureAwait(false);
            }

            writer.TryComplete();
        }
        catch (Exception error)
        {
            // Cancellation here only means the host stopped this subscription; the consumer ignores it.
            writer.TryComplete(error);
        }
    }

    private readonly record struct SubscriptionOutcome(bool Ended, Exception? Error, bool Progressed)
    {
        public static SubscriptionOutcome End => new(true, null, false);

        public static SubscriptionOutcome Failed(Exception error, bool progressed) => new(false, error, progressed);
    }
}
