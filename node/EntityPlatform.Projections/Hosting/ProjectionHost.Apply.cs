using EntityPlatform.Grpc.Api.V1;
using EntityPlatform.Projections.Checkpoints;
using EntityPlatform.Projections.Diagnostics;

namespace EntityPlatform.Projections.Hosting;

/// <summary>Applying one batch: plan (drop repeats, stop at a gap), commit with bounded retries, isolate poison.</summary>
public sealed partial class ProjectionHost<TUnitOfWork>
{
    /// <summary>Applies the new events of <paramref name="batch"/>; returns the gap that cut it, if any.</summary>
    private async Task<EventGapException?> ApplyBatchAsync(IReadOnlyList<CommittedEvent> batch, CancellationToken cancellationToken)
    {
        var plan = checkpoints.Plan(batch);
        metrics.Duplicates(plan.DuplicateCount);
        if (plan.Events.Count > 0)
        {
            var lastError = await TryCommitAsync(plan.Events, plan.Advances, cancellationToken).ConfigureAwait(false);
            if (lastError is null)
            {
                checkpoints.Commit(plan.Advances);
                metrics.Committed(plan.Events.Count);
            }
            else
            {
                await IsolatePoisonAsync(plan.Events, lastError, cancellationToken).ConfigureAwait(false);
            }
        }

        return plan.Gap;
    }

    /// <summary>
    /// A batch failed every try: apply its events one at a time, so only the event that fails alone is
    /// poison, and the events before it keep their effects.
    /// </summary>
    private async Task IsolatePoisonAsync(IReadOnlyList<CommittedEvent> events, Exception batchError, CancellationToken cancellationToken)
    {
        if (events.Count > 1)
        {
            ProjectionLog.Isolating(logger, options.Name, events.Count);
        }

        foreach (var @event in events)
        {
            var advance = new[] { checkpoints.AdvanceFor(@event) };
            var lastError = events.Count == 1
                ? batchError
                : await TryCommitAsync([@event], advance, cancellationToken).ConfigureAwait(false);
            if (lastError is null)
            {
                checkpoints.Commit(advance);
                metrics.Committed(1);
                continue;
            }

            await HandlePoisonAsync(@event, advance, lastError, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HandlePoisonAsync(CommittedEvent poison, CheckpointAdvance[] advance, Exception error, CancellationToken cancellationToken)
    {
        if (options.PoisonPolicy == PoisonPolicy.Stop)
        {
            ProjectionLog.Poisoned(logger, options.Name, poison.ShardId, poison.Offset, poison.EntityId, error);
            throw new ProjectionPoisonedException(poison, options.MaxAttempts, error);
        }

        var recordError = await TryWithRetriesAsync(1, async unit =>
        {
            await unit.SaveCheckpointsAsync(advance, cancellationToken).ConfigureAwait(false);
            await unit.RecordDeadLetterAsync(poison, error.ToString(), cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        if (recordError is not null)
        {
            // The dead letter itself cannot be stored: stopping is the only way not to lose the event.
            throw new ProjectionPoisonedException(poison, options.MaxAttempts, recordError);
        }

        checkpoints.Commit(advance);
        metrics.DeadLettered();
        ProjectionLog.DeadLettered(logger, options.Name, poison.ShardId, poison.Offset, poison.EntityId, error);
    }

    /// <summary>Applies events and advances in one unit of work, with bounded retries; returns the last error, or null.</summary>
    private Task<Exception?> TryCommitAsync(IReadOnlyList<CommittedEvent> events, IReadOnlyList<CheckpointAdvance> advances, CancellationToken cancellationToken)
        => TryWithRetriesAsync(events.Count, async unit =>
        {
            // Checkpoints first: a conflict (another host got there, or a lost commit answer) fails fast,
            // and the row lock it takes serializes two hosts of one projection.
            await unit.SaveCheckpointsAsync(advances, cancellationToken).ConfigureAwait(false);
            await projection.HandleAsync(unit, events, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a fresh unit of work and commits, up to MaxAttempts times. A unit that
    /// is not committed is disposed, which rolls it back. Cancellation and checkpoint conflicts are thrown,
    /// not retried: a conflict means the stored checkpoints are ahead of this host.
    /// </summary>
    private async Task<Exception?> TryWithRetriesAsync(int eventCount, Func<TUnitOfWork, Task> work, CancellationToken cancellationToken)
    {
        Exception? lastError = null;
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            try
            {
                var unit = await store.BeginAsync(cancellationToken).ConfigureAwait(false);
                await using (unit.ConfigureAwait(false))
                {
                    await work(unit).ConfigureAwait(false);
                    await unit.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                return null;
            }
            catch (Exception error) when (error is not CheckpointConflictException and not InvariantViolationException
                && !cancellationToken.IsCancellationRequested)
            {
                lastError = error;
                metrics.BatchFailed();
                if (attempt == options.MaxAttempts)
                {
                    break;
                }

                var delay = options.RetryDelay(attempt);
                ProjectionLog.BatchFailed(logger, options.Name, eventCount, attempt, options.MaxAttempts, (long)delay.TotalMilliseconds, error);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }

        return lastError;
    }
}
